"""Local accounts (argon2id password hashes) and mapping OIDC identities to roles.

No account or password ships with the app: `python -m omrademonitor create-admin` makes the first.
"""

from __future__ import annotations

from collections.abc import Mapping

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from omrademonitor.access import Principal, Role
from omrademonitor.errors import Refusal, Refused
from omrademonitor.writer import WriteError, Writer

MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()  # argon2id with the library's current recommended cost


def hash_password(password: str) -> str:
    """A salted, slow argon2id hash; refuses passwords shorter than MIN_PASSWORD_LENGTH."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WriteError(Refusal.PASSWORD_TOO_SHORT, minimum=MIN_PASSWORD_LENGTH)
    return _hasher.hash(password)


def authenticate(store, username: str, password: str) -> Principal | None:
    """The principal for a correct local username and password of an active user, else None."""
    users = store.query("user", username=username.strip().lower())
    if users.empty:
        _hasher.hash("timing-equaliser")  # spend about the same time as a real check
        return None
    user = users.iloc[0]
    if not user["active"] or user["auth"] != "local" or not user["password_hash"]:
        return None
    try:
        _hasher.verify(user["password_hash"], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return Principal(user["username"], Role(user["role"]), user["display_name"], via="local")


class IdentityRefused(Refused, ValueError):
    """A login through the identity provider gives no access: ``reason`` is a ``Refusal`` code
    (``IDENTITY_CLAIM_MISSING``, ``EMAIL_UNVERIFIED``, ``SESSION_ENDED``, ``NO_ROLE``), ``facts`` its
    facts (the ``claim`` the provider's answer was read by)."""


def oidc_identity(claims: Mapping, claim: str = "email") -> str:
    """The users-table name for someone the identity provider logged in: the value of ``claim``.

    ``claim`` is configured per provider: ``email`` (the default), ``pid`` (ID-porten's national
    identity number), ``sub`` (the provider's stable subject) or another claim such as Entra's
    ``oid``. An e-mail the provider marks unverified (``email_verified`` false) is refused.
    """
    value = claims.get(claim)
    if value is None or not str(value).strip():
        raise IdentityRefused(Refusal.IDENTITY_CLAIM_MISSING, claim=claim)
    if claim == "email" and str(claims.get("email_verified", True)).strip().lower() in ("false", "0", "no"):
        raise IdentityRefused(Refusal.EMAIL_UNVERIFIED, claim=claim)
    return str(value).strip().lower()


def oidc_principal(store, identity: str | None, name: str = "", default_role: str = "") -> Principal | None:
    """The principal for someone the identity provider logged in, by their identity (``oidc_identity``).

    Their role comes from the users table; someone not listed gets ``default_role`` (none: no access).
    """
    if not identity:
        return None
    users = store.query("user", username=identity.strip().lower())
    if not users.empty:
        user = users.iloc[0]
        if not user["active"]:
            return None
        return Principal(user["username"], Role(user["role"]), user["display_name"] or name, via="oidc")
    if default_role:
        return Principal(identity.strip().lower(), Role(default_role), name, via="oidc")
    return None


def provider_principal(store, claims: Mapping, claim: str, default_role: str = "", *, ended: bool = False) -> Principal:
    """The principal for the identity provider's answer ``claims`` (``st.user``), read by ``claim``.

    Raises ``IdentityRefused`` when the login gives no access: ``SESSION_ENDED`` when it has ``ended``
    (older than a session, or logged out), the reasons of ``oidc_identity``, and ``NO_ROLE`` when
    ``oidc_principal`` finds no role for the person.
    """
    if ended:
        raise IdentityRefused(Refusal.SESSION_ENDED)
    principal = oidc_principal(store, oidc_identity(claims, claim), claims.get("name", ""), default_role)
    if principal is None:
        raise IdentityRefused(Refusal.NO_ROLE, claim=claim)
    return principal


def local_principal(store, username: str) -> Principal | None:
    """The principal of an active local account (for a session restored from its cookie), else None."""
    users = store.query("user", username=username)
    if users.empty:
        return None
    user = users.iloc[0]
    if not user["active"] or user["auth"] != "local":
        return None
    return Principal(user["username"], Role(user["role"]), user["display_name"], via="local")


def create_first_admin(
    writer: Writer, username: str, password: str, display_name: str = "", *, actor: Principal
) -> None:
    """Create the first admin; refused once any admin exists (later admins are made by admins).

    ``actor`` is who is recorded in the audit trail as having created the account. On the command
    line that is the operator, ``cli:<os user>`` (``__main__.operator``): the account of the machine
    that ran ``create-admin``. That is what an auditor can follow up: the created admin is already
    in the row as its target (and in its after-values), but cannot be its actor, since the account
    did not exist yet and its name is only what was typed; and the generic system principal would
    say no more than "someone", the very question the audit trail is there to answer.
    """
    if writer.con.execute("SELECT count(*) FROM users WHERE role = 'admin'").fetchone()[0]:
        raise WriteError(Refusal.ADMIN_EXISTS)
    writer.create_user(username, Role.ADMIN, actor, password_hash=hash_password(password), display_name=display_name)
