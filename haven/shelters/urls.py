"""Web routes of the shelters app."""

from django.urls import URLPattern, path  # noqa: F401

app_name = "shelters"

urlpatterns: list[URLPattern] = []
