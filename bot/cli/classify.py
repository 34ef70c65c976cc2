"""`frontdoor classify "text"` and `frontdoor eval classify FILE.jsonl [--json]`."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import get_args

from bot.cli._common import CommandFailed, check_database, fail, guarded, settings_or_fail
from bot.corrections import corrected_examples
from bot.state import AppState
from intake.classification import classify
from intake.classification.dataset import Half, LabelledDataError, read_labelled, split_halves
from intake.classification.evaluation import Example, score


def _classify(args: argparse.Namespace) -> int:
    result = classify(args.text, language=args.language, country=args.country)
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    return 0


def _corrections() -> list[Example]:
    """The staff corrections stored in the configured database."""
    settings = settings_or_fail()
    check_database(settings)

    async def load() -> list[Example]:
        state = AppState.build(settings)
        try:
            return await corrected_examples(state.sessions, state.keyring)
        finally:
            await state.close()

    return asyncio.run(load())


@guarded
def _evaluate(args: argparse.Namespace) -> int:
    if args.corrections:
        examples = _corrections()
        if not examples:
            raise CommandFailed("no case has corrected labels yet")
        report = score(examples)
        print(json.dumps(report.to_dict(), indent=2) if args.json else report.to_text())
        return 0
    if args.file is None:
        raise CommandFailed("give a labelled FILE.jsonl, or --corrections")
    try:
        messages = read_labelled(args.file)
    except OSError as error:
        return fail(f"cannot read {args.file}: {error.strerror}")
    except LabelledDataError as error:
        return fail(f"{args.file}: {error}")
    if args.half:
        messages = split_halves(messages)[args.half]
    if args.language:
        messages = [message for message in messages if message.lang == args.language]
    report = score(Example.from_labelled(message) for message in messages)
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.to_text())
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `classify` and `eval classify`."""
    parser = subparsers.add_parser(
        "classify", help="print the labels and evidence for a text, as JSON"
    )
    parser.add_argument("text", help="the message to classify")
    parser.add_argument("--language", help="BCP 47 language of the text (guessed when absent)")
    parser.add_argument("--country", help="ISO 3166 alpha-2 country, for bank acronyms")
    parser.set_defaults(handler=_classify)

    evaluate = subparsers.add_parser("eval", help="score a component on labelled data")
    targets = evaluate.add_subparsers(dest="target", metavar="TARGET", required=True)
    scoring = targets.add_parser(
        "classify", help="score the classifier on a labelled JSONL file (contract.md format)"
    )
    scoring.add_argument(
        "file", type=Path, nargs="?", help="one labelled message per line (contract.md format)"
    )
    scoring.add_argument(
        "--corrections",
        action="store_true",
        help="score against the labels staff corrected in the console, instead of a file",
    )
    scoring.add_argument("--json", action="store_true", help="print one JSON object")
    scoring.add_argument(
        "--half",
        choices=get_args(Half),
        help="only the development or held-out half (stable split by id, per language)",
    )
    scoring.add_argument("--language", help="only the messages in this language")
    scoring.set_defaults(handler=_evaluate)
