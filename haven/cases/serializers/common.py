"""Pieces shared by the cases API serializers: references to users and organisations,
country codes, and dates that cannot lie in the future."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from rest_framework import serializers

from haven.accounts import policy
from haven.accounts.models import User
from haven.accounts.roles import Cap

MAX_TEXT = 20_000


def not_in_future(value: datetime.date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise serializers.ValidationError(_("The date cannot be in the future."))


def country_field(**kwargs: Any) -> serializers.ChoiceField:
    """An ISO 3166-1 alpha-2 code ("" for none)."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", True)
    return serializers.ChoiceField(choices=list(countries), **kwargs)


def codes(choices: Any, **kwargs: Any) -> serializers.ListField:
    """Several codes of an HTCDS picklist."""
    kwargs.setdefault("required", False)
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices), max_length=len(choices), **kwargs
    )


def text(max_length: int = MAX_TEXT, **kwargs: Any) -> serializers.CharField:
    """Optional free text ("" for none)."""
    kwargs.setdefault("required", False)
    return serializers.CharField(max_length=max_length, allow_blank=True, **kwargs)


def past_date(**kwargs: Any) -> serializers.DateField:
    """An optional date, not in the future."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_null", True)
    return serializers.DateField(validators=[not_in_future], **kwargs)


class CaseUserRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    username = serializers.CharField(read_only=True)
    full_name = serializers.CharField(read_only=True)


class CaseOrganisationRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)


class CaseRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    reference = serializers.CharField(read_only=True)


def case_worker(pk: Any, organisation: Any) -> Any:
    """The active user ``pk`` if they may work on cases of ``organisation`` (owners of cases
    and tasks); the same error whether the user does not exist or may not."""
    if pk is None:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not policy.can(user, Cap.CASE_EDIT, organisation):
        raise serializers.ValidationError(
            _("Choose someone who works on cases in this organisation.")
        )
    return user
