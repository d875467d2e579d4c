"""Page furniture shared by every page: language, URL-bound choices (programme, indicator, breakdown),
the store's availability, the demo banner, the menu (``navigation_pages``, from ``ui/page_list.py``) and
the guard a page runs first (``guard``, ``dashboard_page``): both let in whom the page's entry is
``PageSpec.open_to``."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import streamlit as st

from omrademonitor import PROJECT_ROOT, labels
from omrademonitor.access import Principal
from omrademonitor.breakdowns import BREAKDOWNS, TOTAL
from omrademonitor.errors import DatabaseBusy
from omrademonitor.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from omrademonitor.indicator_registry import Registry
from omrademonitor.presentation.texts import breakdown_label, category_label
from omrademonitor.programme import Programme
from omrademonitor.scope import Scope
from omrademonitor.setup_db import default_programme_id
from ui import cached, page_list
from ui.auth import (
    current_principal,
    logged_in,
    login_panel,
    provider_logged_in,
    remember_deep_link,
    render_cookie_script,
)
from ui.page_list import PageSpec

LANGUAGE_NAMES = {"nb": "Norsk (bokmål)", "en": "English"}


def url_selectbox(container, label: str, options: Sequence, key: str, format_func: Callable = str, default=None):
    """A selectbox whose value lives in the URL as ``?key=value`` (the raw option, not its label),
    so a copied link reproduces the view in either language."""
    by_text = {str(option): option for option in options}
    if st.session_state.get(key) not in options:
        fallback = default if default in options else options[0]
        st.session_state[key] = by_text.get(st.query_params.get(key), fallback)
    value = container.selectbox(label, options, key=key, format_func=format_func)
    st.query_params[key] = str(value)
    return value


def url_multiselect(
    container, label: str, options: Sequence, key: str, format_func: Callable = str, default: Sequence = ()
) -> list:
    """A multiselect whose values live in the URL as ``?key=a,b,c``."""
    by_text = {str(option): option for option in options}
    if key not in st.session_state:
        wanted = [by_text[v] for v in (st.query_params.get(key) or "").split(",") if v in by_text]
        st.session_state[key] = wanted or [d for d in default if d in options]
    values = container.multiselect(label, options, key=key, format_func=format_func)
    st.query_params[key] = ",".join(map(str, values))
    return values


def lazy_expander(label: str, key: str):
    """An expander whose content the page draws only once it is opened (``.open``; opening it reruns
    the page, or only the fragment it is in): a closed one sends nothing, and the browser loads no code
    for what it would hold."""
    return st.expander(label, key=key, on_change="rerun")


def indicator_picker(container, registry: Registry, lang: str, programme: Programme | None = None):
    """The indicator chosen in a select box kept in the URL (``?indicator=``): the programme's
    indicators (in its focus areas' order) first, then the rest of the registry."""
    own = programme.indicators(registry) if programme is not None else []
    ids = list(dict.fromkeys([*(i.id for i in own), *registry.ids()]))
    chosen = url_selectbox(
        container,
        t("indicator", lang),
        ids,
        "indicator",
        lambda i: registry[i].name.get(lang),
        default=registry.default_map_indicator(own or None).id,
    )
    return registry[chosen]


def breakdown_picker(container, indicator, lang: str) -> tuple[str, str] | None:
    """For an indicator given by breakdown (sex, age group, …), the part of the population to show,
    kept in the URL (``?part=sex.female``); None for the total (the default, and for every
    indicator without breakdowns, which gets no choice)."""
    if not indicator.breakdowns:
        return None
    options = [TOTAL] + [
        f"{breakdown}.{category.id}"
        for breakdown in indicator.breakdowns
        for category in BREAKDOWNS[breakdown].categories
    ]

    def named(option: str) -> str:
        if option == TOTAL:
            return t("breakdown_none", lang)
        breakdown, category = option.split(".", 1)
        return f"{breakdown_label(breakdown, lang)}: {category_label(breakdown, category, lang)}"

    chosen = url_selectbox(container, t("breakdown_choice", lang), options, "part", named, default=TOTAL)
    return None if chosen == TOTAL else tuple(chosen.split(".", 1))


def language() -> str:
    """The chosen language, kept in the URL as ``?lang=``; Norwegian by default.

    The choice is kept outside the widget: Streamlit gives the menu's next page a fresh select box
    that would otherwise start at its first option (Norwegian) while the session still says English."""
    if "ui_language" not in st.session_state:
        wanted = st.query_params.get("lang")
        st.session_state["ui_language"] = wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE
    st.session_state["lang"] = st.session_state["ui_language"]
    chosen = st.sidebar.selectbox(
        "Språk / Language", LANGUAGES, key="lang", format_func=LANGUAGE_NAMES.get, on_change=_keep_language
    )
    st.query_params["lang"] = chosen
    return chosen


def _keep_language() -> None:
    st.session_state["ui_language"] = st.session_state["lang"]


def programme_choice(lang: str) -> str:
    """The programme every view is scoped to, kept in the URL as ``?programme=``; without one, the
    deployment's default programme or the first. A menu in the sidebar when there is more than one."""
    programmes, ids = _programmes()
    if st.session_state.get("ui_programme") not in ids:
        wanted = st.query_params.get("programme")
        st.session_state["ui_programme"] = (
            wanted
            if wanted in ids
            else default_programme_id(_only(programmes, ids), cached.settings().default_programme)
        )
    chosen = st.session_state["ui_programme"]
    if len(ids) > 1:
        st.session_state["programme"] = chosen
        chosen = st.sidebar.selectbox(
            t("choose_programme", lang),
            ids,
            key="programme",
            format_func=lambda i: programmes[i].name.get(lang),
            on_change=_keep_programme,
        )
    st.query_params["programme"] = chosen
    return chosen


def _keep_programme() -> None:
    st.session_state["ui_programme"] = st.session_state["programme"]


def current_programme_id() -> str:
    """The programme chosen in this session (set by ``programme_choice()`` in the entry point)."""
    programmes, ids = _programmes()
    chosen = st.session_state.get("ui_programme")
    if chosen in ids:
        return chosen
    wanted = st.query_params.get("programme")
    return (
        wanted if wanted in ids else default_programme_id(_only(programmes, ids), cached.settings().default_programme)
    )


def _programmes() -> tuple[dict, list[str]]:
    """Every programme defined, and the ids of those the store is ready for (all of them when there is
    no usable store yet: the page then explains that)."""
    programmes, _ = cached.definitions()
    ready = cached.ready_programmes(cached.data_version()) if cached.try_database() is not None else list(programmes)
    return programmes, ready or list(programmes)


def _only(programmes: dict, ids: list[str]) -> dict:
    return {pid: programmes[pid] for pid in ids}


def current_language() -> str:
    """The language chosen in this session (set by ``language()`` in the entry point)."""
    return st.session_state.get("lang") or DEFAULT_LANGUAGE


def require_store(lang: str):
    """The store, or stop the page with an explanation when there is no usable database, or when a
    long write (a large import on the command line) keeps it busy for longer than a read waits."""
    store = cached.try_database()
    if store is None:
        st.error(t("no_database", lang))
        st.stop()
    try:
        cached.data_version()
    except DatabaseBusy:
        st.warning(t("database_busy_reading", lang))
        st.stop()
    return store


def demo_banner(lang: str) -> None:
    """A warning on every page of a programme that shows demonstration data (figures in its areas or
    measures in its register); a programme with only real data gets none, whatever else the store holds."""
    if cached.programme_holds_demo_data(cached.data_version(), current_programme_id()):
        st.warning(t("demo_banner", lang), icon=":material/science:")


def navigation_pages(principal: Principal | None, lang: str) -> dict[str, list]:
    """Every page as st.Page objects in menu sections; those this principal may not open are hidden
    from the menu but stay registered, so a bookmark of one explains itself (``guard``) instead of
    Streamlit's "Page not found"."""
    sections: dict[str, list] = {}
    for i, spec in enumerate(page_list.PAGES):
        title = spec.title_logged_out if spec.title_logged_out and not logged_in(principal) else spec.title
        visibility = "visible" if spec.open_to(principal) else "hidden"
        page = st.Page(
            spec.file, title=t(title, lang), icon=spec.icon, url_path=spec.url, default=i == 0, visibility=visibility
        )
        sections.setdefault(t(spec.section, lang), []).append(page)
    return sections


def running_page() -> PageSpec:
    """The page list's entry of the page running now: the page file on the call stack (Streamlit runs a
    page's file with its path as ``__file__``, whether ``app.py``'s ``st.navigation`` runs it or not)."""
    entries = _by_resolved_file(page_list.PAGES)
    frame = inspect.currentframe()
    while frame is not None:
        file = frame.f_globals.get("__file__")
        if file and (spec := entries.get(_resolved(file))) is not None:
            return spec
        frame = frame.f_back
    raise RuntimeError("guard() and dashboard_page() are for the pages of ui/page_list.py")


@functools.cache
def _by_resolved_file(pages: tuple[PageSpec, ...]) -> dict[Path, PageSpec]:
    """The page list's entries by their files' real paths (the list is read when asked: tests patch it)."""
    return {_resolved(str(PROJECT_ROOT / spec.file)): spec for spec in pages}


@functools.cache
def _resolved(file: str) -> Path:
    """A file's real path, found once per file instead of on every rerun of every page."""
    return Path(file).resolve()


def guard() -> Principal | None:
    """Stop the page unless the session's principal has the permission the page list gives the running
    page (``ui/page_list.py``: pages check, as does the core; a page never names its permission).

    Someone not logged in is told so and offered the login right here, so after logging in they are
    on the page they asked for; someone whose role is too low is told which role they have."""
    principal = current_principal()
    if running_page().open_to(principal):
        return principal
    lang = current_language()
    if logged_in(principal):
        st.error(
            t("no_access_role", lang, role=t(labels.ROLE_LABEL_KEYS[principal.role], lang)), icon=":material/block:"
        )
    else:
        st.info(t("login_to_open", lang), icon=":material/lock:")
        if cached.settings().auth == "oidc" and not provider_logged_in():
            remember_deep_link()
        login_panel(lang)
    render_cookie_script(session_cookie=False)
    st.stop()


PRINT_CSS = """
<style>
@media print {
  [data-testid="stSidebar"], header, [data-testid="stToolbar"] { display: none !important; }
  .block-container { padding: 0 !important; max-width: 100% !important; }
}
</style>
"""


def print_friendly() -> None:
    """When printed, the page drops the sidebar and header so its content fits the paper."""
    st.html(PRINT_CSS)


class PageContext(NamedTuple):
    """What every dashboard page starts from: the programme and its scope (municipality, areas)."""

    lang: str
    principal: Principal
    programme: Programme
    registry: Registry
    version: str
    scope: Scope


def dashboard_page(programme_id: str | None = None) -> PageContext:
    """Check the viewer may open the page (its permission in ``ui/page_list.py``) and that the database is
    usable, and load the definitions, the data version and the chosen programme's scope
    (``?programme=``), once per run."""
    lang = current_language()
    principal = guard()  # the page list's permission of the page (VIEW for every dashboard page)
    require_store(lang)
    programmes, registry = cached.definitions()
    programme_id = programme_id or current_programme_id()
    version = cached.data_version()
    return PageContext(
        lang, principal, programmes[programme_id], registry, version, cached.scope(version, programme_id)
    )
