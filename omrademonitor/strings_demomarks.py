"""UI words telling real figures from demonstration figures, and the national comparison line;
merged into ``i18n.STRINGS``."""

DEMOMARK_STRINGS: dict[str, tuple[str, str]] = {
    "data_kind": ("Data", "Data"),
    "data_kind_demo": ("demonstrasjonsdata", "demonstration data"),
    "data_kind_real": ("ekte tall", "real figures"),
    "data_kind_mixed": ("blandet", "mixed"),
    "data_kind_None": ("–", "–"),
    "demo_point": ("demonstrasjonsdata", "demonstration data"),
    "demo_points_legend": ("Demonstrasjonsdata (hule punkter)", "Demonstration data (hollow points)"),
    "shown_all_demo": (
        "Alle tallene som vises, er demonstrasjonsdata, ikke statistikk.",
        "All figures shown are demonstration data, not statistics.",
    ),
    "shown_all_real": (
        "Alle tallene som vises, er ekte tall fra importerte kilder.",
        "All figures shown are real figures from imported sources.",
    ),
    "shown_mixed": (
        "Blandet: {real} ekte tall og {demo} demonstrasjonstall. "
        "Hule punkter er demonstrasjonsdata; en tynn stiplet strek binder dem til ekte tall.",
        "Mixed: {real} real and {demo} demonstration figures. "
        "Hollow points are demonstration data; a thin dashed link joins them to real figures.",
    ),
    "shown_mixed_map": (
        "Blandet: {real} områder med ekte tall og {demo} med demonstrasjonsdata (se tabellen).",
        "Mixed: {real} areas with real figures and {demo} with demonstration data (see the table).",
    ),
    "demo_short_mixed": (
        "Blandet: ekte tall og demonstrasjonsdata",
        "Mixed: real figures and demonstration data",
    ),
    "show_national": ("Vis landet som sammenligning", "Show the country as a comparison"),
}
