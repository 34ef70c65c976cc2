"""`frontdoor serve` in a subprocess on a free loopback port, for tests that need a real
server (schemathesis over HTTP, the browser). Its stderr goes to a file, not a pipe, so
a chatty server never blocks on a full pipe."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.settings import Settings

# Generous: on a loaded 2-core machine importing the app alone can take ten seconds.
START_TIMEOUT = 90.0


@dataclass(frozen=True)
class LiveServer:
    url: str
    log: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(settings: Settings, url: str, var_dir: Path) -> dict[str, str]:
    """The environment of a server on `settings`' database and keys, answering at `url`."""
    assert settings.data_keys is not None and settings.secret_key is not None
    return {
        **os.environ,
        "FRONTDOOR_DATABASE_URL": settings.database_url,
        "FRONTDOOR_DATA_KEYS": settings.data_keys.get_secret_value(),
        "FRONTDOOR_SECRET_KEY": settings.secret_key.get_secret_value(),
        "FRONTDOOR_VAR_DIR": str(var_dir),
        "FRONTDOOR_PUBLIC_URL": url,
    }


@contextmanager
def live_server(
    settings: Settings, workdir: Path, extra_env: Mapping[str, str] | None = None
) -> Iterator[LiveServer]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = workdir / "server.log"
    environment = {**server_environment(settings, url, workdir / "var"), **(extra_env or {})}
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "frontdoor"), "serve", "--port", str(port)],
            env=environment,
            cwd=workdir,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        yield LiveServer(url, log)
    finally:
        process.terminate()
        process.wait(timeout=15)
