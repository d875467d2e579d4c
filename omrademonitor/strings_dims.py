"""UI words for period types and breakdowns (schema v11); merged into ``i18n.STRINGS``."""

DIMS_STRINGS: dict[str, tuple[str, str]] = {
    "import_period_type_mismatch": (
        "perioden er ikke av typen indikatoren er oppgitt med: forventet {expected}, fant {found}",
        "the period is not of the type the indicator declares: expected {expected}, found {found}",
    ),
    "import_unknown_category": (
        "ukjent kategori for {breakdown} (kjente: {known})",
        "unknown category for {breakdown} (known: {known})",
    ),
    "import_breakdown_not_declared": (
        "indikatoren har ingen inndeling etter {breakdown} (oppgitt: {declared})",
        "the indicator is not broken down by {breakdown} (declared: {declared})",
    ),
    "breakdown_choice": ("Inndeling", "Breakdown"),
    "breakdown_choice_help": (
        "Vis tallene for én gruppe av befolkningen (kjønn, aldersgruppe, innvandringsbakgrunn); "
        "«I alt» er hele befolkningen.",
        "Show the figures for one part of the population (sex, age group, immigrant background); 'Total' is everyone.",
    ),
    "breakdown_none": ("I alt (ingen inndeling)", "Total (no breakdown)"),
    "period_column": ("Periode", "Period"),
}
