"""Per-message classification time over the dev set and for a 300-character message.

A plain script, not a test: the machine is noisy, so every figure is printed beside a
trivial baseline (normalising and splitting the text) measured in the same run. Each call
is timed by the wall clock and by the thread's CPU clock: when other processes share the
cores, the wall clock's tail is time spent waiting for a core, which the CPU clock leaves
out.

    .venv/bin/python bench/classify.py [labelled.jsonl] [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from intake.classification import classify, warm_up
from intake.classification.dataset import read_labelled
from intake.classification.text import normalize, tokenize

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "classify-dev.jsonl"
MESSAGE_300 = (
    "URGENTE. Ayer la policía detuvo a dos compañeros de la comunidad q'eqchi porque nos "
    "oponemos a la mina de níquel. Los guardias de la empresa canadiense amenazaron a sus "
    "familias y quemaron casas. El BID financia la carretera. Necesitamos abogado y protección "
    "urgente, y saber cómo presentar una queja al MICI."
)


def _baseline(text: str, language: str | None) -> object:
    return tokenize(normalize(text))


def _timings(
    function: Callable[[str, str | None], object],
    messages: Sequence[tuple[str, str | None]],
    rounds: int,
) -> tuple[list[float], list[float]]:
    """Milliseconds per call by the wall clock and by the thread's CPU clock."""
    wall, cpu = [], []
    for _ in range(rounds):
        for text, language in messages:
            start, start_cpu = time.perf_counter(), time.thread_time()
            function(text, language)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def _summary(name: str, timings: tuple[list[float], list[float]]) -> str:
    return "\n".join(
        f"{f'{name} ({clock})':<34} median {statistics.median(values):7.3f} ms   "
        f"p95 {cuts[94]:7.3f} ms   p99 {cuts[98]:7.3f} ms   n={len(values)}"
        for clock, values in zip(("wall", "cpu"), timings, strict=True)
        for cuts in [statistics.quantiles(values, n=100)]
    )


def main() -> None:
    """Print median/p95/p99 for the classifier and the baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    started = time.perf_counter()
    warm_up()
    print(f"taxonomy and matcher built in {(time.perf_counter() - started) * 1000:.0f} ms")
    messages = [(message.text, message.lang) for message in read_labelled(args.data)]
    single = [(MESSAGE_300[:300], "es")]
    assert len(single[0][0]) == 300

    def classifier(text: str, language: str | None) -> object:
        return classify(text, language=language)

    first_pass = _timings(classifier, messages, 1)
    print(_summary("dev set, first pass", first_pass))
    for label, batch in (("dev set", messages), ("300-char message", single)):
        rounds = args.rounds if len(batch) > 1 else args.rounds * 50
        print(_summary(f"{label}", _timings(classifier, batch, rounds)))
        print(_summary(f"{label}, baseline", _timings(_baseline, batch, rounds)))


if __name__ == "__main__":
    main()
