"""Local secrets are generated once, privately, and reused; bad keys stop start-up."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.settings import ConfigurationError, load_settings


def test_missing_secrets_are_generated_once_with_mode_0600(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FRONTDOOR_SECRET_KEY", raising=False)
    monkeypatch.delenv("FRONTDOOR_DATA_KEYS", raising=False)
    first = load_settings(var_dir=tmp_path / "var", _env_file=None)
    second = load_settings(var_dir=tmp_path / "var", _env_file=None)
    assert first.secret_key is not None and second.secret_key is not None
    assert first.secret_key.get_secret_value() == second.secret_key.get_secret_value()
    assert first.master_keys == second.master_keys
    for name in ("secret_key", "data_keys"):
        assert stat.S_IMODE((tmp_path / "var" / name).stat().st_mode) == 0o600


def test_secrets_are_hidden_from_repr(tmp_path: Path) -> None:
    settings = load_settings(var_dir=tmp_path, _env_file=None)
    assert settings.secret_key is not None
    assert settings.secret_key.get_secret_value() not in repr(settings)


def test_an_invalid_data_key_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FRONTDOOR_DATA_KEYS", "not-a-key")
    with pytest.raises(ConfigurationError, match="FRONTDOOR_DATA_KEYS"):
        load_settings(var_dir=tmp_path, _env_file=None)
