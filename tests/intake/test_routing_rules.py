"""Routing rules: the default decisions, assignment, and invalid files with clear errors."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from intake.routing import (
    Candidate,
    CaseFacts,
    RoutingConfigError,
    choose_assignee,
    decide_route,
    load_rules,
    region_of,
)


@pytest.mark.parametrize(
    ("facts", "queue", "priority", "rule"),
    [
        (CaseFacts(risk="urgent", country="BR"), "defenders", "urgent", "people_at_risk"),
        (CaseFacts(risk="elevated", country="BR"), "defenders", "high", "people_at_risk"),
        (CaseFacts(needs=("security_protection",)), "defenders", "high", "people_at_risk"),
        (CaseFacts(needs=("digital_security",)), "defenders", "high", "people_at_risk"),
        (CaseFacts(needs=("psychosocial_wellbeing",)), "defenders", "high", "people_at_risk"),
        (CaseFacts(violations=("civic_space_reprisals",)), "defenders", "high", "people_at_risk"),
        (
            CaseFacts(needs=("funding_grant",), open_call=True, country="KE"),
            "secretariat",
            "normal",
            "funding_during_open_call",
        ),
        (
            CaseFacts(needs=("funding_grant",), open_call=False, country="KE"),
            "africa",
            "normal",
            "region_of_country",
        ),
        (CaseFacts(country="CM"), "africa", "normal", "region_of_country"),
        (CaseFacts(country="CO"), "latam_caribbean", "normal", "region_of_country"),
        (CaseFacts(country="PH"), "asia_pacific", "normal", "region_of_country"),
        (CaseFacts(country="EG"), "mena", "normal", "region_of_country"),
        (CaseFacts(country="GE"), "europe_central_asia", "normal", "region_of_country"),
        (CaseFacts(country="FR"), "global", "normal", "region_of_country"),
        (CaseFacts(), "global", "normal", "region_of_country"),
    ],
)
def test_default_rules(facts: CaseFacts, queue: str, priority: str, rule: str) -> None:
    decision = decide_route(facts)
    assert (decision.queue, decision.priority, decision.rule) == (queue, priority, rule)


def test_region_of_unknown_country_is_global() -> None:
    assert (
        region_of(None) == "global" and region_of("ZZ") == "global" and region_of("MZ") == "africa"
    )


RULE = "  - name: {name}\n    queue: {queue}\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules: []\n", "routing file: field rules"),
        ("rules:\n  - name: first\n    queue: nowhere\n", "routing rule 1 (first): field queue"),
        (
            "rules:\n  - name: first\n    queue: global\n    priority: soon\n",
            "routing rule 1 (first): field priority",
        ),
        (
            "rules:\n  - name: a\n    when:\n      - needs: [lawyers]\n    queue: defenders\n"
            "  - name: b\n    queue: global\n",
            "routing rule 1 (a): field needs: unknown id(s) lawyers",
        ),
        (
            "rules:\n  - name: a\n    queue: global\n"
            "  - name: b\n    when:\n      - risk: [urgent]\n    queue: defenders\n",
            "routing rule 2 (b): field when: the last rule",
        ),
        (
            "rules:\n  - name: a\n    when:\n      - risk: [urgent]\n        needs: [legal]\n"
            "    queue: defenders\n  - name: b\n    queue: global\n",
            "routing rule 1 (a): field when.0",
        ),
        (
            "rules:\n  - name: a\n    queue: global\n    colour: red\n",
            "routing rule 1 (a): field colour",
        ),
        ("rules: [", "routing file"),
    ],
    ids=[
        "empty",
        "unknown-queue",
        "bad-priority",
        "unknown-need",
        "last-has-conditions",
        "two-fields",
        "unknown-field",
        "bad-yaml",
    ],
)
def test_invalid_files_name_the_rule_and_the_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    with pytest.raises(RoutingConfigError) as error:
        load_rules(path)
    assert message in str(error.value)


def test_a_replacement_file_changes_the_routes(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n"
        "  - name: mining_to_secretariat\n    when:\n      - all:\n"
        "          - sectors: [mining]\n          - region: [africa]\n"
        "    queue: secretariat\n    priority: high\n"
        '  - name: rest\n    queue: "{region}"\n'
    )
    rules = load_rules(path)
    mining = decide_route(CaseFacts(sectors=("mining",), country="ZM"), rules)
    assert (mining.queue, mining.priority, mining.rule) == (
        "secretariat",
        "high",
        "mining_to_secretariat",
    )
    assert (
        decide_route(CaseFacts(sectors=("mining",), country="PE"), rules).queue == "latam_caribbean"
    )


def test_start_up_stops_with_one_line_on_a_bad_routing_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - name: x\n    queue: moon\n")
    environment = {
        **os.environ,
        "FRONTDOOR_ROUTING_FILE": str(path),
        "FRONTDOOR_VAR_DIR": str(tmp_path / "var"),
        "FRONTDOOR_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db",
    }
    result = subprocess.run(
        [str(Path(sys.executable).parent / "frontdoor"), "serve"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip() == "frontdoor: routing rule 1 (x): field queue: unknown queue 'moon'"
    )


NOW = datetime(2026, 11, 26, tzinfo=UTC)


def _candidate(languages: tuple[str, ...], open_cases: int, idle_hours: float) -> Candidate:
    return Candidate(uuid.uuid4(), languages, open_cases, NOW - timedelta(hours=idle_hours))


def test_assignment_prefers_the_language_then_load_then_idle_time() -> None:
    busy_french = _candidate(("fr",), 5, 1)
    light_english = _candidate(("en",), 0, 1)
    french_recent = _candidate(("fr", "en"), 2, 1)
    french_idle = _candidate(("fr",), 2, 30)
    chosen = choose_assignee([busy_french, light_english, french_recent, french_idle], "fr")
    assert chosen is not None and chosen.staff_id == french_idle.staff_id and chosen.speaks_language
    fallback = choose_assignee([busy_french, light_english], "pt")
    assert fallback is not None and fallback.staff_id == light_english.staff_id
    assert not fallback.speaks_language
    assert choose_assignee([], "fr") is None
