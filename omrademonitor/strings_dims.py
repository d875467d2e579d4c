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
    "import_crossed_breakdowns": (
        "raden gjelder en kryssing av inndelinger ({breakdowns}); monitoren lagrer én inndeling om gangen "
        "(filtrer bort den ene, f.eks. bare totalen for kjønn)",
        "the row is for a crossing of breakdowns ({breakdowns}); the monitor stores one breakdown at a time "
        "(filter one out, e.g. keep only the total for sex)",
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
