"""Compare language detectors that ship their model, on Frontdoor's own messages.

Run: .venv/bin/python bench/langdetect.py [path/to/classify-dev.jsonl]
(lingua is not a dependency: `pip install lingua-language-detector` first to compare;
a detector that is not installed is reported as such.)

Each detector runs in a fresh subprocess so that import time and memory are its own.
Accuracy is restricted to the four supported languages (en, fr, es, pt): overall, on the
short messages (< 40 characters, what people really send first), and on the first 20
and 10 characters of every message (a larger sample of short texts).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "classify-dev.jsonl"
LANGS = ("en", "fr", "es", "pt")
SHORT = 40
PREFIXES = (20, 10)
# "frontdoor" is i18n.detect.guess_language on the text alone (py3langid + keywords).
DETECTORS = ("lingua", "lingua-low", "py3langid", "frontdoor")


def _rss_mb() -> float:
    """Current resident memory of this process, in MB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load(name: str) -> Callable[[str], str | None]:
    """Import and build one detector restricted to the supported languages."""
    if name == "frontdoor":
        from i18n.detect import guess_language

        guess_language("warm up the model")
        return lambda text: guess_language(text).language
    if name.startswith("lingua"):
        from lingua import IsoCode639_1, LanguageDetectorBuilder

        codes = [getattr(IsoCode639_1, code.upper()) for code in LANGS]
        builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
        if name == "lingua-low":
            builder = builder.with_low_accuracy_mode()
        detector = builder.with_preloaded_language_models().build()

        def lingua_detect(text: str) -> str | None:
            found = detector.detect_language_of(text)
            return found.iso_code_639_1.name.lower() if found else None

        return lingua_detect

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGS))

    def langid_detect(text: str) -> str | None:
        return identifier.classify(text)[0]

    return langid_detect


def _accuracy(detect: Callable[[str], str | None], rows: list[tuple[str, str]]) -> float:
    return sum(detect(text) == lang for text, lang in rows) / len(rows)


def run_one(name: str, data: Path) -> dict[str, float | int | str]:
    """Measure one detector in this process; called in a fresh subprocess."""
    rows = [(r["text"], r["lang"]) for r in map(json.loads, data.read_text().splitlines())]
    rows = [(text, lang) for text, lang in rows if lang in LANGS]
    rss_before = _rss_mb()
    started = time.perf_counter()
    detect = _load(name)
    load_s = time.perf_counter() - started
    load_mb = _rss_mb() - rss_before
    short = [(text, lang) for text, lang in rows if len(text) < SHORT]
    result: dict[str, float | int | str] = {
        "detector": name,
        "n": len(rows),
        "n_short": len(short),
        "overall": _accuracy(detect, rows),
        "short": _accuracy(detect, short),
    }
    for size in PREFIXES:
        result[f"prefix{size}"] = _accuracy(detect, [(text[:size], lang) for text, lang in rows])
    texts = [text for text, _ in rows] + [text[:size] for text, _ in rows for size in PREFIXES]
    started = time.perf_counter()
    for text in texts:
        detect(text)
    result["us_per_call"] = (time.perf_counter() - started) / len(texts) * 1e6
    result["load_s"] = load_s
    result["load_mb"] = load_mb
    return result


def main(argv: list[str]) -> None:
    """Run every detector in its own subprocess and print a Markdown table."""
    if len(argv) > 1 and argv[1] == "--one":
        print(json.dumps(run_one(argv[2], Path(argv[3]))))
        return
    data = Path(argv[1]) if len(argv) > 1 else DEFAULT_DATA
    print(
        "| detector | overall | short (<40) | first 20 chars | first 10 chars "
        "| µs/call | load s | load MB |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name in DETECTORS:
        run = subprocess.run(
            [sys.executable, __file__, "--one", name, str(data)],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        if run.returncode:
            print(f"| {name} | not available: {run.stderr.strip().splitlines()[-1]} |")
            continue
        r = json.loads(run.stdout)
        print(
            f"| {r['detector']} | {r['overall']:.1%} (n={r['n']}) "
            f"| {r['short']:.1%} (n={r['n_short']}) | {r['prefix20']:.1%} | {r['prefix10']:.1%} "
            f"| {r['us_per_call']:.0f} | {r['load_s']:.2f} | {r['load_mb']:.0f} |"
        )


if __name__ == "__main__":
    main(sys.argv)
