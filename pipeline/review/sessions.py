"""Server-side sign-in sessions and the limit on sign-in attempts, in tables of the review app beside
the store's (so they hold across restarts and across the server's worker processes).

The browser's cookie carries only a random session id; the server keeps its SHA-256 (a copy of the
table gives no live session) with the user, the password stamp and the expiry. Signing out, a new
password or a disabled account deletes the rows: a copied cookie then opens nothing.

Sign-in attempts are counted per user name and per client address. Past a few failures in a row the
key is locked for a while that doubles with each further failure (capped), and attempts while locked
are refused without checking the password (HTTP 429 with Retry-After).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

import sqlalchemy as sa

from pipeline.store import Store

metadata = sa.MetaData()
review_sessions = sa.Table(
    "review_sessions", metadata,
    sa.Column("sid_hash", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(200), nullable=False, index=True),
    sa.Column("password_stamp", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
)
review_login_failures = sa.Table(
    "review_login_failures", metadata,
    sa.Column("key", sa.String(300), primary_key=True),  # "user:<name>" or "client:<address>"
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_at", sa.Float, nullable=False),
    sa.Column("locked_until", sa.Float, nullable=False),
)

SESSION_SECONDS = 12 * 3600
# Failures in a row before a lock: a user mistypes a few times; one address may serve a whole office.
USER_FREE_FAILURES = 5
CLIENT_FREE_FAILURES = 20
FIRST_LOCK_SECONDS = 30.0
MAX_LOCK_SECONDS = 15 * 60.0
# A run of failures this old is forgotten.
FORGET_SECONDS = 3600.0


def clock() -> float:
    """Now, in seconds (one place, so tests can move time on)."""
    return time.time()


def _digest(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    username: str
    password_stamp: str


class Sessions:
    def __init__(self, store: Store) -> None:
        self.store = store
        metadata.create_all(store.engine)

    def open(self, username: str, password_stamp: str) -> str:
        """A new session for the user; returns its id (for the cookie only)."""
        sid = secrets.token_urlsafe(32)
        now = clock()
        with self.store.engine.begin() as conn:
            conn.execute(review_sessions.delete().where(review_sessions.c.expires_at < now))
            conn.execute(review_sessions.insert().values(sid_hash=_digest(sid), username=username,
                                                         password_stamp=password_stamp, created_at=now,
                                                         expires_at=now + SESSION_SECONDS))
        return sid

    def get(self, sid: str) -> Session | None:
        with self.store.engine.connect() as conn:
            row = conn.execute(sa.select(review_sessions)
                               .where(review_sessions.c.sid_hash == _digest(sid))).first()
        if row is None or row.expires_at < clock():
            return None
        return Session(row.username, row.password_stamp)

    def end(self, sid: str) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(review_sessions.delete().where(review_sessions.c.sid_hash == _digest(sid)))

    def end_all(self, username: str) -> int:
        """End every session of a user (new password, account disabled); returns how many."""
        with self.store.engine.begin() as conn:
            query = review_sessions.delete().where(review_sessions.c.username == username)
            return conn.execute(query).rowcount

    def count(self, username: str) -> int:
        with self.store.engine.connect() as conn:
            query = sa.select(sa.func.count()).where(review_sessions.c.username == username,
                                                     review_sessions.c.expires_at >= clock())
            return conn.execute(query).scalar_one()


class Throttle:
    """Failed sign-ins per user name and per client address."""

    def __init__(self, store: Store) -> None:
        self.store = store
        metadata.create_all(store.engine)

    @staticmethod
    def keys(name: str, client: str | None) -> list[tuple[str, int]]:
        return [(f"user:{name.strip().casefold()[:200]}", USER_FREE_FAILURES),
                (f"client:{client or '?'}", CLIENT_FREE_FAILURES)]

    def wait(self, name: str, client: str | None) -> float:
        """Seconds until this name from this client may try again (0: now)."""
        now = clock()
        keys = [k for k, _ in self.keys(name, client)]
        with self.store.engine.connect() as conn:
            rows = conn.execute(sa.select(review_login_failures.c.locked_until)
                                .where(review_login_failures.c.key.in_(keys))).scalars().all()
        return max([0.0, *(until - now for until in rows)])

    def failed(self, name: str, client: str | None) -> float:
        """Count a failure; returns the lock it brings (0 when none yet)."""
        now = clock()
        lock = 0.0
        with self.store.engine.begin() as conn:
            for key, free in self.keys(name, client):
                row = conn.execute(sa.select(review_login_failures)
                                   .where(review_login_failures.c.key == key)).first()
                failures = 1 if row is None or now - row.last_at > FORGET_SECONDS else row.failures + 1
                seconds = 0.0
                if failures > free:
                    seconds = min(MAX_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** (failures - free - 1))
                lock = max(lock, seconds)
                values = {"failures": failures, "last_at": now, "locked_until": now + seconds}
                if row is None:
                    conn.execute(review_login_failures.insert().values(key=key, **values))
                else:
                    conn.execute(review_login_failures.update()
                                 .where(review_login_failures.c.key == key).values(**values))
        return lock

    def succeeded(self, name: str) -> None:
        """A right password clears the name's failures (the address's stay: one good account must not
        let an address go on guessing others')."""
        key = self.keys(name, None)[0][0]
        with self.store.engine.begin() as conn:
            conn.execute(review_login_failures.delete().where(review_login_failures.c.key == key))
