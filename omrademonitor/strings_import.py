"""Messages of the import checks against hostile and careless files (limits, encodings, plausibility),
as (Norwegian bokmål, English). ``i18n`` adds them to the import messages (key ``import_<code>``)."""

IMPORT_PAGE_STRINGS: dict[str, tuple[str, str]] = {
    "problems_in_rows": (
        "{problems} slags problem funnet, i {rows} rader.",
        "{problems} kind(s) of problem found, in {rows} rows.",
    ),
    "problems_listed": ("{problems} problem funnet.", "{problems} problem(s) found."),
    "confirm_blocked": (
        "Bekreft import er slått av så lenge problemene står i listen: rett filen eller valgene over, "
        "eller velg å importere de gyldige radene (når problemene gjelder enkeltrader).",
        "Confirm import is disabled while problems are listed: correct the file or the choices above, "
        "or choose to import the valid rows (when the problems concern single rows).",
    ),
    "confirm_leaves_out": (
        "De gyldige radene importeres; {rows} rader med problemer utelates og lagres med begrunnelse.",
        "The valid rows are imported; {rows} rows with problems are left out and recorded with their reasons.",
    ),
    "rollback_undoes_figures": (
        "Trekke tilbake parti {batch} ({file}, importert {when} av {who})? De {rows} tallene det la inn slutter å "
        "gjelde, og tallene de erstattet gjelder igjen (om ikke et senere parti har erstattet dem). "
        "Historikken beholdes, og tilbaketrekkingen føres i endringsloggen.",
        "Roll back batch {batch} ({file}, imported {when} by {who})? The {rows} figures it added stop counting, "
        "and the figures they replaced count again (unless a later batch has replaced them). The history is kept "
        "and the rollback is recorded in the audit trail.",
    ),
    "rollback_undoes_shapes": (
        "Trekke tilbake parti {batch} ({file}, importert {when} av {who})? De {rows} grensene det la inn fjernes, "
        "og grensene de erstattet settes tilbake. Tilbaketrekkingen føres i endringsloggen.",
        "Roll back batch {batch} ({file}, imported {when} by {who})? The {rows} boundaries it added are removed "
        "and the boundaries they replaced are put back. The rollback is recorded in the audit trail.",
    ),
    "confirm_rollback": ("Ja, trekk tilbake parti {batch}", "Yes, roll back batch {batch}"),
    "cancel_rollback": ("Avbryt", "Cancel"),
    "area_level": ("Nivå for områdenavn", "Level of area names"),
    "area_level_any": ("Finn selv (koder, eller navn som er entydige)", "Find it (codes, or names that are unique)"),
}

IMPORT_CHECK_MESSAGES: dict[str, tuple[str, str]] = {
    "grouped": (
        "({count} rader har dette problemet, for eksempel rad {examples})",
        "({count} rows have this problem, for example rows {examples})",
    ),
    "too_many_problems": (
        "kontrollen stoppet her etter {count} problemer; resten av filen er ikke lest. Rett filen "
        "(eller velg å hoppe over områder monitoren ikke kjenner)",
        "checking stopped here after {count} problems; the rest of the file was not read. Correct the file "
        "(or choose to skip areas the monitor does not know)",
    ),
    "too_many_listed": (
        "filen har {count} problemer; de første {listed} er listet enkeltvis, resten bare telt. Så mange "
        "feil tyder på feil kolonnevalg eller feil fil; ingenting importeres før de er rettet",
        "the file has {count} problems; the first {listed} are listed one by one, the rest only counted. So "
        "many errors suggest a wrong column choice or the wrong file; nothing is imported until they are corrected",
    ),
    "nothing_changed": (
        "Ingenting endret: alle {figures} tallene i filen er allerede lagret med samme verdi og status. "
        "Det er ikke laget noe nytt parti.",
        "Nothing changed: all {figures} figures in the file are already stored with the same value and status. "
        "No new batch was made.",
    ),
    "nothing_changed_same_file": (
        "Ingenting endret: filen ble importert som parti {batch}, og alle {figures} tallene i den er slik de er "
        "lagret nå. Det er ikke laget noe nytt parti.",
        "Nothing changed: the file was imported as batch {batch}, and all {figures} figures in it are as they are "
        "stored now. No new batch was made.",
    ),
    "point_ambiguous": (
        "punktumet kan være tusenskille (1 234) eller desimaltegn (1,234), og ingenting ellers i kolonnen viser "
        "hvilket; skriv tusener uten punktum, eller desimaler med komma",
        "the point can be a thousands separator (1,234) or a decimal point (1.234), and nothing else in the "
        "column tells which; write thousands without a point, or decimals with a comma",
    ),
    "point_conflict": (
        "kolonnen bruker punktum både som tusenskille (rad {thousands}) og som desimaltegn (rad {decimal}), "
        "så dette tallet kan leses på to måter",
        "the column uses the point both as a thousands separator (row {thousands}) and as a decimal point "
        "(row {decimal}), so this number can be read two ways",
    ),
    "footnotes_left_out": (
        "{count} rader under tabellen ble lest som fotnoter og er utelatt (rad {notes})",
        "{count} rows below the table were read as footnotes and left out (row {notes})",
    ),
    "ambiguous_area_name": (
        "flere områder heter dette: {candidates}; velg nivået områdenavnene gjelder",
        "more than one area has this name: {candidates}; choose the level the area names refer to",
    ),
    "no_data_rows": ("filen har overskrifter, men ingen datarader", "the file has a header but no data rows"),
    "nothing_left": (
        "ingen rader å importere: {read} lest, {skipped} hoppet over (ukjente områder), {filtered} utelatt av filtrene",
        "no rows to import: {read} read, {skipped} skipped (unknown areas), {filtered} left out by the filters",
    ),
    "not_text": (
        "filen inneholder NUL-tegn: den er ikke tekst, eller den er UTF-16 uten byte-rekkefølgemerke; "
        "lagre den som CSV UTF-8",
        "the file holds NUL characters: it is not text, or it is UTF-16 without a byte-order mark; "
        "save it as CSV UTF-8",
    ),
    "line_too_long": (
        "første linje slutter ikke innen de første {limit} MB; dette er ikke en tabell i CSV-form",
        "the first line does not end within the first {limit} MB; this is not a table in CSV form",
    ),
    "too_many_columns": (
        "tabellen har {found} kolonner; høyst {limit} leses",
        "the table has {found} columns; at most {limit} are read",
    ),
    "too_many_cells": (
        "filen har mer enn {limit} celler; del den i mindre filer",
        "the file has more than {limit} cells; split it into smaller files",
    ),
    "field_too_long": (
        "et felt er lengre enn {limit} tegn (ofte et anførselstegn som ikke er lukket)",
        "a field is longer than {limit} characters (often a quotation mark that is never closed)",
    ),
    "bad_csv": ("raden kan ikke leses som CSV ({error})", "the row cannot be read as CSV ({error})"),
    "no_header": (
        "fant ingen overskriftsrad (en rad med navn i hver kolonne) blant de første {rows} radene; "
        "oppgi overskriftsraden",
        "found no header row (a row with a name in every column) among the first {rows} rows; give the header row",
    ),
    "encrypted_workbook": (
        "arbeidsboken er kryptert (passordbeskyttet); lagre en kopi uten passord",
        "the workbook is encrypted (password-protected); save a copy without a password",
    ),
    "old_excel": (
        "dette er en gammel Excel 97–2003-fil (.xls) eller en annen OLE-fil; lagre den som .xlsx",
        "this is an old Excel 97–2003 file (.xls) or another OLE file; save it as .xlsx",
    ),
    "not_xlsx": (
        "ikke en Excel-arbeidsbok (.xlsx er et zip-arkiv, denne filen er ikke det)",
        "not an Excel workbook (an .xlsx is a zip archive, this file is not)",
    ),
    "formula_without_value": (
        "{count} formelceller har ingen lagret verdi ({cells}); åpne filen i Excel og lagre den, "
        "eller lim inn verdiene",
        "{count} formula cells have no saved value ({cells}); open the file in Excel and save it, or paste the values",
    ),
    "zip_too_many_members": (
        "arkivet har {count} filer; høyst {limit} godtas",
        "the archive holds {count} files; at most {limit} are accepted",
    ),
    "zip_too_large": (
        "arkivet pakkes ut til {size} MB; høyst {limit} MB godtas",
        "the archive unpacks to {size} MB; at most {limit} MB are accepted",
    ),
    "json_too_deep": ("JSON-dokumentet er nøstet for dypt", "the JSON document is nested too deeply"),
    "jsonstat_bad_id": (
        "JSON-stat: «id» må nevne hver dimensjon én gang",
        "JSON-stat: 'id' must name each dimension once",
    ),
    "jsonstat_bad_size": (
        "JSON-stat: «size» må gi én størrelse (et helt tall, minst 1) per dimensjon",
        "JSON-stat: 'size' must give one size (a whole number, at least 1) per dimension",
    ),
    "jsonstat_bad_dimension": (
        "JSON-stat: «dimension» må beskrive hver dimensjon i «id»",
        "JSON-stat: 'dimension' must describe every dimension in 'id'",
    ),
    "jsonstat_bad_value": (
        "JSON-stat: «value» må være en liste eller et objekt",
        "JSON-stat: 'value' must be a list or an object",
    ),
    "jsonstat_bad_status": (
        "JSON-stat: «status» må være en liste, et objekt eller en tekst",
        "JSON-stat: 'status' must be a list, an object or a text",
    ),
    "jsonstat_status_count": (
        "JSON-stat: «status» har {found} oppføringer for {cells} celler",
        "JSON-stat: 'status' has {found} entries for {cells} cells",
    ),
    "jsonstat_bad_key": (
        "JSON-stat: «{part}» har nøkkelen «{found}», som ikke er en celle i kuben (0–{last})",
        "JSON-stat: '{part}' has the key «{found}», which is not a cell of the cube (0–{last})",
    ),
    "jsonstat_no_cells": (
        "JSON-stat: ingen celle i kuben har en verdi eller en status",
        "JSON-stat: no cell of the cube has a value or a status",
    ),
    "jsonstat_bad_categories": (
        "JSON-stat: kategoriene i dimensjonen «{dimension}» må nummereres 0, 1, 2, …",
        "JSON-stat: the categories of dimension '{dimension}' must be numbered 0, 1, 2, …",
    ),
    "jsonstat_category_count": (
        "JSON-stat: dimensjonen «{dimension}» har {found} kategorier, men størrelsen {size}",
        "JSON-stat: dimension '{dimension}' has {found} categories but size {size}",
    ),
    "jsonstat_bad_metric": (
        "JSON-stat: måldimensjonen «{dimension}» står ikke i «id»",
        "JSON-stat: the metric dimension '{dimension}' is not in 'id'",
    ),
    "jsonstat_value_count": (
        "datasettet har {cells} celler ({sizes}), men antallet verdier er {values}",
        "the dataset has {cells} cells ({sizes}), but the number of values is {values}",
    ),
    "not_finite": ("tallet er for stort til å lagres (uendelig)", "the number is too large to be stored (infinite)"),
    "implausible_value": (
        "tallet er urimelig stort (mer enn {limit})",
        "the number is implausibly large (more than {limit})",
    ),
    "not_whole": ("et antall må være et helt tall", "a count must be a whole number"),
    "zero_denominator": (
        "nevneren er 0, så andelen kan ikke regnes ut (bruk «.» for et tall som mangler)",
        "the denominator is 0, so the share cannot be computed (use «.» for a figure that is missing)",
    ),
    "sum_includes_total": (
        "radene skal legges sammen, men kolonnen «{column}» har totalkategorien «{category}»: summen ville "
        "telle hvert tall to ganger. Behold bare totalen (filter {column}={category}) eller utelat den "
        "({column}!={category})",
        "the rows are to be added up, but column «{column}» has the total category «{category}»: the sum "
        "would count every figure twice. Keep only the total (filter {column}={category}) or leave it out "
        "({column}!={category})",
    ),
    "sum_differs_from_total": (
        "summen for {area} {period} er {sum}, men filens egen total (rad {total_row}) er {total}",
        "the sum for {area} {period} is {sum}, but the file's own total (row {total_row}) is {total}",
    ),
}

PERIOD_KINDS = {
    "quarter": ("et kvartal (SSBs «2023K4»)", "a quarter (SSB's '2023K4')"),
    "month": ("en måned (SSBs «2023M12»)", "a month (SSB's '2023M12')"),
    "half_year": ("et halvår (SSBs «2023H1»)", "a half-year (SSB's '2023H1')"),
    "week": ("en uke (SSBs «2023U05»)", "a week (SSB's '2023U05')"),
    "multi_year": ("en periode på flere år (SSBs «2019-2021»)", "a period of several years (SSB's '2019-2021')"),
}
for _kind, (_nb, _en) in PERIOD_KINDS.items():
    IMPORT_CHECK_MESSAGES[f"period_is_{_kind}"] = (
        f"perioden er {_nb}, ikke et år; monitoren lagrer foreløpig bare år og leser den ikke som året i den",
        f"the period is {_en}, not a year; the monitor stores years only for now and does not read it as its year",
    )
