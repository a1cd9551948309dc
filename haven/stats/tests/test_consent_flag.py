"""``Case.statistics_consent`` follows the newest statistics decision: written by
``consent_record`` and back-filled by the migration that added it."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from haven.accounts.roles import Role
from haven.cases import services as case_services
from haven.cases.models import Case, Purpose
from haven.stats.tests.factories import record_consent, stats_case

pytestmark = pytest.mark.django_db


def test_flag_follows_each_statistics_decision(world):
    case = stats_case(world, consent=None)
    assert not Case.objects.get(pk=case.pk).statistics_consent
    for given in (True, False, True, False):
        record_consent(world, case, given=given)
        assert Case.objects.get(pk=case.pk).statistics_consent is given
        assert case.statistics_consent is given  # the caller's instance too


def test_other_purposes_leave_the_flag_alone(world):
    case = stats_case(world, consent=True)
    for purpose in (Purpose.ASSISTANCE, Purpose.SHARE_DOMESTIC, Purpose.PHOTOS):
        case_services.consent_record(
            actor=world.user(Role.CASEWORKER),
            case=case,
            purpose=purpose,
            given=False,
            method="written",
            language="en",
        )
    assert Case.objects.get(pk=case.pk).statistics_consent


def test_migration_backfills_from_the_newest_decision(world):
    given = stats_case(world, consent=True)
    withdrawn = stats_case(world, consent=False)
    never = stats_case(world, consent=None)
    regiven = stats_case(world, consent=False)
    record_consent(world, regiven, given=True)
    Case.objects.update(statistics_consent=False)
    Case.objects.filter(pk=withdrawn.pk).update(statistics_consent=True)

    migration = importlib.import_module("haven.cases.migrations.0004_statistics_consent")
    migration.backfill(apps, None)

    flags = dict(Case.objects.values_list("pk", "statistics_consent"))
    assert flags == {given.pk: True, withdrawn.pk: False, never.pk: False, regiven.pk: True}
