"""The command line: accounts and tokens, key rotation, and one-line failures."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import Settings
from storage.db import create_engine, session_factory, unit_of_work
from storage.repositories.staff import StaffRepository
from tests.fakes.telegram_api import FakeTelegram


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("FRONTDOOR_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("FRONTDOOR_DATA_KEYS", settings.data_keys.get_secret_value())
    monkeypatch.setenv("FRONTDOOR_VAR_DIR", str(settings.var_dir))
    return settings


async def _token_owner(settings: Settings, token: str) -> str | None:
    engine = create_engine(settings.database_url)
    try:
        async with unit_of_work(session_factory(engine)) as session:
            staff = StaffRepository(session)
            user = await staff.user_for_token(token)
            return user.email if user else None
    finally:
        await engine.dispose()


async def test_users_add_then_token(
    cli_env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough password\n"))
    args = [
        "users",
        "add",
        "Ana@Example.org",
        "--role",
        "coordinator",
        "--queue",
        "africa",
        "--language",
        "fr",
        "--password-stdin",
    ]
    assert await _run(args) == 0
    assert await _run(["users", "token", "ana@example.org"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert await _token_owner(cli_env, token) == "ana@example.org"
    assert await _token_owner(cli_env, token + "x") is None

    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough password\n"))
    assert await _run(args) == 2
    assert "already exists" in capsys.readouterr().err


async def _run(args: list[str]) -> int:
    # The CLI runs its own event loop, so call it from a worker thread.
    return await asyncio.to_thread(main, args)


async def test_short_password_is_refused(
    cli_env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert await _run(["users", "add", "b@example.org", "--role", "admin", "--password-stdin"]) == 2
    assert "at least 12 characters" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"FRONTDOOR_DATA_KEYS": "nonsense"}, "invalid setting FRONTDOOR_DATA_KEYS"),
        (
            {"FRONTDOOR_DATABASE_URL": "postgresql+asyncpg://postgres@127.0.0.1:1/none"},
            "cannot reach the database",
        ),
    ],
)
def test_bad_configuration_stops_with_one_line(
    tmp_path: Path, env: dict[str, str], expected: str
) -> None:
    environment = {**os.environ, "FRONTDOOR_VAR_DIR": str(tmp_path / "var"), **env}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "frontdoor"), "db", "upgrade"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_help_describes_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("serve", "db", "users", "keys"):
        assert command in out


def test_telegram_set_webhook_registers_the_secret(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    environment = {
        **os.environ,
        "FRONTDOOR_VAR_DIR": str(tmp_path / "var"),
        "FRONTDOOR_PUBLIC_URL": "https://frontdoor.example.org",
        "FRONTDOOR_TELEGRAM_TOKEN": fake_telegram.token,
        "FRONTDOOR_TELEGRAM_SECRET": "a-secret_token-123",
        "FRONTDOOR_TELEGRAM_API_URL": fake_telegram.url,
    }
    result = subprocess.run(
        [str(Path(sys.executable).parent / "frontdoor"), "telegram", "set-webhook"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert fake_telegram.webhook["url"] == "https://frontdoor.example.org/webhooks/telegram"
    assert fake_telegram.webhook["secret_token"] == "a-secret_token-123"
    assert fake_telegram.token not in result.stdout + result.stderr
