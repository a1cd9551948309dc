"""Web routes of the stats app."""

from django.urls import URLPattern, path

from haven.stats.views import dashboard, exports, global_data, reports

app_name = "stats"

urlpatterns: list[URLPattern] = [
    path("stats/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("stats/charts/<slug:key>.svg", dashboard.ChartView.as_view(fmt="svg"), name="chart_svg"),
    path("stats/charts/<slug:key>.csv", dashboard.ChartView.as_view(fmt="csv"), name="chart_csv"),
    path("stats/exports/", exports.ExportView.as_view(), name="export"),
    path("stats/exports/<uuid:pk>/", exports.ExportDetailView.as_view(), name="export_detail"),
    path(
        "stats/exports/<uuid:pk>/download",
        exports.ExportDownloadView.as_view(),
        name="export_download",
    ),
    path("stats/reports/", reports.ReportListView.as_view(), name="reports"),
    path("stats/reports/<uuid:pk>/", reports.ReportDetailView.as_view(), name="report_detail"),
    path(
        "stats/reports/<uuid:pk>/progress",
        reports.ReportProgressView.as_view(),
        name="report_progress",
    ),
    path(
        "stats/reports/<uuid:pk>/<slug:kind>", reports.ReportFileView.as_view(), name="report_file"
    ),
    path("stats/global/", global_data.DatasetListView.as_view(), name="global"),
    path("stats/global/<uuid:pk>/", global_data.DatasetDetailView.as_view(), name="global_detail"),
    path(
        "stats/global/<uuid:pk>/delete",
        global_data.DatasetDeleteView.as_view(),
        name="global_delete",
    ),
]
