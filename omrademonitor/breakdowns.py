"""Breakdowns: the one vocabulary of the dimensions figures are broken down by, and their categories.

An indicator declares the breakdowns its figures come in (``breakdowns: [sex, age_group]`` in its
YAML). Every observation carries ``breakdown`` and ``category`` (schema v11); the figure for the
whole population is its own category, ``total``/``total``, so a total is never one of the parts it
is the sum of. Each breakdown is stored one at a time (by sex, or by age group; not crossed).

The categories of each breakdown here are exhaustive and exclusive: where the indicator's counts
add up (``aggregation: sum`` or ``ratio``), the total's counts are the sum of the categories'.
Files name categories as SSB does (dimension ``Kjonn`` with codes ``1``/``2``, ``Alder`` with
``0-17``, …) or by the words below; ``category_of`` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

TOTAL = "total"


@dataclass(frozen=True)
class Category:
    id: str
    nb: str
    en: str
    aliases: tuple[str, ...]  # SSB codes and words files use, compared case-insensitively


@dataclass(frozen=True)
class Breakdown:
    id: str
    nb: str
    en: str
    ssb_dimensions: tuple[str, ...]  # SSB's dimension names (PxWeb codes and labels)
    categories: tuple[Category, ...]
    totals: tuple[str, ...] = ()  # this breakdown's own words and codes for its total, beside TOTAL_WORDS

    def category(self, category_id: str) -> Category:
        return next(c for c in self.categories if c.id == category_id)


BREAKDOWNS: dict[str, Breakdown] = {
    "sex": Breakdown(
        "sex",
        "Kjønn",
        "Sex",
        ("kjonn", "kjønn", "sex", "kjoenn", "gender"),
        (
            Category("female", "Kvinner", "Women", ("2", "k", "kvinne", "kvinner", "female", "women", "f")),
            Category("male", "Menn", "Men", ("1", "m", "mann", "menn", "male", "men")),
        ),
        ("0", "begge kjønn", "both sexes", "alle kjønn"),
    ),
    "age_group": Breakdown(
        "age_group",
        "Aldersgruppe",
        "Age group",
        ("alder", "age", "aldersgruppe", "age_group", "age group"),
        (
            Category("0_17", "0–17 år", "0–17 years", ("0-17", "00-17", "000-017", "0-17 år", "0-17 years")),
            Category("18_66", "18–66 år", "18–66 years", ("18-66", "018-066", "18-66 år", "18-66 years")),
            Category(
                "67_plus", "67 år og over", "67 years and over", ("67+", "067+", "67-", "67 år og over", "67-120")
            ),
        ),
        ("999d", "999", "alle aldre", "all ages"),
    ),
    "country_background": Breakdown(
        "country_background",
        "Innvandringsbakgrunn",
        "Immigrant background",
        ("innvandrkat", "landbakgrunn", "innvandringskategori", "country_background", "immigrant background"),
        (
            Category("immigrants", "Innvandrere", "Immigrants", ("b", "innvandrere", "immigrants")),
            Category(
                "born_to_immigrants",
                "Norskfødte med innvandrerforeldre",
                "Norwegian-born to immigrant parents",
                ("c", "norskfødte med innvandrerforeldre", "norwegian-born to immigrant parents"),
            ),
            Category(
                "rest",
                "Befolkningen ellers",
                "Rest of the population",
                ("a", "befolkningen ellers", "rest of the population", "øvrige"),
            ),
        ),
    ),
}
TOTAL_WORDS = {"total", "i alt", "alle", "all", "totalt"}
TOTAL_LABEL = {"nb": "I alt", "en": "Total"}


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
        if word == category.id or word in category.aliases or word in (category.nb.lower(), category.en.lower()):
            return category.id
    return None


def category_label(breakdown_id: str, category_id: str, lang: str = "nb") -> str:
    """A category's name for readers ('Kvinner' / 'Women'; 'I alt' / 'Total' for the total)."""
    if category_id == TOTAL or breakdown_id == TOTAL:
        return TOTAL_LABEL["en" if lang == "en" else "nb"]
    category = BREAKDOWNS[breakdown_id].category(category_id)
    return category.en if lang == "en" else category.nb


def breakdown_label(breakdown_id: str, lang: str = "nb") -> str:
    """A breakdown's name for readers ('Kjønn' / 'Sex')."""
    if breakdown_id == TOTAL:
        return TOTAL_LABEL["en" if lang == "en" else "nb"]
    breakdown = BREAKDOWNS[breakdown_id]
    return breakdown.en if lang == "en" else breakdown.nb
