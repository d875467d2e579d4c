"""Local accounts: slow salted hashes, login checks, the first admin, and OIDC identities."""

import io
import os
import pwd

import pytest
from argon2 import PasswordHasher, extract_parameters
from argon2.profiles import get_default_parameters

from omrademonitor.__main__ import main, os_user
from omrademonitor.access import SYSTEM, Principal, Role
from omrademonitor.accounts import (
    IdentityRefused,
    authenticate,
    create_first_admin,
    hash_password,
    oidc_principal,
    provider_principal,
)
from omrademonitor.errors import Refusal
from omrademonitor.setup_db import initialise
from omrademonitor.store import Store
from omrademonitor.writer import WriteError, Writer

OPERATOR = Principal("cli:kari", Role.ADMIN, via="system")


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "accounts.duckdb"
    initialise(path, with_demo=False)
    return path


def test_hash_is_argon2id_salted_and_not_the_password(production_password_cost):
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first.startswith("$argon2id$") and first != second  # a new salt each time
    assert "correct horse" not in first
    # at the library's recommended cost (64 MiB, 3 passes, 4 lanes), not the cheap one the other tests use
    assert extract_parameters(first) == get_default_parameters()
    memory, passes, _ = hash_cost(first)
    assert memory >= 65536 and passes >= 3


def hash_cost(stored: str) -> tuple[int, int, int]:
    found = extract_parameters(stored)
    return found.memory_cost, found.time_cost, found.parallelism


def test_the_tests_hash_cheaply_and_those_hashes_still_verify():
    """The other tests' hashes (tests/conftest.py) are argon2id at the smallest cost; a login checks them
    with the cost read from the stored hash, as it checks a production hash."""
    cheap = hash_password("correct horse battery")
    assert hash_cost(cheap) == (8, 1, 1)
    assert PasswordHasher().verify(cheap, "correct horse battery")


def test_short_passwords_are_refused():
    with pytest.raises(WriteError, match="at least 12 characters"):
        hash_password("short")


def test_authenticate(db):
    with Writer(db) as writer:
        writer.create_user("Ada", Role.EDITOR, SYSTEM, hash_password("ada-lovelace-1815"), "Ada L.")
        writer.create_user("ben", Role.VIEWER, SYSTEM, hash_password("ben-password-99"))
        writer.update_user("ben", SYSTEM, active=False)
    store = Store(db)
    try:
        ada = authenticate(store, " ADA ", "ada-lovelace-1815")
        assert (ada.username, ada.role, ada.label) == ("ada", Role.EDITOR, "Ada L.")
        assert authenticate(store, "ada", "wrong-password-0") is None
        assert authenticate(store, "nobody", "ada-lovelace-1815") is None
        assert authenticate(store, "ben", "ben-password-99") is None  # deactivated
    finally:
        store.close()


def test_first_admin_only_once(db):
    with Writer(db) as writer:
        create_first_admin(writer, "root", "a-long-admin-password", actor=OPERATOR)
        with pytest.raises(WriteError, match="an admin exists already"):
            create_first_admin(writer, "second", "another-long-password", actor=OPERATOR)


def test_last_admin_cannot_be_demoted(db):
    with Writer(db) as writer:
        create_first_admin(writer, "root", "a-long-admin-password", actor=OPERATOR)
        with pytest.raises(WriteError, match="no active admin"):
            writer.update_user("root", SYSTEM, role=Role.VIEWER)


def test_oidc_users_get_their_stored_role_or_the_default(db):
    with Writer(db) as writer:
        writer.create_user("kari@trondheim.kommune.no", Role.RESEARCHER, SYSTEM)
    store = Store(db)
    try:
        kari = oidc_principal(store, "Kari@Trondheim.kommune.no", "Kari")
        assert (kari.role, kari.via) == (Role.RESEARCHER, "oidc")
        assert oidc_principal(store, "ola@example.org") is None
        assert oidc_principal(store, "ola@example.org", default_role="viewer").role == Role.VIEWER
        assert oidc_principal(store, None) is None
    finally:
        store.close()


def test_a_provider_login_without_access_is_refused_with_its_reason(db):
    with Writer(db) as writer:
        writer.create_user("kari@trondheim.kommune.no", Role.RESEARCHER, SYSTEM)
    store = Store(db)
    kari = {"sub": "s-1", "email": "Kari@Trondheim.kommune.no", "name": "Kari"}
    try:
        assert provider_principal(store, kari, "email").role == Role.RESEARCHER
        for claims, ended, reason, facts in [
            (kari, True, Refusal.SESSION_ENDED, {}),
            ({"sub": "s-2"}, False, Refusal.IDENTITY_CLAIM_MISSING, {"claim": "email"}),
            ({**kari, "email_verified": "false"}, False, Refusal.EMAIL_UNVERIFIED, {"claim": "email"}),
            ({"sub": "s-3", "email": "ola@example.org"}, False, Refusal.NO_ROLE, {"claim": "email"}),
        ]:
            with pytest.raises(IdentityRefused) as refused:
                provider_principal(store, claims, "email", ended=ended)
            assert (refused.value.reason, refused.value.facts) == (reason, facts)
        assert provider_principal(store, {"sub": "s-3", "email": "ola@example.org"}, "email", "viewer").role == "viewer"
    finally:
        store.close()


def test_oidc_users_have_no_password(db):
    with Writer(db) as writer:
        writer.create_user("kari@trondheim.kommune.no", Role.VIEWER, SYSTEM)
        with pytest.raises(WriteError, match="identity provider"):
            writer.update_user("kari@trondheim.kommune.no", SYSTEM, password_hash=hash_password("x" * 12))


def test_command_line_creates_the_first_admin(tmp_path, monkeypatch, capsys):
    db = tmp_path / "cli.duckdb"
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-admin-password\n"))
    assert main(["--db", str(db), "create-admin", "root", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("another-long-password\n"))
    assert main(["--db", str(db), "create-admin", "other", "--password-stdin"]) == 2
    assert "an admin exists already" in capsys.readouterr().err
    store = Store(db)
    try:
        assert authenticate(store, "root", "a-long-admin-password").role == Role.ADMIN
        assert store.query("users")["username"].tolist() == ["root"]
    finally:
        store.close()


def test_create_admin_is_audited_as_the_os_user_who_ran_it(tmp_path, monkeypatch):
    db = tmp_path / "cli.duckdb"
    monkeypatch.setenv("USER", "someone-else")  # the environment does not decide who is recorded
    monkeypatch.setenv("LOGNAME", "someone-else")
    monkeypatch.delenv("SUDO_USER", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-admin-password\n"))
    assert main(["--db", str(db), "create-admin", "root", "--password-stdin"]) == 0
    store = Store(db)
    try:
        audit = store.query("audit_log")
    finally:
        store.close()
    created = audit[audit["action"] == "create_user"]
    me = pwd.getpwuid(os.getuid()).pw_name
    assert created[["actor", "actor_role", "target"]].values.tolist() == [[f"cli:{me}", "admin", "root"]]
    assert "system" not in set(audit["actor"])  # init, run by the command, is the operator's too


def test_the_os_user_comes_from_the_process_and_names_who_called_sudo(monkeypatch):
    me = pwd.getpwuid(os.getuid()).pw_name
    monkeypatch.setenv("USER", "someone-else")
    monkeypatch.delenv("SUDO_USER", raising=False)
    assert os_user() == me
    monkeypatch.setenv("SUDO_USER", "kari")
    assert os_user() == f"{me} (sudo: kari)"
