"""Fixtures shared by several test files: a real PostgreSQL server, started once per session, and the
review app's environment (a store of scanned documents and users, built once per test file)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pgserver import PostgresServer, missing_reason


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    """An empty database on the session's PostgreSQL server."""
    return pg_server.empty_database()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The review tests' environment (test_review.Env), built once per test file."""
    from test_review import Env

    return Env(tmp_path_factory.mktemp("built") / "out")


@pytest.fixture
def env(built: Any, tmp_path: Path) -> Any:
    """A copy of `built` of the test's own: what one test writes, the next never sees."""
    return built.copy(tmp_path / "out")
