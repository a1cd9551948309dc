"""The demo gives the dashboard real content, idempotently, and its export is k-anonymous;
the person who declined statistics is never counted."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from haven.accounts import demo as accounts_demo
from haven.accounts.models import User
from haven.cases import demo as cases_demo
from haven.cases.models import Case, Purpose
from haven.cases.services.consent import consent_in_force
from haven.stats import demo, sections, selectors
from haven.stats.anonymise import DEFAULT_QUASI_IDENTIFIERS
from haven.stats.services.export import ctdc_file

pytestmark = pytest.mark.django_db


def test_demo_content_and_export():
    accounts_demo.load(io.StringIO())
    cases_demo.load(io.StringIO())
    demo.load(io.StringIO())
    counted = Case.objects.filter(statistics_consent=True).count()
    demo.load(io.StringIO())
    assert Case.objects.filter(statistics_consent=True).count() == counted
    for case in Case.objects.all():  # the kept flag agrees with the decisions themselves
        assert case.statistics_consent == consent_in_force(case, Purpose.STATISTICS)
    assert counted >= 2 * demo.COHORT

    declined = [c for c in Case.objects.all() if c.person.family_name == demo.DECLINES]
    assert declined
    assert not consent_in_force(declined[0], Purpose.STATISTICS)

    analyst = User.objects.get(username="analyst")
    ctx = sections.Context(actor=analyst, filters=selectors.Filters(), k=5)
    charts = {c.key: c for c in sections.build(ctx)}
    shown = [c for r in charts["exploitation"].rows for c in r.cells if c.value]
    assert shown  # numbers above the threshold, not only "< 5"

    result = ctdc_file(actor=None, k=11, everything=True)
    table = pd.read_csv(io.BytesIO(result.content), dtype=str, keep_default_na=False)
    assert result.report["records_in"] == counted
    if len(table):
        assert table[list(DEFAULT_QUASI_IDENTIFIERS)].value_counts().min() >= 11
