"""Local-login sessions: signed, expiring, revocable; the secret stays in a private file."""

import os
import stat

import pytest

from omrademonitor.accounts import IdentityRefused, oidc_identity
from omrademonitor.sessions import SessionError, SessionStore, secret_path, sessions_path


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "app.duckdb"


def test_a_session_is_valid_until_it_expires(db_path):
    store = SessionStore(db_path, lifetime_s=3600)
    token = store.issue("ada", now=1_000_000)
    assert store.verify(token, now=1_000_000 + 3599) == "ada"
    assert store.verify(token, now=1_000_000 + 3600) is None


def test_a_tampered_or_foreign_value_is_refused(db_path, tmp_path):
    store = SessionStore(db_path, lifetime_s=3600)
    token = store.issue("ada")
    session_id, expires, signature = token.split(".")
    assert store.verify(f"{session_id}.{int(expires) + 86400}.{signature}") is None  # later expiry
    assert store.verify(f"{session_id}.{expires}.{signature[:-2]}xx") is None
    assert store.verify("") is None and store.verify(None) is None and store.verify("a.b.c") is None
    other = SessionStore(tmp_path / "other.duckdb", lifetime_s=3600)  # another secret
    assert other.verify(token) is None


def test_logout_revokes_the_session_for_every_process(db_path):
    first, second = SessionStore(db_path, 3600), SessionStore(db_path, 3600)  # two app processes
    token = first.issue("ada")
    assert second.verify(token) == "ada"
    second.revoke(token)
    assert first.verify(token) is None


def test_the_secret_is_made_once_private_and_outside_the_database(db_path):
    token = SessionStore(db_path, 3600).issue("ada")
    mode = stat.S_IMODE(secret_path(db_path).stat().st_mode)
    assert mode == 0o600 and stat.S_IMODE(sessions_path(db_path).stat().st_mode) == 0o600
    assert SessionStore(db_path, 3600).verify(token) == "ada"  # the same secret on restart
    assert not db_path.exists()


def test_a_secret_others_can_read_is_refused_with_its_path(db_path):
    SessionStore(db_path, 3600)
    os.chmod(secret_path(db_path), 0o644)
    with pytest.raises(SessionError, match=r"session-secret: .*chmod 600"):
        SessionStore(db_path, 3600)


def test_a_revoked_provider_login_stays_revoked(db_path):
    store = SessionStore(db_path, 3600)
    assert not store.is_revoked("k")
    store.revoke_key("k")
    assert SessionStore(db_path, 3600).is_revoked("k")


@pytest.mark.parametrize(
    ("claims", "claim", "expected"),
    [
        ({"sub": "x1", "email": "Kari@Trondheim.kommune.no"}, "email", "kari@trondheim.kommune.no"),
        ({"sub": "x1", "email": "kari@t.no", "email_verified": True}, "email", "kari@t.no"),
        ({"sub": "x1", "pid": "01017012345"}, "pid", "01017012345"),
        ({"sub": "ABC-123"}, "sub", "abc-123"),
        ({"sub": "x1", "oid": "0f1e", "email": "x@y.no", "email_verified": False}, "oid", "0f1e"),
    ],
)
def test_the_identity_comes_from_the_configured_claim(claims, claim, expected):
    assert oidc_identity(claims, claim) == expected


@pytest.mark.parametrize(
    ("claims", "claim", "reason"),
    [
        ({"sub": "x1"}, "email", "identity_claim_missing"),  # Entra without an e-mail claim
        ({"sub": "x1", "email": "kari@t.no"}, "pid", "identity_claim_missing"),
        ({"sub": "x1", "email": "kari@t.no", "email_verified": False}, "email", "email_unverified"),
        ({"sub": "x1", "email": "kari@t.no", "email_verified": "false"}, "email", "email_unverified"),
    ],
)
def test_an_identity_that_cannot_be_trusted_is_refused(claims, claim, reason):
    with pytest.raises(IdentityRefused) as refused:
        oidc_identity(claims, claim)
    assert refused.value.reason == reason
