"""Approvals: requests for what a user may only request, decided by those who may perform
it; the rules (policy) that say who must approve what."""

from services.approvals.data import Details, Outcome, RequestInfo, Result, Status, Submitted
from services.approvals.policy import PolicyService
from services.approvals.service import ApprovalService, NotRequestable, connect_pipeline

__all__ = [
    "ApprovalService",
    "Details",
    "NotRequestable",
    "Outcome",
    "PolicyService",
    "RequestInfo",
    "Result",
    "Status",
    "Submitted",
    "connect_pipeline",
]
