"""Scoring maths on a hand-made file, the stable split, the CLI, and the held-out quality gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from intake.classification import LABEL_FIELDS, Classification
from intake.classification.dataset import (
    LabelledDataError,
    LabelledMessage,
    read_labelled,
    split_halves,
)
from intake.classification.evaluation import EvaluationReport, Example, score

DEV_FILE = Path(__file__).resolve().parents[3] / "shared" / "data" / "classify-dev.jsonl"


def _line(message_id: str, text: str, lang: str, risk: str = "none", **labels: list[str]) -> str:
    return json.dumps(
        {"id": message_id, "text": text, "lang": lang, "labels": {**labels, "risk": risk}}
    )


# Gold and what a stub classifier answers, per text.
HAND_MADE = [
    (
        _line("a", "one", "en", "urgent", needs=["legal", "funding_grant"]),
        Classification(needs=("legal",), risk="urgent"),
    ),
    (_line("b", "two", "en", "elevated"), Classification(needs=("advocacy",), risk="none")),
    (
        _line("c", "three", "fr", "none", institutions=["ifc"]),
        Classification(institutions=("ifc",), risk="urgent"),
    ),
]


@pytest.fixture
def hand_made(tmp_path: Path) -> Path:
    path = tmp_path / "labelled.jsonl"
    path.write_text("\n".join(line for line, _ in HAND_MADE) + "\n\n", encoding="utf-8")
    return path


ANSWERS = dict(zip(("one", "two", "three"), (answer for _, answer in HAND_MADE), strict=True))


def _stub(text: str, language: str | None = None, country: str | None = None) -> Classification:
    return ANSWERS[text]


def _report(path: Path) -> EvaluationReport:
    return score((Example.from_labelled(m) for m in read_labelled(path)), classifier=_stub)


def test_micro_and_macro_scores_of_a_hand_made_file(hand_made: Path) -> None:
    needs = _report(hand_made).dimensions["needs"]
    # legal: tp; funding_grant: fn; advocacy: fp.
    assert (needs.micro.precision, needs.micro.recall, needs.micro.f1) == (0.5, 0.5, 0.5)
    assert needs.macro.f1 == pytest.approx(1 / 3)
    assert (needs.gold, needs.predicted) == (2, 2)
    assert _report(hand_made).dimensions["institutions"].micro.f1 == 1.0


def test_a_dimension_with_nothing_to_find_and_nothing_found_is_perfect(hand_made: Path) -> None:
    sectors = _report(hand_made).dimensions["sectors"]
    assert (sectors.micro.precision, sectors.micro.recall, sectors.macro.f1) == (1.0, 1.0, 1.0)


def test_risk_recall_and_precision(hand_made: Path) -> None:
    risk = _report(hand_made).risk
    assert risk.urgent_recall == 1.0  # the one urgent message is found
    assert risk.urgent_elevated_recall == 0.5  # the elevated one is missed
    assert risk.urgent_precision == 0.5  # one of two urgent answers is right


def test_json_and_text_reports_name_every_dimension(hand_made: Path) -> None:
    report = _report(hand_made)
    assert set(report.to_dict()) == {"messages", *LABEL_FIELDS, "risk"}
    assert all(name in report.to_text() for name in LABEL_FIELDS)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "line 1"),
        ('{"text": "x", "lang": "en"}', "line 1"),
        ('{"text": "x", "labels": {"risk": "panic"}}', "risk must be one of"),
    ],
)
def test_a_broken_line_is_named(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(LabelledDataError, match=message):
        read_labelled(path)


def test_the_split_is_stable_balanced_and_disjoint() -> None:
    messages = [
        LabelledMessage(f"{lang}-{n}", "text", lang, {}, "none")
        for lang in ("en", "fr", "es", "pt")
        for n in range(10)
    ]
    halves = split_halves(messages)
    again = split_halves(list(reversed(messages)))
    assert [m.id for m in halves["development"]] == [m.id for m in again["development"]]
    for lang in ("en", "fr", "es", "pt"):
        assert sum(m.lang == lang for m in halves["development"]) == 5
    assert not {m.id for m in halves["development"]} & {m.id for m in halves["held_out"]}


def test_cli_classify_prints_labels_and_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["classify", "We need a lawyer, the police arrested our leader", "--language", "en"])
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert "legal" in result["needs"] and result["risk"] == "urgent"
    assert result["evidence"]["arrest_detention"]


def test_cli_eval_classify_json(hand_made: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "classify", str(hand_made), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"messages", *LABEL_FIELDS, "risk"}
    assert set(report["needs"]) >= {"micro", "macro"}
    assert set(report["risk"]) >= {"urgent_recall", "urgent_elevated_recall", "urgent_precision"}


def test_cli_eval_classify_text_and_a_missing_file(
    hand_made: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "classify", str(hand_made), "--language", "fr"]) == 0
    assert "messages: 1" in capsys.readouterr().out
    assert main(["eval", "classify", str(tmp_path / "missing.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err


# Targets of issue 4 on messages the classifier was not tuned on: a keyword that costs one
# of them fails here.
TARGETS = [
    ("needs", 0.75),
    ("violations", 0.75),
    ("actors", 0.70),
    ("sectors", 0.80),
    ("institutions", 0.90),
    ("urgent_recall", 0.95),
    ("urgent_elevated_recall", 0.90),
    ("urgent_precision", 0.70),
]


@pytest.fixture(scope="module")
def held_out() -> dict[str, float]:
    if not DEV_FILE.exists():
        pytest.skip(f"labelled dev data not found at {DEV_FILE}")
    messages = split_halves(read_labelled(DEV_FILE))["held_out"]
    report = score(Example.from_labelled(message) for message in messages)
    figures = {name: dimension.micro.f1 for name, dimension in report.dimensions.items()}
    figures.update(
        urgent_recall=report.risk.urgent_recall,
        urgent_elevated_recall=report.risk.urgent_elevated_recall,
        urgent_precision=report.risk.urgent_precision,
    )
    return figures


@pytest.mark.parametrize(("figure", "target"), TARGETS)
def test_held_out_half_meets_the_targets(
    held_out: dict[str, float], figure: str, target: float
) -> None:
    assert held_out[figure] >= target
