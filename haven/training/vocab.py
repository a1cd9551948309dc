"""Choice sets and labels of the training app (UI strings; the content carries its own texts)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LANGUAGE_CHOICES = [("en", "English"), ("zh-hans", "简体中文")]


class QuizKind(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class ExerciseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("exercise", "In progress")
    SUBMITTED = "submitted", pgettext_lazy("exercise", "Submitted")


THEME_LABELS = {
    "labour_construction": _("Labour exploitation: construction and kilns"),
    "labour_fishing": _("Labour exploitation: fishing"),
    "labour_factory": _("Labour exploitation: factories and workshops"),
    "labour_agriculture": _("Labour exploitation: agriculture"),
    "sexual_exploitation": _("Sexual exploitation"),
    "forced_marriage": _("Forced marriage"),
    "forced_criminality": _("Forced criminality (online scam compounds)"),
    "forced_begging": _("Forced begging"),
    "domestic_servitude": _("Domestic servitude"),
    "illegal_adoption": _("Illegal adoption"),
    "not_trafficking": _("Look-alike: not trafficking"),
}

TOPIC_LABELS = {
    "international": _("International law"),
    "eu": _("European Union"),
    "prc": _("People's Republic of China"),
    "referral": _("Referral mechanisms"),
    "ethics": _("Ethics and safety"),
}

MARK_LABELS = {
    "found": _("Found"),
    "missed": _("Missed"),
    "wrong": _("Wrongly marked"),
}

STRENGTH_LABELS = {"S": _("strong"), "M": _("medium"), "W": _("weak")}
ELEMENT_LABELS = {"act": _("Act"), "means": _("Means"), "purpose": _("Purpose")}
KIND_LABELS = {
    "indicator": _("Indicator"),
    "element": _("Element of the Palermo definition"),
    "red_flag": _("Red flag (first contact)"),
}
