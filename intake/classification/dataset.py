"""Labelled messages in contract.md's JSONL format, and the fixed development/held-out split.

The split is by a stable hash of each id, balanced per language, so the half we tune on
never changes when the file is re-ordered or grows.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

LABEL_DIMENSIONS: tuple[str, ...] = (
    "needs",
    "violations",
    "actors",
    "sectors",
    "institutions",
    "risk_signals",
)
RISK_LEVELS: tuple[str, ...] = ("urgent", "elevated", "none")

Half = Literal["development", "held_out"]


class LabelledDataError(ValueError):
    """A line of a labelled file is not in the contract's format."""


@dataclass(frozen=True, slots=True)
class LabelledMessage:
    """One labelled message: the text, its language and its gold labels."""

    id: str
    text: str
    lang: str | None
    labels: dict[str, tuple[str, ...]]
    risk: str
    country: str | None = None


def parse_line(line: str, line_number: int) -> LabelledMessage:
    """Parse one JSONL line; errors name the line so a broken file is easy to fix."""
    try:
        record = json.loads(line)
        labels = record["labels"]
        risk = labels.get("risk", "none")
        if risk not in RISK_LEVELS:
            raise ValueError(f"risk must be one of {RISK_LEVELS}, not {risk!r}")
        return LabelledMessage(
            id=str(record.get("id", line_number)),
            text=str(record["text"]),
            lang=record.get("lang"),
            labels={dim: tuple(labels.get(dim, ())) for dim in LABEL_DIMENSIONS},
            risk=risk,
            country=record.get("country"),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise LabelledDataError(f"line {line_number}: {error}") from error


def read_labelled(path: Path) -> list[LabelledMessage]:
    """Read a labelled JSONL file, skipping blank lines."""
    with path.open(encoding="utf-8") as handle:
        return [
            parse_line(line, number) for number, line in enumerate(handle, start=1) if line.strip()
        ]


def _stable_key(message_id: str) -> str:
    return hashlib.sha256(message_id.encode("utf-8")).hexdigest()


def split_halves(
    messages: Iterable[LabelledMessage],
) -> dict[Half, list[LabelledMessage]]:
    """Split into a development and a held-out half, each holding half of every language."""
    by_language: dict[str, list[LabelledMessage]] = defaultdict(list)
    for message in messages:
        by_language[message.lang or ""].append(message)
    halves: dict[Half, list[LabelledMessage]] = {"development": [], "held_out": []}
    for language in sorted(by_language):
        ordered = sorted(by_language[language], key=lambda m: _stable_key(m.id))
        middle = (len(ordered) + 1) // 2
        halves["development"].extend(ordered[:middle])
        halves["held_out"].extend(ordered[middle:])
    return halves
