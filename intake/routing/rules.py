"""Routing rules: an ordered YAML list, validated at start-up with errors that name the
rule and the field, and the pure decision they make for a case."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from intake.classification.taxonomy import load_taxonomy

DEFAULT_RULES = Path(__file__).with_name("default_rules.yaml")
REGION_QUEUE = "{region}"
FIXED_QUEUES = ("defenders", "secretariat", "global")
PRIORITIES = ("urgent", "high", "normal", "low")
LIST_FIELDS = (
    "risk",
    "needs",
    "violations",
    "actors",
    "sectors",
    "institutions",
    "risk_signals",
    "country",
    "region",
)


class RoutingConfigError(ValueError):
    """The routing file is unusable; the message names the rule and the field."""


@dataclass(frozen=True)
class CaseFacts:
    """What routing looks at: labels, risk, where, and whether a call is open."""

    needs: tuple[str, ...] = ()
    violations: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    risk_signals: tuple[str, ...] = ()
    risk: str = "none"
    country: str | None = None
    open_call: bool = False

    @property
    def region(self) -> str:
        return region_of(self.country)

    def values(self, field: str) -> tuple[str, ...]:
        if field == "risk":
            return (self.risk,)
        if field == "country":
            return (self.country,) if self.country else ()
        if field == "region":
            return (self.region,)
        return getattr(self, field)


@dataclass(frozen=True)
class RouteDecision:
    queue: str
    priority: str
    rule: str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Strict):
    """One test on the case; exactly one field set (or `all` of several)."""

    risk: list[Literal["urgent", "elevated", "none"]] | None = None
    needs: list[str] | None = None
    violations: list[str] | None = None
    actors: list[str] | None = None
    sectors: list[str] | None = None
    institutions: list[str] | None = None
    risk_signals: list[str] | None = None
    country: list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]] | None = None
    region: list[str] | None = None
    open_call: bool | None = None
    all: list[Condition] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        if len(self.model_fields_set) != 1:
            raise ValueError("a condition sets exactly one field")
        return self

    def holds(self, facts: CaseFacts) -> bool:
        if self.all is not None:
            return all(condition.holds(facts) for condition in self.all)
        if self.open_call is not None:
            return facts.open_call is self.open_call
        field = next(iter(self.model_fields_set))
        wanted: list[str] = getattr(self, field)
        return any(value in wanted for value in facts.values(field))


class Rule(_Strict):
    name: Annotated[str, Field(pattern=r"^[a-z0-9_]{1,64}$")]
    when: list[Condition] = Field(default_factory=list)
    queue: str
    priority: Literal["urgent", "high", "normal", "low"] = "normal"
    priority_when_urgent: Literal["urgent", "high", "normal", "low"] | None = None

    def matches(self, facts: CaseFacts) -> bool:
        return not self.when or any(condition.holds(facts) for condition in self.when)


class RuleSet(_Strict):
    rules: Annotated[list[Rule], Field(min_length=1)]


def _known_ids() -> dict[str, set[str]]:
    taxonomy = load_taxonomy()
    known = {
        field: set(taxonomy.labels(field))
        for field in ("needs", "violations", "actors", "sectors", "institutions", "risk_signals")
    }
    known["region"] = {region.id for region in taxonomy.regions} | {"global"}
    return known


def _check_ids(rule_set: RuleSet) -> None:
    """Ids must exist in the taxonomy and queues must be real, or routing silently fails."""
    known = _known_ids()
    queues = set(FIXED_QUEUES) | known["region"] | {REGION_QUEUE}
    for index, rule in enumerate(rule_set.rules):
        where = f"routing rule {index + 1} ({rule.name})"
        if rule.queue not in queues:
            raise RoutingConfigError(f"{where}: field queue: unknown queue {rule.queue!r}")
        stack = list(rule.when)
        while stack:
            condition = stack.pop()
            stack.extend(condition.all or ())
            for field in set(known) & condition.model_fields_set:
                unknown = set(getattr(condition, field)) - known[field]
                if unknown:
                    raise RoutingConfigError(
                        f"{where}: field {field}: unknown id(s) {', '.join(sorted(unknown))}"
                    )
    if rule_set.rules[-1].when:
        raise RoutingConfigError(
            f"routing rule {len(rule_set.rules)} ({rule_set.rules[-1].name}): field when: "
            "the last rule must have no conditions, so every case finds a queue"
        )


def _describe(error: ValidationError, raw: object) -> str:
    first = error.errors()[0]
    location = [str(part) for part in first["loc"]]
    if len(location) >= 2 and location[0] == "rules" and location[1].isdigit():
        index = int(location[1])
        rules = raw.get("rules") if isinstance(raw, dict) else None
        name = (
            rules[index].get("name", "?")
            if isinstance(rules, list) and isinstance(rules[index], dict)
            else "?"
        )
        field = ".".join(location[2:]) or "rule"
        return f"routing rule {index + 1} ({name}): field {field}: {first['msg']}"
    return f"routing file: field {'.'.join(location) or 'rules'}: {first['msg']}"


def load_rules(path: Path | None = None) -> RuleSet:
    """Read and check a rules file (the packaged default when `path` is None)."""
    source = path or DEFAULT_RULES
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RoutingConfigError(f"routing file {source}: {error}") from None
    try:
        rule_set = RuleSet.model_validate(raw)
    except ValidationError as error:
        raise RoutingConfigError(_describe(error, raw)) from None
    _check_ids(rule_set)
    return rule_set


@cache
def default_rules() -> RuleSet:
    return load_rules()


def region_of(country: str | None) -> str:
    """The coordinators' region of an ISO country code; `global` when unknown."""
    return load_taxonomy().region_of(country)


def decide_route(facts: CaseFacts, rules: RuleSet | None = None) -> RouteDecision:
    """The first matching rule's queue and priority."""
    for rule in (rules or default_rules()).rules:
        if rule.matches(facts):
            queue = facts.region if rule.queue == REGION_QUEUE else rule.queue
            urgent = facts.risk == "urgent" and rule.priority_when_urgent
            return RouteDecision(
                queue, rule.priority_when_urgent if urgent else rule.priority, rule.name
            )
    raise AssertionError("the last rule always matches (checked at load)")
