"""The page list: every page of the app, once. Navigation (``ui.chrome``), who may open what (the menu,
and ``ui.chrome.guard``, which a restricted page calls with no argument: the permission is its entry's
here), the page tests (tests/test_pages.py, tests/test_pages_roles.py, tests/test_access.py, …) and the
page benchmarks all read it. Adding a page is one entry here, its file in ``pages/`` and its menu title
(a ``nav_*`` key) in both catalogues, ``omrademonitor/translations/{nb,en}/``; see the README's
*Adding a page*.

No Streamlit here: tests and benchmarks import it without starting an app.
"""

from __future__ import annotations

from dataclasses import dataclass

from omrademonitor.access import Permission, Principal


@dataclass(frozen=True)
class PageSpec:
    """One page: its file, menu title (a string key), icon, the permission it needs (None: everyone, also
    before logging in), URL path (None: the start page), menu section (a string key) and whether it shows
    one programme (False: across programmes, or about the user)."""

    file: str
    title: str
    icon: str
    permission: Permission | None
    url: str | None
    section: str
    programme_scoped: bool = True
    title_logged_out: str | None = None  # the menu title before logging in, where it differs

    def open_to(self, principal: Principal | None) -> bool:
        """Whether ``principal`` (None: no one logged in, and no anonymous reading) may open this page:
        a page for everyone, or one whose permission the principal's role has. The menu and ``guard()``
        both ask this."""
        return self.permission is None or (principal is not None and principal.can(self.permission))


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/overview.py",
        "nav_overview",
        ":material/dashboard:",
        Permission.VIEW,
        None,
        "nav_section_status",
    ),
    PageSpec(
        "pages/map.py",
        "nav_map",
        ":material/map:",
        Permission.VIEW,
        "kart",
        "nav_section_status",
    ),
    PageSpec(
        "pages/explorer.py",
        "nav_explorer",
        ":material/show_chart:",
        Permission.VIEW,
        "indikator",
        "nav_section_status",
    ),
    PageSpec(
        "pages/profile.py",
        "nav_profile",
        ":material/assignment:",
        Permission.VIEW,
        "profil",
        "nav_section_status",
    ),
    PageSpec(
        "pages/focus_area.py",
        "nav_focus",
        ":material/category:",
        Permission.VIEW,
        "innsatsomrade",
        "nav_section_status",
    ),
    PageSpec(
        "pages/measures.py",
        "nav_measures",
        ":material/checklist:",
        Permission.VIEW,
        "tiltak",
        "nav_section_programme",
    ),
    PageSpec(
        "pages/goals.py",
        "nav_goals",
        ":material/flag:",
        Permission.VIEW,
        "mal",
        "nav_section_programme",
    ),
    PageSpec(
        "pages/evaluation.py",
        "nav_evaluation",
        ":material/fact_check:",
        Permission.VIEW,
        "sluttevaluering",
        "nav_section_programme",
    ),
    PageSpec(
        "pages/report.py",
        "nav_report",
        ":material/picture_as_pdf:",
        Permission.VIEW,
        "rapport",
        "nav_section_meetings",
    ),
    PageSpec(
        "pages/presentation.py",
        "nav_presentation",
        ":material/slideshow:",
        Permission.VIEW,
        "presentasjon",
        "nav_section_meetings",
    ),
    PageSpec(
        "pages/network.py",
        "nav_network",
        ":material/hub:",
        Permission.VIEW,
        "nettverk",
        "nav_section_across",
        programme_scoped=False,
    ),
    PageSpec(
        "pages/ministry.py",
        "nav_ministry",
        ":material/account_balance:",
        Permission.VIEW,
        "departement",
        "nav_section_across",
        programme_scoped=False,
    ),
    PageSpec(
        "pages/effects.py",
        "nav_effects",
        ":material/science:",
        Permission.VIEW,
        "effekt",
        "nav_section_research",
    ),
    PageSpec(
        "pages/sql.py",
        "nav_sql",
        ":material/terminal:",
        Permission.SQL_CONSOLE,
        "sql-konsoll",
        "nav_section_research",
    ),
    PageSpec(
        "pages/import_data.py",
        "nav_import",
        ":material/upload_file:",
        Permission.IMPORT,
        "import",
        "nav_section_admin",
    ),
    PageSpec(
        "pages/users.py",
        "nav_users",
        ":material/group:",
        Permission.MANAGE_USERS,
        "brukere",
        "nav_section_admin",
    ),
    PageSpec(
        "pages/audit.py",
        "nav_audit",
        ":material/history:",
        Permission.VIEW_AUDIT,
        "logg",
        "nav_section_admin",
    ),
    # for everyone, logged in or not; always last in the menu
    PageSpec(
        "pages/account.py",
        "account_title",
        ":material/person:",
        None,
        "konto",
        "nav_section_account",
        programme_scoped=False,
        title_logged_out="log_in",
    ),
    PageSpec(
        "pages/accessibility.py",
        "nav_accessibility",
        ":material/accessibility:",
        None,
        "tilgjengelighet",
        "nav_section_account",
        programme_scoped=False,
    ),
)


def files(*, permission: Permission | str | None = "any", programme_scoped: bool | None = None) -> list[str]:
    """The page files, in menu order; only those needing ``permission`` (None: the pages for everyone)
    and, when given, only the pages that do (True) or do not (False) show one programme."""
    return [
        page.file
        for page in PAGES
        if (permission == "any" or page.permission == permission)
        and (programme_scoped is None or page.programme_scoped == programme_scoped)
    ]


def readable(principal: Principal | None) -> list[str]:
    """The page files ``principal`` may open (``PageSpec.open_to``), in menu order; the account page and
    the accessibility statement, open to everyone, always come last."""
    return [page.file for page in PAGES if page.open_to(principal)]
