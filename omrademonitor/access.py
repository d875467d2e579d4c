"""Who may do what: roles, their permissions, and the check every write makes in the core.

Roles are cumulative: a researcher may do all a viewer may, an editor all a researcher may,
and an admin everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from omrademonitor.errors import Refusal, Refused


class Role(StrEnum):
    """A user's role, lowest first."""

    VIEWER = "viewer"
    RESEARCHER = "researcher"
    EDITOR = "editor"
    ADMIN = "admin"


class Permission(StrEnum):
    """Something a role may do."""

    VIEW = "view"  # dashboards and reports
    DOWNLOAD = "download"  # full downloads of the figures behind views
    SQL_CONSOLE = "sql_console"  # read-only SQL on the store
    IMPORT = "import"  # observations and boundaries; rollbacks
    EDIT_PROGRAMME = "edit_programme"  # measures, events, goals
    VIEW_AUDIT = "view_audit"  # browse and export the audit trail
    MANAGE_USERS = "manage_users"  # users and roles
    CONFIGURE = "configure"  # programme and registry configuration


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset({Permission.VIEW}),
    Role.RESEARCHER: frozenset({Permission.VIEW, Permission.DOWNLOAD, Permission.SQL_CONSOLE}),
    Role.EDITOR: frozenset(
        {Permission.VIEW, Permission.DOWNLOAD, Permission.SQL_CONSOLE, Permission.IMPORT, Permission.EDIT_PROGRAMME}
    ),
    Role.ADMIN: frozenset(Permission),
}


class AccessDenied(Refused, PermissionError):
    """The actor's role does not allow the action (or no one is logged in); nothing was done."""


@dataclass(frozen=True)
class Principal:
    """Someone acting in the app or on the command line."""

    username: str
    role: Role
    display_name: str = ""
    via: str = "local"  # local | oidc | anonymous | system

    def can(self, permission: Permission) -> bool:
        """Whether this principal's role grants ``permission``."""
        return permission in GRANTS[self.role]

    @property
    def label(self) -> str:
        """How to name this principal to people."""
        return self.display_name or self.username


SYSTEM = Principal("system", Role.ADMIN, "Områdemonitor (system)", via="system")
ANONYMOUS = Principal("anonymous", Role.VIEWER, via="anonymous")


def require(actor: Principal | None, permission: Permission) -> Principal:
    """Return ``actor`` if it may do ``permission``; raise AccessDenied otherwise."""
    if actor is None or not isinstance(actor, Principal):
        raise AccessDenied(Refusal.NOT_LOGGED_IN, permission=permission)
    if not actor.can(permission):
        raise AccessDenied(Refusal.NOT_PERMITTED, username=actor.username, role=actor.role, permission=permission)
    return actor
