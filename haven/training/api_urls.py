"""``/api/v1/`` routes of the training app (names live in the ``api`` namespace)."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
