"""REST API of cases under ``/api/v1/`` (routes in ``haven/api/urls.py``), by topic."""

from haven.cases.apis.cases import (
    CaseDetailView,
    CaseDuplicateCheckView,
    CaseListView,
    CasePersonView,
    CaseSearchView,
    CaseTransitionView,
)
from haven.cases.apis.erasure import CaseEraseView, RetentionRuleListView, RetentionRuleView
from haven.cases.apis.htcds import HtcdsExportView, HtcdsImportView
from haven.cases.apis.items import (
    CaseAssessmentsView,
    CaseConsentsView,
    CaseEventsView,
    CaseNotesView,
    CasePlansView,
    CaseProceedingsView,
    CaseServicesView,
    CaseTasksView,
)
from haven.cases.apis.work import (
    CaseDocumentDownloadView,
    CaseDocumentsView,
    MyTaskListView,
    TaskDoneView,
)

__all__ = [
    "CaseAssessmentsView",
    "CaseConsentsView",
    "CaseDetailView",
    "CaseDocumentDownloadView",
    "CaseDocumentsView",
    "CaseDuplicateCheckView",
    "CaseEraseView",
    "CaseEventsView",
    "CaseListView",
    "CaseNotesView",
    "CasePersonView",
    "CasePlansView",
    "CaseProceedingsView",
    "CaseSearchView",
    "CaseServicesView",
    "CaseTasksView",
    "CaseTransitionView",
    "HtcdsExportView",
    "HtcdsImportView",
    "MyTaskListView",
    "RetentionRuleListView",
    "RetentionRuleView",
    "TaskDoneView",
]
