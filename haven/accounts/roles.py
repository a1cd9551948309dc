"""Roles and the capabilities each grants: the one table of who may do what.

``Reach.ORG`` means within the organisations where the user holds the role; ``Reach.ALL`` means
across every organisation (system administration). ``accounts.policy`` is the only reader.
"""

from __future__ import annotations

import enum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SCREENER = "screener", _("Screener (frontline)")
    CASEWORKER = "caseworker", _("Caseworker")
    SHELTER_MANAGER = "shelter_manager", _("Shelter manager")
    COORDINATOR = "coordinator", _("Coordinator (national referral focal point)")
    ANALYST = "analyst", _("Analyst (aggregates only)")
    TRAINER = "trainer", _("Trainer")
    TRAINEE = "trainee", _("Trainee")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    SYSADMIN = "sysadmin", _("System administrator")


class Cap(enum.StrEnum):
    """Capabilities. Later apps check these; their meaning is in DESIGN.md section 6."""

    SCREENING_RUN = "screening.run"
    CASE_REGISTER = "cases.register"
    CASE_READ = "cases.read"
    CASE_READ_SCREENED = "cases.read_screened"
    CASE_EDIT = "cases.edit"
    CASE_TRANSITION = "cases.transition"
    CASE_EXPORT_HTCDS = "cases.export_htcds"
    REFERRAL_SEND = "referrals.send"
    REFERRAL_ANSWER = "referrals.answer"
    STAY_READ = "shelters.read_stays"
    SHELTER_MANAGE = "shelters.manage"
    SHELTER_CAPACITY = "shelters.capacity"
    EXCHANGE_REFER = "exchange.refer"
    EXCHANGE_PARTNERS = "exchange.partners"
    STATS_DASHBOARD = "stats.dashboard"
    STATS_EXPORT = "stats.export_anonymised"
    TRAINING_MANAGE = "training.manage"
    TRAINING_EXERCISE = "training.exercise"
    USERS_MANAGE = "accounts.manage_users"
    AUDIT_READ = "audit.read"
    ORGS_MANAGE = "accounts.manage_organisations"


class Reach(enum.Enum):
    ORG = "org"
    ALL = "all"


ORG, ALL = Reach.ORG, Reach.ALL

MATRIX: dict[Role, dict[Cap, Reach]] = {
    Role.SCREENER: {
        Cap.SCREENING_RUN: ORG,
        Cap.CASE_REGISTER: ORG,
        Cap.CASE_READ_SCREENED: ORG,
    },
    Role.CASEWORKER: {
        Cap.SCREENING_RUN: ORG,
        Cap.CASE_REGISTER: ORG,
        Cap.CASE_READ: ORG,
        Cap.CASE_EDIT: ORG,
        Cap.CASE_TRANSITION: ORG,
        Cap.CASE_EXPORT_HTCDS: ORG,
        Cap.REFERRAL_SEND: ORG,
        Cap.REFERRAL_ANSWER: ORG,
        Cap.STATS_DASHBOARD: ORG,
        Cap.STATS_EXPORT: ORG,
    },
    Role.SHELTER_MANAGER: {
        Cap.STAY_READ: ORG,
        Cap.REFERRAL_ANSWER: ORG,
        Cap.SHELTER_MANAGE: ORG,
        Cap.STATS_DASHBOARD: ORG,
    },
    Role.COORDINATOR: {
        Cap.SCREENING_RUN: ORG,
        Cap.CASE_REGISTER: ORG,
        Cap.CASE_READ: ORG,
        Cap.CASE_EDIT: ORG,
        Cap.CASE_TRANSITION: ORG,
        Cap.CASE_EXPORT_HTCDS: ORG,
        Cap.REFERRAL_SEND: ORG,
        Cap.REFERRAL_ANSWER: ORG,
        Cap.SHELTER_CAPACITY: ORG,
        Cap.EXCHANGE_REFER: ORG,
        Cap.STATS_DASHBOARD: ORG,
        Cap.STATS_EXPORT: ORG,
    },
    Role.ANALYST: {
        Cap.STATS_DASHBOARD: ORG,
        Cap.STATS_EXPORT: ORG,
    },
    Role.TRAINER: {Cap.TRAINING_MANAGE: ORG},
    Role.TRAINEE: {Cap.TRAINING_EXERCISE: ORG},
    Role.ORG_ADMIN: {
        Cap.USERS_MANAGE: ORG,
        Cap.AUDIT_READ: ORG,
        Cap.STATS_DASHBOARD: ORG,
        Cap.STATS_EXPORT: ORG,
    },
    Role.SYSADMIN: {
        Cap.USERS_MANAGE: ALL,
        Cap.AUDIT_READ: ALL,
        Cap.ORGS_MANAGE: ALL,
        Cap.EXCHANGE_PARTNERS: ALL,
        Cap.STATS_DASHBOARD: ALL,
        Cap.STATS_EXPORT: ALL,
    },
}


def capabilities_of(role: Role | str) -> dict[Cap, Reach]:
    return MATRIX.get(Role(role), {})
