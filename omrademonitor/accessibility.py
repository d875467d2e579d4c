"""What the accessibility statement says is not yet met, shared with the axe-core test's allow-list.

Each known issue names the WCAG 2.1 success criterion, the axe-core rule that finds it (if any), the
Streamlit element it sits in (a CSS selector the test uses to tell Streamlit's markup from ours) and
why it cannot be fixed from the app's side, in both languages.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

STATEMENT_DATE = dt.date(2026, 12, 1)  # when the pages were last audited and the statement written
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING_IMPACTS = ("serious", "critical")


class KnownIssue(NamedTuple):
    """A requirement not met, and why."""

    criterion: str  # WCAG 2.1 success criterion, e.g. "1.3.1 Informasjon og relasjoner"
    axe_rule: str | None  # the axe-core rule that reports it; None when found by manual review
    within: str | None  # the Streamlit element the violation lies in (CSS selector)
    nb: str
    en: str


KNOWN_ISSUES: tuple[KnownIssue, ...] = (
    KnownIssue(
        "1.3.1",
        "list",
        '[data-testid="stSidebarNav"]',
        "Menyen i sidefeltet er en liste der Streamlit legger overskriftene for menygruppene som "
        "<div>-elementer direkte i <ul>. Skjermlesere kan lese antall punkter feil. Menyen lages av "
        "Streamlit (st.navigation) og kan ikke endres fra appen uten å erstatte Streamlits navigasjon.",
        "The sidebar menu is a list in which Streamlit places the menu-group headings as <div> elements "
        "directly inside <ul>. Screen readers may announce the number of items wrongly. Streamlit draws "
        "the menu (st.navigation); the app cannot change it without replacing Streamlit's navigation.",
    ),
    KnownIssue(
        "1.3.1",
        "listitem",
        '[data-testid="stSidebarNav"]',
        "I den samme menyen ligger menypunktene (<li>) inne i disse <div>-elementene, ikke direkte i "
        "en liste. Samme årsak som over.",
        "In the same menu the items (<li>) sit inside those <div> elements rather than directly in a "
        "list. Same cause as above.",
    ),
    KnownIssue(
        "1.1.1, 1.3.1",
        None,
        None,
        "Tabeller vises med Streamlits tabellkomponent, som tegner cellene på et lerret (canvas). "
        "Skjermlesere får tabellen gjennom en skjult kopi som ikke alltid leses riktig. Alle tabeller "
        "kan lastes ned som CSV eller Excel der det er knapper for det.",
        "Tables are shown with Streamlit's table component, which draws the cells on a canvas. Screen "
        "readers get the table through a hidden copy that is not always read correctly. Tables can be "
        "downloaded as CSV or Excel where there are buttons for it.",
    ),
    KnownIssue(
        "1.1.1",
        None,
        None,
        "Diagrammer (Plotly) har en kort tekstbeskrivelse og en tabell med de samme tallene, men "
        "enkeltpunktene i diagrammet kan ikke nås med tastatur eller skjermleser.",
        "Charts (Plotly) have a short text description and a table with the same numbers, but the "
        "individual points in a chart cannot be reached by keyboard or screen reader.",
    ),
    KnownIssue(
        "3.1.2",
        None,
        None,
        "Noen tekster i Streamlits egne komponenter er alltid på engelsk (for eksempel «Upload» og "
        "«Limit 20MB per file» i filopplasteren) og er ikke merket som engelsk.",
        'Some texts in Streamlit\'s own components are always English (for example "Upload" and '
        '"Limit 20MB per file" in the file uploader) and are not marked as English.',
    ),
    KnownIssue(
        "3.1.1",
        None,
        None,
        'Siden sendes fra Streamlit med <html lang="en">; appen setter riktig språk med et skript '
        "straks siden er lastet. Uten JavaScript, og i øyeblikket før skriptet har kjørt, er språket "
        "merket som engelsk.",
        'Streamlit serves the page as <html lang="en">; the app sets the right language with a script '
        "as soon as the page has loaded. Without JavaScript, and in the moment before the script has "
        "run, the language is marked as English.",
    ),
)


def allowed_within(rule: str) -> list[str]:
    """The Streamlit elements in which a violation of this axe rule is a known, listed issue."""
    return [issue.within for issue in KNOWN_ISSUES if issue.axe_rule == rule and issue.within]
