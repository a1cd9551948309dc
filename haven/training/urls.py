"""Web routes of the training app."""

from django.urls import URLPattern, path  # noqa: F401

app_name = "training"

urlpatterns: list[URLPattern] = []
