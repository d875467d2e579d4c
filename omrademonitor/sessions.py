"""Login sessions for local accounts: a signed, expiring cookie value the server can revoke.

A session is a random id stored server-side (SQLite beside the database, so several app processes
share it) with its user and expiry. The browser holds ``<id>.<expires>.<signature>``, the signature
an HMAC-SHA256 over id and expiry with a secret kept in a 0600 file beside the database (never in
git, never in the database). A value is accepted only when the signature is right, it has not
expired and the server still holds the session un-revoked; logging out revokes it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

COOKIE_NAME = "omrademonitor_session"
SECRET_BYTES = 32


class SessionError(RuntimeError):
    """The session files cannot be used; the message says which file and why."""


def secret_path(db_path: Path) -> Path:
    """The session-signing secret: ``<database>.session-secret`` beside the database."""
    return Path(f"{db_path}.session-secret")


def sessions_path(db_path: Path) -> Path:
    """The server-side session list: ``<database>.sessions.sqlite`` beside the database."""
    return Path(f"{db_path}.sessions.sqlite")


def load_secret(path: Path) -> bytes:
    """The signing secret, made on first use (random, file mode 0600); refused if others may read it."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise SessionError(f"{path}: cannot create the session secret ({exc.strerror})") from exc
    else:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(SECRET_BYTES))
    if path.stat().st_mode & 0o077:
        raise SessionError(f"{path}: the session secret may be read by others; run `chmod 600 {path}`")
    secret = bytes.fromhex(path.read_text().strip() or "00")
    if len(secret) < 16:
        raise SessionError(f"{path}: the session secret is too short; delete the file to make a new one")
    return secret


class SessionStore:
    """Issue, verify and revoke local-login sessions for one database."""

    def __init__(self, db_path: Path, lifetime_s: int) -> None:
        self.secret = load_secret(secret_path(db_path))
        self.path = sessions_path(db_path)
        self.lifetime_s = lifetime_s
        with self._connect() as con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, username TEXT NOT NULL, "
                "created REAL NOT NULL, expires REAL NOT NULL, revoked REAL)"
            )
            con.execute("CREATE TABLE IF NOT EXISTS revoked_logins (key TEXT PRIMARY KEY, until REAL NOT NULL)")
        os.chmod(self.path, 0o600)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            yield con
        finally:
            con.close()

    def _sign(self, session_id: str, expires: int) -> str:
        digest = hmac.new(self.secret, f"{session_id}.{expires}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def issue(self, username: str, now: float | None = None) -> str:
        """A new session for ``username``; returns the cookie value."""
        now = time.time() if now is None else now
        session_id = secrets.token_urlsafe(24)
        expires = int(now + self.lifetime_s)
        with self._connect() as con:
            con.execute("DELETE FROM sessions WHERE expires < ?", [now])
            con.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, NULL)", [session_id, username, now, expires])
        return f"{session_id}.{expires}.{self._sign(session_id, expires)}"

    def verify(self, value: str | None, now: float | None = None) -> str | None:
        """The username of a valid, unexpired, unrevoked session cookie value, else None."""
        parts = (value or "").split(".")
        if len(parts) != 3 or not parts[1].isdigit():
            return None
        session_id, expires_text, signature = parts
        expires = int(expires_text)
        if not hmac.compare_digest(signature, self._sign(session_id, expires)):
            return None
        now = time.time() if now is None else now
        if expires <= now:
            return None
        with self._connect() as con:
            row = con.execute(
                "SELECT username FROM sessions WHERE id = ? AND revoked IS NULL AND expires > ?", [session_id, now]
            ).fetchone()
        return row[0] if row else None

    def revoke(self, value: str | None) -> None:
        """End the session this cookie value names (whether or not it is still valid)."""
        session_id = (value or "").split(".")[0]
        if session_id:
            with self._connect() as con:
                con.execute("UPDATE sessions SET revoked = ? WHERE id = ?", [time.time(), session_id])

    def revoke_key(self, key: str, keep_s: int = 31 * 24 * 3600) -> None:
        """Record that a provider login (named by ``key``) was logged out; kept past its cookie's life."""
        now = time.time()
        with self._connect() as con:
            con.execute("DELETE FROM revoked_logins WHERE until < ?", [now])
            con.execute("INSERT OR REPLACE INTO revoked_logins VALUES (?, ?)", [key, now + keep_s])

    def is_revoked(self, key: str) -> bool:
        """Whether the provider login named by ``key`` was logged out."""
        with self._connect() as con:
            return con.execute("SELECT 1 FROM revoked_logins WHERE key = ?", [key]).fetchone() is not None
