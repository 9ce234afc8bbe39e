"""Approvals: inline decisions on approver cards and the "Согласования" workplace."""
