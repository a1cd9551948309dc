"""``/api/v1/`` routes of the exchange app (names live in the ``api`` namespace)."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
