"""Web routes of the exchange app."""

from django.urls import URLPattern, path  # noqa: F401

app_name = "exchange"

urlpatterns: list[URLPattern] = []
