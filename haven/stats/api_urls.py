"""``/api/v1/`` routes of the stats app (names live in the ``api`` namespace)."""

from django.urls import URLPattern, path

from haven.stats import apis

urlpatterns: list[URLPattern] = [
    path("v1/stats/", apis.StatsOverviewView.as_view(), name="stats_overview"),
    path("v1/stats/sections/<slug:key>", apis.StatsSectionView.as_view(), name="stats_section"),
]
