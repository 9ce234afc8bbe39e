"""The operator's side: the calls it supports and the simulator that plays the operator."""

from services.operator.gateway import METHODS
from services.operator.simulator import Simulator

__all__ = ["METHODS", "Simulator"]
