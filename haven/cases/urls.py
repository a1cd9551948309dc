from django.urls import path

from haven.cases.views import detail, edit, erasure, htcds, lists, register, settings

app_name = "cases"

urlpatterns = [
    path("cases/", lists.CaseListView.as_view(), name="list"),
    path("cases/register/", register.RegisterView.as_view(), name="register"),
    path("cases/export/", htcds.ExportView.as_view(), name="export"),
    path("cases/import/", htcds.ImportView.as_view(), name="import"),
    path("cases/<uuid:pk>/", detail.CaseDetailView.as_view(), name="detail"),
    path("cases/<uuid:pk>/edit/", edit.CaseEditView.as_view(), name="edit"),
    path("cases/<uuid:pk>/person/", edit.PersonEditView.as_view(), name="person_edit"),
    path("cases/<uuid:pk>/stage/", edit.TransitionView.as_view(), name="transition"),
    path("cases/<uuid:pk>/consent/", edit.ConsentView.as_view(), name="consent"),
    path("cases/<uuid:pk>/add/<slug:kind>/", edit.ItemAddView.as_view(), name="add_item"),
    path("cases/<uuid:pk>/notes/new/", edit.NoteAddView.as_view(), name="note_add"),
    path("cases/<uuid:pk>/erase/", erasure.PersonEraseView.as_view(), name="person_erase"),
    path("cases/<uuid:pk>/documents/new/", edit.DocumentAddView.as_view(), name="document_add"),
    path(
        "cases/<uuid:pk>/documents/<uuid:document>/",
        edit.DocumentDownloadView.as_view(),
        name="document",
    ),
    path("cases/<uuid:pk>/tasks/<uuid:task>/done/", edit.TaskDoneView.as_view(), name="task_done"),
    path("tasks/", lists.MyTasksView.as_view(), name="my_tasks"),
    path("settings/countries/", settings.CountrySettingsView.as_view(), name="country_settings"),
    path("settings/retention/", erasure.RetentionView.as_view(), name="retention"),
]
