"""The operator's side: the gateway contract and the simulator that plays the operator."""

from services.operator.gateway import METHODS, ItemRun, Operator, OpRun, Results
from services.operator.simulator import Simulator

__all__ = ["METHODS", "ItemRun", "OpRun", "Operator", "Results", "Simulator"]
