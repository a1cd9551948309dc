"""``/api/v1/`` routes of the shelters app (names live in the ``api`` namespace)."""

from django.urls import path

from haven.shelters.apis import care, facilities, stays

urlpatterns = [
    path("v1/shelters/", facilities.ShelterListView.as_view(), name="shelter_list"),
    path("v1/shelters/capacity", facilities.CapacityView.as_view(), name="shelter_capacity"),
    path(
        "v1/shelters/referrals",
        stays.AdmissibleReferralsView.as_view(),
        name="shelter_referrals",
    ),
    path("v1/shelters/<uuid:pk>/", facilities.ShelterDetailView.as_view(), name="shelter_detail"),
    path("v1/shelters/<uuid:pk>/board", facilities.BoardView.as_view(), name="shelter_board"),
    path("v1/shelters/<uuid:pk>/rooms", facilities.RoomListView.as_view(), name="shelter_rooms"),
    path(
        "v1/shelters/<uuid:pk>/bed-suggestions",
        facilities.SuggestionsView.as_view(),
        name="shelter_bed_suggestions",
    ),
    path("v1/shelters/<uuid:pk>/waitlist", care.WaitlistView.as_view(), name="shelter_waitlist"),
    path(
        "v1/shelters/<uuid:pk>/waitlist/offer",
        care.WaitlistOfferView.as_view(),
        name="shelter_waitlist_offer",
    ),
    path(
        "v1/shelters/rooms/<uuid:pk>",
        facilities.RoomDetailView.as_view(),
        name="shelter_room_detail",
    ),
    path(
        "v1/shelters/rooms/<uuid:pk>/beds",
        facilities.RoomBedsView.as_view(),
        name="shelter_room_beds",
    ),
    path(
        "v1/shelters/beds/<uuid:pk>", facilities.BedDetailView.as_view(), name="shelter_bed_detail"
    ),
    path(
        "v1/shelters/waitlist/<uuid:pk>/withdraw",
        care.WaitlistWithdrawView.as_view(),
        name="shelter_waitlist_withdraw",
    ),
    path("v1/stays/", stays.StayListView.as_view(), name="stay_list"),
    path("v1/stays/<uuid:pk>/", stays.StayDetailView.as_view(), name="stay_detail"),
    path("v1/stays/<uuid:pk>/exit", stays.StayExitView.as_view(), name="stay_exit"),
    path("v1/stays/<uuid:pk>/cancel", stays.StayCancelView.as_view(), name="stay_cancel"),
    path("v1/stays/<uuid:pk>/link", stays.StayLinkView.as_view(), name="stay_link"),
    path("v1/stays/<uuid:pk>/services", stays.StayServicesView.as_view(), name="stay_services"),
    path("v1/stays/<uuid:pk>/movements", stays.StayMovementsView.as_view(), name="stay_movements"),
    path("v1/incidents/", care.IncidentListView.as_view(), name="shelter_incident_list"),
    path(
        "v1/incidents/<uuid:pk>/", care.IncidentDetailView.as_view(), name="shelter_incident_detail"
    ),
    path(
        "v1/incidents/<uuid:pk>/actions",
        care.IncidentActionsView.as_view(),
        name="shelter_incident_actions",
    ),
    path("v1/follow-ups/", care.FollowUpListView.as_view(), name="shelter_follow_up_list"),
    path(
        "v1/follow-ups/<uuid:pk>/done",
        care.FollowUpDoneView.as_view(),
        name="shelter_follow_up_done",
    ),
]
