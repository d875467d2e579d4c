"""UI words for open data out, chart images and SQL downloads; merged into ``i18n.STRINGS``."""

DATAOUT_STRINGS: dict[str, tuple[str, str]] = {
    "open_data": ("Åpne data", "Open data"),
    "open_data_note": (
        "Indikatorens publiserte tall for alle områder og år, som tall (CSV og JSON), og hele datasettet som "
        "zip med kodebok (indikatorer, områder, symboler, dataversjon {version}, lisens og kilder). Skjermede tall "
        "er tomme med SSBs symbol «:».",
        "The indicator's published figures for every area and year, as numbers (CSV and JSON), and the whole "
        "dataset as a zip with a codebook (indicators, areas, symbols, data version {version}, licence and "
        "sources). Hidden figures are empty with SSB's symbol ':'.",
    ),
    "open_data_csv": ("Indikatoren, alle områder (CSV)", "The indicator, all areas (CSV)"),
    "open_data_json": ("Indikatoren, alle områder (JSON)", "The indicator, all areas (JSON)"),
    "open_data_meta": ("Indikatorens metadata (JSON)", "The indicator's metadata (JSON)"),
    "open_data_zip": ("Hele datasettet med kodebok (zip)", "The whole dataset with codebook (zip)"),
    "chart_image": ("Figuren som bilde", "The chart as an image"),
    "chart_png": ("Last ned PNG", "Download PNG"),
    "chart_svg": ("Last ned SVG", "Download SVG"),
    "chart_image_failed": (
        "Figuren kunne ikke lages som bilde nå (feil-id {error_id}). Prøv igjen senere.",
        "The chart could not be made as an image now (error id {error_id}). Try again later.",
    ),
    "chart_source": ("Kilde: {source}", "Source: {source}"),
    "chart_made": ("Laget {date} · Områdemonitor", "Made {date} · Områdemonitor"),
    "sql_download_all": (
        "Hele resultatet som fil (uten radgrensen på skjermen)",
        "The whole result as a file (without the on-screen row limit)",
    ),
    "sql_file_none": ("Ingen fil", "No file"),
    "sql_download_ready": (
        "{rows} rader skrevet på {seconds} s ({size} MB).",
        "{rows} rows written in {seconds} s ({size} MB).",
    ),
    "sql_download_button": ("Last ned {name}", "Download {name}"),
    "sql_stopped_file_size": (
        "Filen ble større enn grensen på {limit} MB og ble ikke laget. Velg færre kolonner eller rader.",
        "The file grew larger than the limit of {limit} MB and was not made. Select fewer columns or rows.",
    ),
    "boundary_skipped": (
        "{count} flater hoppet over fordi monitoren ikke kjenner områdene, f.eks. {examples}.",
        "{count} features skipped because the monitor does not know their areas, e.g. {examples}.",
    ),
    "boundary_skipped_example": ("rad {row}: {value}", "row {row}: {value}"),
}
