"""A throwaway PostgreSQL server for the tests: Debian's `postgresql` binaries (scripts/setup.sh), one
cluster in a temporary folder, listening on 127.0.0.1 on a free port, trusted local logins, stopped and
removed at the end.

initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` system user (the package
creates it) through runuser, with the data folder owned by that user. Each test gets a fresh database
(`new_database`), so tests never see each other's rows.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path


def _bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(candidates[-1]).parent if candidates else None


def missing_reason() -> str | None:
    """Why no server can be started here (None when one can)."""
    try:
        import psycopg  # noqa: F401
    except ModuleNotFoundError:
        return "psycopg is not installed (pip install -e '.[cluster]')"
    if _bindir() is None:
        return "PostgreSQL is not installed (scripts/setup.sh installs it)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self) -> None:
        bindir = _bindir()
        assert bindir is not None
        self.bindir = bindir
        # Not under pytest's tmp folder: that one is private to root, and the server runs as postgres.
        self.root = Path(tempfile.mkdtemp(prefix="decree-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.prefix: list[str] = []
        self._tests_db: str | None = None
        if os.geteuid() == 0:
            import pwd

            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {result.stdout}{result.stderr}")

    def start(self) -> PostgresServer:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        # Speed over durability: the cluster is thrown away (fsync off), and no Unix socket outside it.
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                   f"-c unix_socket_directories={self.root} -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=200")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"),
                  "-o", options, "-w", "-t", "60", "start")
        return self

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh empty database's URL (one per call: slower than `empty_database`)."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        for attempt in range(50):
            try:
                with psycopg.connect(self.url(), autocommit=True) as con:
                    con.execute(f'CREATE DATABASE "{name}" STRATEGY FILE_COPY')
                break
            except psycopg.errors.ObjectInUse:  # template busy: another CREATE DATABASE at the same time
                time.sleep(0.1 * (attempt + 1))
        return self.url(name)

    def empty_database(self) -> str:
        """The URL of the tests' database, emptied of every table (creating a database per test costs
        a second; dropping the schema a few milliseconds)."""
        import psycopg

        if self._tests_db is None:
            self._tests_db = self.new_database()
        with psycopg.connect(self._tests_db, autocommit=True) as con:
            con.execute("SET lock_timeout = '20s'")  # a connection a test left open fails loudly
            con.execute("DROP SCHEMA public CASCADE")
            con.execute("CREATE SCHEMA public")
        return self._tests_db
