"""Reviewer accounts over the store's users table: checked names and roles, argon2 password hashes
(the store keeps only the hash), and sign-in."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pipeline.review.sessions import Sessions
from pipeline.store import Store
from pipeline.store import User as StoredUser

ROLES = ("reviewer", "admin")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 8

_hasher = PasswordHasher()


class UserError(ValueError):
    """A request about an account that cannot be done (bad name, role or password, unknown user)."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    created_at: str
    disabled: bool
    # Changes whenever the password does (every hash has a fresh salt), so a session can carry it
    # and end when the password changes.
    password_stamp: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class Users:
    def __init__(self, store: Store, hasher: PasswordHasher | None = None) -> None:
        self.store = store
        self.hasher = hasher or _hasher

    def add(self, name: str, password: str, role: str = "reviewer") -> Account:
        if not NAME_PATTERN.match(name):
            raise UserError(f"invalid user name {name!r}: letters, digits and . _ @ - only, 64 at most")
        if role not in ROLES:
            raise UserError(f"invalid role {role!r}: must be one of {', '.join(ROLES)}")
        _check_password(password)
        if self.store.user(name) is not None:
            raise UserError(f"user {name!r} already exists (`decree users passwd` changes a password)")
        try:
            self.store.add_user(name, self.hasher.hash(password), role=role)
        except ValueError as exc:  # added by someone else in between
            raise UserError(str(exc)) from exc
        account = self.get(name)
        assert account is not None
        return account

    def set_password(self, name: str, password: str, *, who: str) -> None:
        _check_password(password)
        if self.store.user(name) is None:
            raise UserError(f"no such user {name!r}")
        self.store.set_password(name, self.hasher.hash(password), who=who)
        # Whoever signed in with the old password is signed out everywhere, on the server.
        Sessions(self.store).end_all(name)

    def disable(self, name: str, *, who: str, disabled: bool = True) -> int:
        """Disable an account (it can no longer sign in; its sessions end now) or enable it again.
        Returns how many sessions were ended."""
        if self.store.user(name) is None:
            raise UserError(f"no such user {name!r}")
        self.store.set_disabled(name, disabled, who=who)
        return Sessions(self.store).end_all(name) if disabled else 0

    def get(self, name: str) -> Account | None:
        row = self.store.user(name)
        return _account(row) if row is not None else None

    def list(self) -> list[Account]:
        return [_account(row) for row in self.store.users()]

    def authenticate(self, name: str, password: str) -> Account | None:
        """The account when the password is right and the account enabled, else None (the same
        answer, in about the same time, for an unknown name)."""
        row = self.store.user(name) if name else None
        if row is None:
            self.hasher.hash(password)
            return None
        try:
            self.hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return None if row.disabled else _account(row)


def _account(row: StoredUser) -> Account:
    stamp = hashlib.sha256(row.password_hash.encode()).hexdigest()[:16]
    return Account(name=row.username, role=row.role, created_at=row.created_at, disabled=bool(row.disabled),
                   password_stamp=stamp)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"password too short: at least {MIN_PASSWORD} characters")
