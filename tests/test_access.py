"""Roles and permissions, and the core refusing writes a role may not make."""

import pytest

from omrademonitor.access import ANONYMOUS, GRANTS, AccessDenied, Permission, Principal, Role, require
from ui.chrome import ACCOUNT_PAGE, STATEMENT_PAGE, visible_pages

VIEW_PAGES = [
    "pages/overview.py",
    "pages/map.py",
    "pages/explorer.py",
    "pages/profile.py",
    "pages/focus_area.py",
    "pages/measures.py",
    "pages/goals.py",
    "pages/evaluation.py",
    "pages/report.py",
    "pages/presentation.py",
    "pages/network.py",
    "pages/ministry.py",
    "pages/effects.py",
]
EXPECTED = {
    Role.VIEWER: {Permission.VIEW},
    Role.RESEARCHER: {Permission.VIEW, Permission.DOWNLOAD, Permission.SQL_CONSOLE},
    Role.EDITOR: {
        Permission.VIEW,
        Permission.DOWNLOAD,
        Permission.SQL_CONSOLE,
        Permission.IMPORT,
        Permission.EDIT_PROGRAMME,
    },
    Role.ADMIN: set(Permission),
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_exactly_its_permissions(role):
    assert GRANTS[role] == EXPECTED[role]
    principal = Principal("someone", role)
    for permission in Permission:
        assert principal.can(permission) == (permission in EXPECTED[role])


def test_require_refuses_with_a_clear_message():
    viewer = Principal("vera", Role.VIEWER)
    assert require(viewer, Permission.VIEW) is viewer
    with pytest.raises(AccessDenied, match=r"vera \(viewer\) may not 'import'"):
        require(viewer, Permission.IMPORT)
    with pytest.raises(AccessDenied, match="no one is logged in"):
        require(None, Permission.VIEW)


@pytest.mark.parametrize(
    ("principal", "pages"),
    [
        (None, [ACCOUNT_PAGE, STATEMENT_PAGE]),
        (ANONYMOUS, [*VIEW_PAGES, ACCOUNT_PAGE, STATEMENT_PAGE]),
        (Principal("r", Role.RESEARCHER), [*VIEW_PAGES, "pages/sql.py", ACCOUNT_PAGE, STATEMENT_PAGE]),
        (
            Principal("e", Role.EDITOR),
            [*VIEW_PAGES, "pages/sql.py", "pages/import_data.py", ACCOUNT_PAGE, STATEMENT_PAGE],
        ),
        (
            Principal("a", Role.ADMIN),
            [
                *VIEW_PAGES,
                "pages/sql.py",
                "pages/import_data.py",
                "pages/users.py",
                "pages/audit.py",
                ACCOUNT_PAGE,
                STATEMENT_PAGE,
            ],
        ),
    ],
)
def test_menu_shows_only_allowed_pages(principal, pages):
    assert visible_pages(principal) == pages
