"""What the accessibility statement says is not yet met, shared with the axe-core test's allow-list.

Each known issue names the WCAG 2.1 success criteria (by number), the axe-core rule that finds it (if any), the
Streamlit element it sits in (a CSS selector the test uses to tell Streamlit's markup from ours); what
the statement says about it, and why it cannot be fixed from the app's side, is the catalogue text
``labels.KNOWN_ISSUE_LABEL_KEYS[issue.id]``.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

STATEMENT_DATE = dt.date(2026, 12, 1)  # when the pages were last audited and the statement written
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING_IMPACTS = ("serious", "critical")


class KnownIssue(NamedTuple):
    """A requirement not met (why: the catalogue text of its ``id``)."""

    id: str  # names it in labels.KNOWN_ISSUE_LABEL_KEYS
    criterion: str  # WCAG 2.1 success criteria by number: "1.3.1", or several as "1.1.1, 1.3.1"
    axe_rule: str | None  # the axe-core rule that reports it; None when found by manual review
    within: str | None  # the Streamlit element the violation lies in (CSS selector)


KNOWN_ISSUES: tuple[KnownIssue, ...] = (
    KnownIssue("menu_list", "1.3.1", "list", '[data-testid="stSidebarNav"]'),
    KnownIssue("menu_items", "1.3.1", "listitem", '[data-testid="stSidebarNav"]'),
    KnownIssue("tables", "1.1.1, 1.3.1", None, None),
    KnownIssue("charts", "1.1.1", None, None),
    KnownIssue("streamlit_english", "3.1.2", None, None),
    KnownIssue("page_language", "3.1.1", None, None),
)


def allowed_within(rule: str) -> list[str]:
    """The Streamlit elements in which a violation of this axe rule is a known, listed issue."""
    return [issue.within for issue in KNOWN_ISSUES if issue.axe_rule == rule and issue.within]
