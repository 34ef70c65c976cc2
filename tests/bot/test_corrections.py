"""Staff corrections: kept when people write more, and scored by `eval classify --corrections`."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli import main
from bot.settings import Settings
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import Case
from storage.repositories.cases import LABELS_CORRECTED, CaseRepository
from tests.intake.conversation_harness import Clock, Person, open_a_case


async def _correct(sessions: async_sessionmaker[AsyncSession], reference: str) -> None:
    async with unit_of_work(sessions) as session:
        case = await session.scalar(select(Case).where(Case.reference == reference))
        before, case.labels = case.labels, {**case.labels, "sectors": ["hydropower_dams"]}
        await CaseRepository(session).record_event(
            case, LABELS_CORRECTED, actor_type="staff", data={"before": before}
        )


async def test_corrected_labels_survive_later_messages(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    person = Person(sessions, keyring, Clock(), user="corrected")
    await open_a_case(person)
    await _correct(sessions, person.reference)
    await person.say("they also poisoned the river with cyanide from the gold mine")
    assert (await person.case()).labels["sectors"] == ["hydropower_dams"]


async def test_eval_corrections_scores_the_classifier_against_staff(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("FRONTDOOR_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("FRONTDOOR_DATA_KEYS", settings.data_keys.get_secret_value())
    monkeypatch.setenv("FRONTDOOR_VAR_DIR", str(tmp_path / "var"))
    assert await asyncio.to_thread(main, ["eval", "classify", "--corrections"]) == 2
    assert "no case has corrected labels" in capsys.readouterr().err

    person = Person(sessions, keyring, Clock(), user="scored")
    await open_a_case(person)
    await _correct(sessions, person.reference)
    assert await asyncio.to_thread(main, ["eval", "classify", "--corrections", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["sectors"]["micro"]["recall"] == 0.0  # staff said dams; the text says mining
    assert "needs" in report and "risk" in report
