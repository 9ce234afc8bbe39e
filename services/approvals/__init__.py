"""Approvals: requests for what a user may only request, decided by those who may perform
it; the rules (policy) that say who must approve what."""

from services.approvals.data import Details, Outcome, RequestInfo, RequestSent, Result, Status
from services.approvals.policy import PolicyService
from services.approvals.service import ApprovalService, NotRequestable

__all__ = [
    "ApprovalService",
    "Details",
    "NotRequestable",
    "Outcome",
    "PolicyService",
    "RequestInfo",
    "RequestSent",
    "Result",
    "Status",
]
