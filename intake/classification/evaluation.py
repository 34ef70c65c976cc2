"""Scoring the classifier against labelled messages (contract.md, `frontdoor eval classify`).

Per dimension: micro and macro precision, recall and F1. For risk: the recall of `urgent`,
the recall of `urgent`+`elevated`, and the precision of `urgent`. `score()` takes any
iterable of examples, so stored staff corrections can be scored the same way as a file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from intake.classification.classifier import LABEL_FIELDS, Classification, classify
from intake.classification.dataset import LabelledMessage


@dataclass(frozen=True, slots=True)
class Example:
    """A text, its language, and the labels a person gave it (`risk` included)."""

    text: str
    language: str | None
    gold: Mapping[str, Sequence[str]]
    gold_risk: str
    country: str | None = None

    @classmethod
    def from_labelled(cls, message: LabelledMessage) -> Example:
        """An example from a line of a labelled file."""
        return cls(message.text, message.lang, message.labels, message.risk, message.country)


@dataclass(frozen=True, slots=True)
class Scores:
    """Precision, recall and F1."""

    precision: float
    recall: float
    f1: float

    def to_dict(self) -> dict[str, float]:
        """Rounded for reports."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def _ratio(hits: int, total: int, nothing_missed: bool) -> float:
    """hits/total; an empty denominator is perfect only if nothing went wrong."""
    if total:
        return hits / total
    return 1.0 if nothing_missed else 0.0


def scores(tp: int, fp: int, fn: int) -> Scores:
    """P/R/F1 from counts; with nothing to find and nothing found, all are 1."""
    precision = _ratio(tp, tp + fp, fn == 0)
    recall = _ratio(tp, tp + fn, fp == 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)


@dataclass(frozen=True, slots=True)
class DimensionReport:
    """Micro and macro scores of one dimension, with per-label counts."""

    micro: Scores
    macro: Scores
    gold: int
    predicted: int
    per_label: Mapping[str, Scores]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "micro": self.micro.to_dict(),
            "macro": self.macro.to_dict(),
            "gold": self.gold,
            "predicted": self.predicted,
            "per_label": {label: s.to_dict() for label, s in sorted(self.per_label.items())},
        }


@dataclass(frozen=True, slots=True)
class RiskReport:
    """How well the risk level finds people in danger."""

    urgent_recall: float
    urgent_elevated_recall: float
    urgent_precision: float
    gold_urgent: int
    gold_urgent_elevated: int
    predicted_urgent: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "urgent_recall": round(self.urgent_recall, 4),
            "urgent_elevated_recall": round(self.urgent_elevated_recall, 4),
            "urgent_precision": round(self.urgent_precision, 4),
            "gold_urgent": self.gold_urgent,
            "gold_urgent_elevated": self.gold_urgent_elevated,
            "predicted_urgent": self.predicted_urgent,
        }


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """Everything `eval classify` prints."""

    messages: int
    dimensions: Mapping[str, DimensionReport]
    risk: RiskReport

    def to_dict(self) -> dict[str, Any]:
        """One JSON object, keys named after the dimensions (plus `risk` and `messages`)."""
        result: dict[str, Any] = {"messages": self.messages}
        result.update({name: report.to_dict() for name, report in self.dimensions.items()})
        result["risk"] = self.risk.to_dict()
        return result

    def to_text(self) -> str:
        """A fixed-width table for people."""
        header = (
            f"{'dimension':<14}{'micro P':>9}{'micro R':>9}{'micro F1':>10}"
            f"{'macro P':>9}{'macro R':>9}{'macro F1':>10}{'gold':>6}{'pred':>6}"
        )
        lines = [f"messages: {self.messages}", header]
        for name, report in self.dimensions.items():
            micro, macro = report.micro, report.macro
            lines.append(
                f"{name:<14}{micro.precision:>9.3f}{micro.recall:>9.3f}{micro.f1:>10.3f}"
                f"{macro.precision:>9.3f}{macro.recall:>9.3f}{macro.f1:>10.3f}"
                f"{report.gold:>6}{report.predicted:>6}"
            )
        risk = self.risk
        lines.append(
            f"risk: urgent recall {risk.urgent_recall:.3f} (gold urgent {risk.gold_urgent}), "
            f"urgent+elevated recall {risk.urgent_elevated_recall:.3f} "
            f"(gold {risk.gold_urgent_elevated}), urgent precision {risk.urgent_precision:.3f} "
            f"(predicted urgent {risk.predicted_urgent})"
        )
        return "\n".join(lines)


def _dimension(pairs: Sequence[tuple[frozenset[str], frozenset[str]]]) -> DimensionReport:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold, predicted in pairs:
        tp.update(gold & predicted)
        fp.update(predicted - gold)
        fn.update(gold - predicted)
    labels = sorted(set(tp) | set(fp) | set(fn))
    per_label = {label: scores(tp[label], fp[label], fn[label]) for label in labels}
    if per_label:
        count = len(per_label)
        precision = sum(s.precision for s in per_label.values()) / count
        recall = sum(s.recall for s in per_label.values()) / count
        f1 = sum(s.f1 for s in per_label.values()) / count
        macro = Scores(precision, recall, f1)
    else:
        macro = Scores(1.0, 1.0, 1.0)
    return DimensionReport(
        micro=scores(sum(tp.values()), sum(fp.values()), sum(fn.values())),
        macro=macro,
        gold=sum(tp.values()) + sum(fn.values()),
        predicted=sum(tp.values()) + sum(fp.values()),
        per_label=per_label,
    )


def _risk(pairs: Sequence[tuple[str, str]]) -> RiskReport:
    alarming = {"urgent", "elevated"}
    gold_urgent = sum(gold == "urgent" for gold, _ in pairs)
    predicted_urgent = sum(predicted == "urgent" for _, predicted in pairs)
    both_urgent = sum(gold == predicted == "urgent" for gold, predicted in pairs)
    gold_alarming = sum(gold in alarming for gold, _ in pairs)
    both_alarming = sum(gold in alarming and predicted in alarming for gold, predicted in pairs)
    return RiskReport(
        urgent_recall=_ratio(both_urgent, gold_urgent, True),
        urgent_elevated_recall=_ratio(both_alarming, gold_alarming, True),
        urgent_precision=_ratio(both_urgent, predicted_urgent, gold_urgent == 0),
        gold_urgent=gold_urgent,
        gold_urgent_elevated=gold_alarming,
        predicted_urgent=predicted_urgent,
    )


def score(
    examples: Iterable[Example],
    classifier: Callable[..., Classification] = classify,
) -> EvaluationReport:
    """Classify every example and compare with its gold labels."""
    pairs: dict[str, list[tuple[frozenset[str], frozenset[str]]]] = {n: [] for n in LABEL_FIELDS}
    risks: list[tuple[str, str]] = []
    for example in examples:
        result = classifier(example.text, language=example.language, country=example.country)
        for name in LABEL_FIELDS:
            gold = frozenset(example.gold.get(name, ()))
            pairs[name].append((gold, frozenset(result.labels(name))))
        risks.append((example.gold_risk, result.risk))
    return EvaluationReport(
        messages=len(risks),
        dimensions={name: _dimension(pairs[name]) for name in LABEL_FIELDS},
        risk=_risk(risks),
    )
