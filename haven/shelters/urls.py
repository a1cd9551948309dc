"""Web routes of the shelters app."""

from django.urls import path

from haven.shelters.views import admissions, capacity, facilities, safety, stays, waitlist

app_name = "shelters"

urlpatterns = [
    path("shelters/", facilities.ShelterListView.as_view(), name="list"),
    path("shelters/new/", facilities.ShelterCreateView.as_view(), name="create"),
    path("shelters/<uuid:pk>/", facilities.ShelterDetailView.as_view(), name="detail"),
    path("shelters/<uuid:pk>/edit/", facilities.ShelterEditView.as_view(), name="edit"),
    path("shelters/<uuid:pk>/rooms/new/", facilities.RoomView.as_view(), name="room_create"),
    path("shelters/rooms/<uuid:room>/", facilities.RoomView.as_view(), name="room_edit"),
    path("shelters/rooms/<uuid:room>/beds/new/", facilities.BedView.as_view(), name="bed_create"),
    path("shelters/beds/<uuid:bed>/", facilities.BedView.as_view(), name="bed_edit"),
    path("shelters/<uuid:pk>/admit/", admissions.AdmitView.as_view(), name="admit"),
    path("shelters/referrals/", admissions.ReferralsWaitingView.as_view(), name="referrals"),
    path(
        "shelters/referrals/<uuid:referral>/admit/",
        admissions.ReferralAdmitView.as_view(),
        name="admit_referral",
    ),
    path("shelters/stays/", stays.StayListView.as_view(), name="stay_list"),
    path("shelters/stays/<uuid:pk>/", stays.StayDetailView.as_view(), name="stay_detail"),
    path("shelters/stays/<uuid:pk>/edit/", stays.StayEditView.as_view(), name="stay_edit"),
    path("shelters/stays/<uuid:pk>/exit/", stays.StayExitView.as_view(), name="stay_exit"),
    path(
        "shelters/stays/<uuid:pk>/services/new/",
        stays.StayServiceView.as_view(),
        name="stay_service",
    ),
    path(
        "shelters/stays/<uuid:pk>/movements/new/",
        stays.MovementView.as_view(),
        name="stay_movement",
    ),
    path("shelters/stays/<uuid:pk>/link/", stays.StayLinkView.as_view(), name="stay_link"),
    path(
        "shelters/stays/<uuid:pk>/cancel/",
        admissions.CancelReservationView.as_view(),
        name="stay_cancel",
    ),
    path("shelters/incidents/", safety.IncidentListView.as_view(), name="incident_list"),
    path(
        "shelters/<uuid:pk>/incidents/new/",
        safety.IncidentCreateView.as_view(),
        name="incident_create",
    ),
    path(
        "shelters/incidents/<uuid:pk>/",
        safety.IncidentDetailView.as_view(),
        name="incident_detail",
    ),
    path("shelters/follow-ups/", safety.FollowUpListView.as_view(), name="follow_up_list"),
    path(
        "shelters/follow-ups/<uuid:pk>/done/",
        safety.FollowUpDoneView.as_view(),
        name="follow_up_done",
    ),
    path("shelters/<uuid:pk>/waitlist/", waitlist.WaitlistView.as_view(), name="waitlist"),
    path(
        "shelters/<uuid:pk>/waitlist/new/",
        waitlist.WaitlistAddView.as_view(),
        name="waitlist_add",
    ),
    path(
        "shelters/<uuid:pk>/waitlist/offer/",
        waitlist.WaitlistOfferView.as_view(),
        name="waitlist_offer",
    ),
    path(
        "shelters/waitlist/<uuid:pk>/withdraw/",
        waitlist.WaitlistWithdrawView.as_view(),
        name="waitlist_withdraw",
    ),
    path("shelter-capacity/", capacity.CapacityView.as_view(), name="capacity"),
    path("shelter-capacity/export/", capacity.CapacityExportView.as_view(), name="capacity_export"),
]
