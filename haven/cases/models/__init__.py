from haven.cases.models.care import Assessment, ServiceDelivered, SupportPlan
from haven.cases.models.case import (
    Case,
    CaseCounter,
    ClosureReason,
    Cooperation,
    CountrySetting,
    Proceeding,
    RiskLevel,
    Stage,
    StageChange,
    TraffickingEvent,
)
from haven.cases.models.consent import Consent, Method, Purpose
from haven.cases.models.person import Person, PersonEncoding, PersonLinkToken, PersonNameToken
from haven.cases.models.retention import RetentionRule
from haven.cases.models.work import Document, Note, Task

__all__ = [
    "Assessment",
    "Case",
    "CaseCounter",
    "ClosureReason",
    "Consent",
    "Cooperation",
    "CountrySetting",
    "Document",
    "Method",
    "Note",
    "Person",
    "PersonEncoding",
    "PersonLinkToken",
    "PersonNameToken",
    "Proceeding",
    "Purpose",
    "RetentionRule",
    "RiskLevel",
    "ServiceDelivered",
    "Stage",
    "StageChange",
    "SupportPlan",
    "Task",
    "TraffickingEvent",
]
