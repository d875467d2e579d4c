"""UI words for the views across programmes (network view, ministry overview); merged into
``i18n.STRINGS``."""

CROSS_STRINGS: dict[str, tuple[str, str]] = {
    "level_fylke": ("Fylke", "County"),
    "level_land": ("Land", "Country"),
    "nav_section_across": ("På tvers av programmer", "Across programmes"),
    "nav_network": ("Nettverk av kommuner", "Network of municipalities"),
    "nav_ministry": ("Departementets oversikt", "Ministry overview"),
    "network_title": ("Kommuner side om side", "Municipalities side by side"),
    "network_intro": (
        "Velg kommunene nettverket sammenligner. Tabellen viser indikatorene minst to av dem har tall for, "
        "i det året flest av dem har tall (det siste av dem), med fylket og landet som sammenligning der "
        "tallet finnes.",
        "Choose the municipalities the network compares. The table shows the indicators at least two of "
        "them have figures for, in the year most of them have figures for (the latest such year), with "
        "the county and the country for comparison where a figure exists.",
    ),
    "network_choose": ("Kommuner", "Municipalities"),
    "network_add_county": ("Legg til alle kommunene i et fylke", "Add every municipality of a county"),
    "network_add": ("Legg til", "Add"),
    "network_none_chosen": ("Velg minst én kommune.", "Choose at least one municipality."),
    "network_no_national": (
        "Det nasjonale nivået er ikke lastet inn. Kjør `python -m omrademonitor load-national` med datamappen.",
        "The national level is not loaded. Run `python -m omrademonitor load-national` with the data folder.",
    ),
    "network_no_figures": (
        "Ingen publiserte tall for de valgte kommunene ennå.",
        "No published figures for the chosen municipalities yet.",
    ),
    "network_col_area": ("Område", "Area"),
    "network_col_code": ("Kode", "Code"),
    "network_col_kind": ("Nivå", "Level"),
    "network_kind_municipality": ("Kommune", "Municipality"),
    "network_kind_county": ("Fylke (sammenligning)", "County (comparison)"),
    "network_kind_country": ("Landet (sammenligning)", "Country (comparison)"),
    "network_chart_indicator": ("Indikator i diagrammet", "Indicator in the chart"),
    "network_share_caption": (
        "Andel av landets tall samme år: {shares}.",
        "Share of the country's figure in the same year: {shares}.",
    ),
    "network_line_caption": ("Stiplet linje: landet, {value} ({year}).", "Dashed line: the country, {value} ({year})."),
    "network_source": (
        "Kilde: publiserte tall i Områdemonitor (se importbatchene på kartsiden). Grenser © Kartverket.",
        "Source: published figures in Områdemonitor (see the import batches on the map page). Boundaries © Kartverket.",
    ),
    "ministry_title": ("Alle programmer", "Every programme"),
    "ministry_intro": (
        "Alle programmer i databasen: periode, tiltak etter status og siste rapport. Velg et program for "
        "status per innsatsområde. Bare lesing.",
        "Every programme in the database: period, measures by status and the latest report. Choose a "
        "programme for its status per focus area. Read only.",
    ),
    "ministry_none": ("Ingen programmer i databasen ennå.", "No programmes in the database yet."),
    "ministry_choose": ("Program", "Programme"),
    "ministry_col_programme": ("Program", "Programme"),
    "ministry_col_municipality": ("Kommune", "Municipality"),
    "ministry_col_period": ("Periode", "Period"),
    "ministry_col_focus_areas": ("Innsatsområder", "Focus areas"),
    "ministry_col_focus_area": ("Innsatsområde", "Focus area"),
    "ministry_col_measures": ("Tiltak etter status", "Measures by status"),
    "ministry_col_report": ("Siste rapport", "Latest report"),
    "ministry_col_with_data": ("Indikatorer med tall", "Indicators with figures"),
    "ministry_col_no_data_yet": ("Ingen tall ennå", "No data yet"),
    "ministry_no_measures": ("ingen tiltak registrert", "no measures registered"),
    "ministry_no_indicators": ("ingen indikatorer ennå", "no indicators yet"),
    "ministry_demo_suffix": (" (demonstrasjonsdata)", " (demonstration data)"),
    "ministry_no_report": ("ingen rapport ennå", "no report yet"),
    "ministry_report_line": ("per {date} (rapport {id})", "as of {date} (report {id})"),
    "ministry_focus_heading": ("Status per innsatsområde", "Status per focus area"),
}
