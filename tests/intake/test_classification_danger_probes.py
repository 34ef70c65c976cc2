"""Messages written to probe the danger detector (docs/CLASSIFIER.md, "Probe sets"): urgent
ones in slang, SMS spelling and regional words, and calm ones that only look dangerous
(metaphors, old stories, news from elsewhere, a project "stopped").

Sets 1 to 3 were tuned on, one round each; set 4 never was. Each keeps at least the urgent
recall and precision it had when its round ended, so a keyword or rule that costs a
caught message, or raises calm ones, fails here with the set named.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from intake.classification.dataset import read_labelled
from intake.classification.evaluation import Example, RiskReport, score

PROBES = Path(__file__).resolve().parents[1] / "data" / "danger_probes"
# (file, urgent recall at least, urgent precision at least)
FLOORS = [
    ("set1.jsonl", 1.0, 0.98),
    ("set2.jsonl", 1.0, 0.99),
    ("set3.jsonl", 1.0, 0.97),
    ("set4.jsonl", 0.78, 0.84),
]


def _risk(name: str) -> RiskReport:
    return score(Example.from_labelled(m) for m in read_labelled(PROBES / name)).risk


@pytest.mark.parametrize(("name", "recall", "precision"), FLOORS)
def test_a_probe_set_keeps_its_urgent_recall_and_precision(
    name: str, recall: float, precision: float
) -> None:
    risk = _risk(name)
    assert risk.urgent_recall >= recall, f"{name}: urgent recall {risk.urgent_recall:.3f}"
    assert risk.urgent_precision >= precision, f"{name}: precision {risk.urgent_precision:.3f}"
