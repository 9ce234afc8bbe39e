"""The department tree: create, rename, move and delete departments within one's scope."""

from services.departments.service import (
    DepartmentInfo,
    DepartmentService,
    Outcome,
    Result,
    clean_name,
)

__all__ = ["DepartmentInfo", "DepartmentService", "Outcome", "Result", "clean_name"]
