"""Routing: which queue and priority a case gets, and who in the queue takes it."""

from intake.routing.assignment import Assignment, Candidate, choose_assignee
from intake.routing.rules import (
    CaseFacts,
    RouteDecision,
    RoutingConfigError,
    RuleSet,
    decide_route,
    default_rules,
    load_rules,
    region_of,
)

__all__ = [
    "Assignment",
    "Candidate",
    "CaseFacts",
    "RouteDecision",
    "RoutingConfigError",
    "RuleSet",
    "choose_assignee",
    "decide_route",
    "default_rules",
    "load_rules",
    "region_of",
]
