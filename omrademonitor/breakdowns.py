"""Breakdowns: the one vocabulary of the dimensions figures are broken down by, and their categories.

An indicator declares the breakdowns its figures come in (``breakdowns: [sex, age_group]`` in its
YAML). Every observation carries ``breakdown`` and ``category`` (schema v11); the figure for the
whole population is its own category, ``total``/``total``, so a total is never one of the parts it
is the sum of. Each breakdown is stored one at a time (by sex, or by age group; not crossed).

The categories of each breakdown here are exhaustive and exclusive: where the indicator's counts
add up (``aggregation: sum`` or ``ratio``), the total's counts are the sum of the categories'.
Files name categories as SSB does (dimension ``Kjonn`` with codes ``1``/``2``, ``Alder`` with
``0-17``, …) or by the words below (the aliases: what a file may write, not what a reader is shown);
``category_of`` reads them. Readers see the names ``presentation.texts.breakdown_label`` and
``category_label`` take from the catalogue (``labels.BREAKDOWN_LABEL_KEYS``, ``CATEGORY_LABEL_KEYS``).
"""

from __future__ import annotations

from dataclasses import dataclass

TOTAL = "total"


@dataclass(frozen=True)
class Category:
    id: str
    aliases: tuple[str, ...]  # SSB codes and words files use, compared case-insensitively


@dataclass(frozen=True)
class Breakdown:
    id: str
    ssb_dimensions: tuple[str, ...]  # SSB's dimension names (PxWeb codes and labels)
    categories: tuple[Category, ...]
    totals: tuple[str, ...] = ()  # this breakdown's own words and codes for its total, beside TOTAL_WORDS

    def category(self, category_id: str) -> Category:
        return next(c for c in self.categories if c.id == category_id)


BREAKDOWNS: dict[str, Breakdown] = {
    "sex": Breakdown(
        "sex",
        ("kjonn", "kjønn", "sex", "kjoenn", "gender"),
        (
            Category("female", ("2", "k", "kvinne", "kvinner", "female", "women", "f")),
            Category("male", ("1", "m", "mann", "menn", "male", "men")),
        ),
        ("0", "begge kjønn", "both sexes", "alle kjønn"),
    ),
    "age_group": Breakdown(
        "age_group",
        ("alder", "age", "aldersgruppe", "age_group", "age group"),
        (
            Category("0_17", ("0-17", "00-17", "000-017", "0-17 år", "0-17 years", "0–17 år", "0–17 years")),
            Category("18_66", ("18-66", "018-066", "18-66 år", "18-66 years", "18–66 år", "18–66 years")),
            Category("67_plus", ("67+", "067+", "67-", "67 år og over", "67 years and over", "67-120")),
        ),
        ("999d", "999", "alle aldre", "all ages"),
    ),
    "country_background": Breakdown(
        "country_background",
        ("innvandrkat", "landbakgrunn", "innvandringskategori", "country_background", "immigrant background"),
        (
            Category("immigrants", ("b", "innvandrere", "immigrants")),
            Category(
                "born_to_immigrants", ("c", "norskfødte med innvandrerforeldre", "norwegian-born to immigrant parents")
            ),
            Category("rest", ("a", "befolkningen ellers", "rest of the population", "øvrige")),
        ),
    ),
}
TOTAL_WORDS = {"total", "i alt", "alle", "all", "totalt"}


def breakdown_of_column(column: str, declared: tuple[str, ...] | list[str]) -> str | None:
    """The declared breakdown a file's column holds (by SSB's dimension names or ours), or None."""
    name = str(column).strip().lower()
    for breakdown_id in declared:
        if name in BREAKDOWNS[breakdown_id].ssb_dimensions:
            return breakdown_id
    return None


def category_of(breakdown_id: str, text) -> str | None:
    """The category a cell names ('2' or 'Kvinner' → 'female'), TOTAL for a total, None if unknown."""
    word = str(text).strip().lower()
    if word in TOTAL_WORDS or word in BREAKDOWNS[breakdown_id].totals:
        return TOTAL
    for category in BREAKDOWNS[breakdown_id].categories:
        if word == category.id or word in category.aliases:
            return category.id
    return None
