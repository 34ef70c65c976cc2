"""Fail any test that opens a connection to a host other than loopback.

Clients turn a refused connection into their own network error, which a test expecting a
failure might accept; so every attempt is also recorded and the test fails at teardown.
Opt in per directory from a conftest:

    from tests.fakes.loopback import (  # noqa: F401
        loopback_only_autouse_fixture, loopback_only_fixture,
    )
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


class NonLoopbackConnection(OSError):
    """Raised in place of a connection to a non-loopback address."""


def is_loopback(host: object) -> bool:
    """Whether `host` (name, IP string or bytes) stays on this machine."""
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if not isinstance(host, str):
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def install_loopback_guard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Patch name resolution and `socket.connect`; returns the list of blocked attempts."""
    blocked: list[str] = []
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def refuse(target: str) -> NonLoopbackConnection:
        blocked.append(target)
        return NonLoopbackConnection(f"blocked non-loopback connection to {target}")

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_loopback(host):
            # httpx resolves IDNA-encoded bytes; report the name as text.
            raise refuse(host.decode() if isinstance(host, bytes) else str(host))
        return real_getaddrinfo(host, *args, **kwargs)

    def inet_target(sock: socket.socket, address: Any) -> str | None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
            return str(address[0])
        return None

    def guarded_connect(sock: socket.socket, address: Any) -> None:
        if (target := inet_target(sock, address)) is not None:
            raise refuse(target)
        return real_connect(sock, address)

    def guarded_connect_ex(sock: socket.socket, address: Any) -> int:
        if (target := inet_target(sock, address)) is not None:
            raise refuse(target)
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    return blocked


@pytest.fixture(name="loopback_only")
def loopback_only_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Block non-loopback connections for one test and fail it if any was attempted."""
    blocked = install_loopback_guard(monkeypatch)
    yield blocked
    if blocked:
        pytest.fail(f"test tried to reach non-loopback hosts: {sorted(set(blocked))}")


@pytest.fixture(name="loopback_only_autouse", autouse=True)
def loopback_only_autouse_fixture(loopback_only: list[str]) -> list[str]:
    """`loopback_only` for every test in the conftest's directory that imports this."""
    return loopback_only
