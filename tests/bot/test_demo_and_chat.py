"""`frontdoor demo` makes real cases in four languages; `frontdoor chat` talks in the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from bot.demo import load_demo
from bot.settings import Settings
from bot.state import AppState
from storage.db import unit_of_work
from storage.models import Case


async def test_demo_loads_cases_in_four_languages_once(settings: Settings) -> None:
    state = AppState.build(settings)
    try:
        report = await load_demo(state)
        assert report.created and len(report.references) == 4
        assert not (await load_demo(state, if_empty=True)).created
        async with unit_of_work(state.sessions) as session:
            cases = (await session.scalars(select(Case))).all()
    finally:
        await state.close()
    assert {case.language for case in cases} == {"en", "fr", "es", "pt"}
    assert {case.queue for case in cases} >= {"africa", "latam_caribbean", "defenders"}
    urgent = [case for case in cases if case.risk == "urgent"]
    assert len(urgent) == 1 and urgent[0].priority == "urgent"


def test_chat_in_the_terminal(settings: Settings, tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "FRONTDOOR_DATABASE_URL": settings.database_url,
        "FRONTDOOR_DATA_KEYS": settings.data_keys.get_secret_value(),
        "FRONTDOOR_VAR_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [str(Path(sys.executable).parent / "frontdoor"), "chat", "--language", "es"],
        input="Hola, necesitamos ayuda con una mina\nayuda\n\n",
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("bot> ")]
    assert lines[0].startswith("bot> Hola")
    assert any("AYUDA" in line for line in lines[3:])  # the help text, in Spanish
