"""Roles and permissions, and the core refusing writes a role may not make."""

import pytest

from omrademonitor.access import ANONYMOUS, GRANTS, AccessDenied, Permission, Principal, Role, require
from ui.page_list import PAGES, files, readable

VIEW_PAGES = files(permission=Permission.VIEW)  # from the page list, in menu order
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
    ("principal", "permissions"),
    [
        (None, set()),
        (ANONYMOUS, EXPECTED[Role.VIEWER]),
        *[(Principal(role.value[0], role), EXPECTED[role]) for role in Role],
    ],
)
def test_menu_shows_only_allowed_pages(principal, permissions):
    """Each page of the page list is in the menu exactly when its permission is one the role has
    (the table above), or it is for everyone; the account page and the statement come last."""
    expected = [p.file for p in PAGES if p.permission is None or p.permission in permissions]
    assert readable(principal) == expected
    assert expected[-2:] == ["pages/account.py", "pages/accessibility.py"]


def test_who_may_open_a_page_is_decided_once():
    """The menu and ``guard()`` ask ``PageSpec.open_to``; neither compares a page's permission itself."""
    import re

    from omrademonitor import PROJECT_ROOT

    own = re.compile(r"\.can\(\s*(\w+\.)?permission\b|\.permission\s+(not\s+)?in\b|\.permission\s+is\s+None")
    sources = [*(PROJECT_ROOT / "ui").glob("*.py"), *(PROJECT_ROOT / "pages").glob("*.py")]
    found = [
        f"{path.name}:{number}"
        for path in sources
        if path.name != "page_list.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if own.search(line)
    ]
    assert found == []


def test_the_page_list_and_the_pages_folder_agree():
    """Adding a page is one file in pages/ and one entry in ui/page_list.py: neither without the other,
    each with its own URL, and its menu title and section in both languages."""
    from omrademonitor import PROJECT_ROOT
    from omrademonitor.i18n import t

    on_disk = sorted(f"pages/{path.name}" for path in (PROJECT_ROOT / "pages").glob("*.py"))
    assert sorted(p.file for p in PAGES) == on_disk
    urls = [p.url for p in PAGES]
    assert len(set(urls)) == len(urls)
    # A URL equal to a page file's name lets Streamlit run that file without app.py before the first
    # run has registered the navigation (no language, programme or sidebar): no URL may be one.
    assert not {p.url for p in PAGES} & {path.stem for path in (PROJECT_ROOT / "pages").glob("*.py")}
    for page in PAGES:
        for key in filter(None, (page.title, page.title_logged_out, page.section)):
            assert t(key, "nb") and t(key, "en"), key
