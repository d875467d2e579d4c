"""Texts of the polish branch, merged into ``i18n.STRINGS``.

``PLURAL_FIXES`` replaces catalogue entries that join a count with a word ("1 sekunder", "1 problem(s)")
by the same text with both forms, ``{n:# sekund|# sekunder}`` (see ``plurals``); each key already exists
in the catalogue (a test checks it), so when the catalogue moves these texts replace the old ones.
``POLISH_STRINGS`` are new keys.
"""

PLURAL_FIXES: dict[str, tuple[str, str]] = {
    "boundary_summary": (
        "{shapes:# grense|# grenser} klare, {areas:# ny grunnkrets|# nye grunnkretser}.",
        "{shapes:# boundary|# boundaries} ready, {areas:# new basic unit|# new basic units}.",
    ),
    "rows_summary": (
        "{read:# rad|# rader} lest, {ok} klare til import, {skipped} hoppet over.",
        "{read:# row|# rows} read, {ok} ready to import, {skipped} skipped.",
    ),
    "problems_found": ("{count:# problem|# problemer} funnet.", "{count:# problem|# problems} found."),
    "import_refused": (
        "Avvist: {count:# problem|# problemer}. Ingenting ble lagret.",
        "Refused: {count:# problem|# problems}. Nothing was stored.",
    ),
    "problems_in_rows": (
        "{problems:# slags problem|# slags problemer} funnet, i {rows:# rad|# rader}.",
        "{problems:# kind|# kinds} of problem found, in {rows:# row|# rows}.",
    ),
    "problems_listed": ("{problems:# problem|# problemer} funnet.", "{problems:# problem|# problems} found."),
    "suppression_note": (
        "Tall bygget på færre enn {count:# tilfelle|# tilfeller} eller en nevner under {denominator} vises ikke, "
        "og heller ikke tall som ville gjort det mulig å regne dem ut.",
        "Figures based on fewer than {count:# case|# cases} or a denominator under {denominator} are not shown, "
        "nor are figures that would allow them to be worked out.",
    ),
    "appendix_disclosure_text": (
        "Tall som bygger på færre enn {count:# tilfelle|# tilfeller}, eller på en nevner under {denominator}, "
        "vises ikke (terskler per indikator, med en felles nedre grense). Der tall summeres opp i "
        "områdehierarkiet eller går igjen i flere indikatorer, skjules også andre tall, så et skjult tall verken "
        "kan regnes ut eller avgrenses til et intervall smalere enn terskelen. Hvorfor et tall er skjult, "
        "oppgis ikke. I denne rapporten er {hidden:# tall|# tall} skjult.",
        "Figures resting on fewer than {count:# case|# cases}, or on a denominator under {denominator}, are not "
        "shown (thresholds per indicator, with a common floor). Where figures add up the area hierarchy or recur "
        "in several indicators, other figures are hidden too, so that a hidden figure can neither be worked out "
        "nor narrowed to a range narrower than the threshold. Why a figure is hidden is not stated. This report "
        "hides {hidden:# figure|# figures}.",
    ),
    "import_wrong_field_count": (
        "raden har {found:# felt|# felt}, overskriften {expected}",
        "the row has {found:# field|# fields}, the header {expected}",
    ),
    "import_grouped": (
        "({count:# rad har|# rader har} dette problemet, for eksempel rad {examples})",
        "({count:# row has|# rows have} this problem, for example rows {examples})",
    ),
    "import_too_many_problems": (
        "kontrollen stoppet her etter {count:# problem|# problemer}; resten av filen er ikke lest. Rett filen "
        "(eller velg å hoppe over områder monitoren ikke kjenner)",
        "checking stopped here after {count:# problem|# problems}; the rest of the file was not read. Correct the "
        "file (or choose to skip areas the monitor does not know)",
    ),
    "import_nothing_changed": (
        "Ingenting endret: {figures:det ene tallet i filen|alle # tallene i filen} er allerede lagret med samme "
        "verdi og status. Det er ikke laget noe nytt parti.",
        "Nothing changed: {figures:the one figure in the file is|all # figures in the file are} already stored "
        "with the same value and status. No new batch was made.",
    ),
    "import_nothing_changed_same_file": (
        "Ingenting endret: filen ble importert som parti {batch}, og {figures:det ene tallet|alle # tallene} i "
        "den er slik de er lagret nå. Det er ikke laget noe nytt parti.",
        "Nothing changed: the file was imported as batch {batch}, and {figures:the one figure in it is|all # "
        "figures in it are} as stored now. No new batch was made.",
    ),
    "import_too_many_listed": (
        "filen har {count:# problem|# problemer}; de første {listed} er listet enkeltvis, resten bare telt. Så "
        "mange feil tyder på feil kolonnevalg eller feil fil; ingenting importeres før de er rettet",
        "the file has {count:# problem|# problems}; the first {listed} are listed one by one, the rest only "
        "counted. So many errors suggest a wrong column choice or the wrong file; nothing is imported until they "
        "are corrected",
    ),
    "import_footnotes_left_out": (
        "{count:# rad|# rader} under tabellen ble lest som fotnoter og er utelatt (rad {notes})",
        "{count:# row|# rows} below the table were read as footnotes and left out (row {notes})",
    ),
    "import_too_many_columns": (
        "tabellen har {found:# kolonne|# kolonner}; høyst {limit} leses",
        "the table has {found:# column|# columns}; at most {limit} are read",
    ),
    "import_no_header": (
        "fant ingen overskriftsrad (en rad med navn i hver kolonne) blant de første {rows:# raden|# radene}; "
        "oppgi overskriftsraden",
        "found no header row (a row with a name in every column) among the first {rows:# row|# rows}; give the "
        "header row",
    ),
    "import_formula_without_value": (
        "{count:# formelcelle|# formelceller} har ingen lagret verdi ({cells}); åpne filen i Excel og lagre den, "
        "eller lim inn verdiene",
        "{count:# formula cell has|# formula cells have} no saved value ({cells}); open the file in Excel and save "
        "it, or paste the values",
    ),
    "import_zip_too_many_members": (
        "arkivet har {count:# fil|# filer}; høyst {limit} godtas",
        "the archive holds {count:# file|# files}; at most {limit} are accepted",
    ),
    "import_jsonstat_status_count": (
        "JSON-stat: «status» har {found:# oppføring|# oppføringer} for {cells:# celle|# celler}",
        "JSON-stat: 'status' has {found:# entry|# entries} for {cells:# cell|# cells}",
    ),
    "import_jsonstat_category_count": (
        "JSON-stat: dimensjonen «{dimension}» har {found:# kategori|# kategorier}, men størrelsen {size}",
        "JSON-stat: dimension '{dimension}' has {found:# category|# categories} but size {size}",
    ),
    "effect_sizes": (
        "{units:# område|# områder} ({treated} i programmet), {periods:# år|# år}, {obs:# tall|# tall}. "
        "Klyngerobust intervall (etter område): {low} til {high}.",
        "{units:# area|# areas} ({treated} in the programme), {periods:# year|# years}, {obs:# figure|# figures}. "
        "Cluster-robust interval (by area): {low} to {high}.",
    ),
    "few_treated_note": (
        "Med bare {treated:# programområde|# programområder} er klyngerobuste standardfeil upålitelige (Conley og "
        "Taber 2011). Intervallet og p-verdien over kommer derfor fra placebo-anslag: hvert sammenligningsområde "
        "(eller hver kombinasjon) behandlet som om det var programområdet, {draws:# gang|# ganger}.",
        "With only {treated:# programme area|# programme areas}, cluster-robust standard errors are unreliable "
        "(Conley and Taber 2011). The interval and p-value above therefore come from placebo estimates: each "
        "comparison area (or combination) treated as if it were the programme area, {draws:# time|# times}.",
    ),
    "pretrend_permutation": (
        "Placebotest (permutasjon): p = {p}, {draws:# placebo-trekk|# placebo-trekk}.",
        "Placebo (permutation) test: p = {p}, {draws:# placebo draw|# placebo draws}.",
    ),
    "few_clusters_note": (
        "Bare {clusters:# område|# områder} i beregningen: klyngerobuste standardfeil er upålitelige med færre "
        "enn {minimum}.",
        "Only {clusters:# area|# areas} in the estimate: cluster-robust standard errors are unreliable with fewer "
        "than {minimum}.",
    ),
    "degenerate_variance_note": (
        "Den klyngerobuste variansen er null (den kansellerer innenfor {clusters:det ene området|de # områdene}), "
        "så det gis ikke noe klyngerobust intervall.",
        "The cluster-robust variance is zero (it cancels within {clusters:the one area|the # areas}), so no "
        "cluster-robust interval is given.",
    ),
    "sql_intro": (
        "Skrivebeskyttet SQL (DuckDB) mot de publiserte tallene. Bare én SELECT om gangen; ingen tilgang til "
        "andre filer eller nettet; stoppes etter {seconds:# sekund|# sekunder} eller ved {memory} MB minne; høyst "
        "{rows:# rad|# rader}. Tabellen published_observations holder de samme tallene som sidene viser: "
        "skjermede tall står uten verdi, og hvorfor et tall er skjermet, står ikke. Rådata og navn på personer "
        "er ikke med.",
        "Read-only SQL (DuckDB) on the published figures. One SELECT at a time; no access to other files or the "
        "network; stopped after {seconds:# second|# seconds} or at {memory} MB of memory; at most "
        "{rows:# row|# rows}. Figures in published_observations are those the pages show: hidden figures have no "
        "value, and why a figure is hidden is not stated. Raw data and people's names are not included.",
    ),
    "sql_stopped_time": (
        "Spørringen ble stoppet fordi den brukte mer enn tidsgrensen på {limit:# sekund|# sekunder}. Prøv en "
        "enklere spørring eller færre rader.",
        "The query was stopped because it took longer than the time limit of {limit:# second|# seconds}. Try a "
        "simpler query or fewer rows.",
    ),
    "sql_stopped_busy": (
        "{limit:# spørring kjører|# spørringer kjører} allerede i konsollen. Prøv igjen om litt.",
        "{limit:# query is|# queries are} already running in the console. Try again in a moment.",
    ),
    "sql_rows": ("{rows:# rad|# rader} på {seconds} s.", "{rows:# row|# rows} in {seconds} s."),
    "sql_truncated": ("Resultatet er kuttet ved {rows:# rad|# rader}.", "The result was cut at {rows:# row|# rows}."),
    "sql_download_ready": (
        "{rows:# rad|# rader} skrevet på {seconds} s ({size} MB).",
        "{rows:# row|# rows} written in {seconds} s ({size} MB).",
    ),
    "report_made": (
        "Rapport {id} laget: {pages:# side|# sider}. Den er lagret med grunnlaget sitt.",
        "Report {id} made: {pages:# page|# pages}. It is stored with its inputs.",
    ),
    "confirm_leaves_out": (
        "De gyldige radene importeres; {rows:# rad|# rader} med problemer utelates og lagres med begrunnelse.",
        "The valid rows are imported; {rows:# row|# rows} with problems are left out and recorded with their reasons.",
    ),
    "rollback_undoes_figures": (
        "Trekke tilbake parti {batch} ({file}, importert {when} av {who})? {rows:Det ene tallet|De # tallene} det "
        "la inn slutter å gjelde, og tallene de erstattet gjelder igjen (om ikke et senere parti har erstattet "
        "dem). Historikken beholdes, og tilbaketrekkingen føres i endringsloggen.",
        "Roll back batch {batch} ({file}, imported {when} by {who})? {rows:The # figure|The # figures} it added "
        "stop counting, and the figures they replaced count again (unless a later batch has replaced them). The "
        "history is kept and the rollback is recorded in the audit trail.",
    ),
    "rollback_undoes_shapes": (
        "Trekke tilbake parti {batch} ({file}, importert {when} av {who})? {rows:Den ene grensen|De # grensene} "
        "det la inn fjernes, og grensene de erstattet settes tilbake. Tilbaketrekkingen føres i endringsloggen.",
        "Roll back batch {batch} ({file}, imported {when} by {who})? {rows:The # boundary|The # boundaries} it "
        "added are removed and the boundaries they replaced are put back. The rollback is recorded in the audit "
        "trail.",
    ),
    "boundary_skipped": (
        "{count:# flate|# flater} hoppet over fordi monitoren ikke kjenner områdene, f.eks. {examples}.",
        "{count:# feature|# features} skipped because the monitor does not know their areas, e.g. {examples}.",
    ),
    "shown_mixed": (
        "Blandet: {real:# ekte tall|# ekte tall} og {demo:# demonstrasjonstall|# demonstrasjonstall}. Hule punkter "
        "er demonstrasjonsdata; en tynn stiplet strek binder dem til ekte tall.",
        "Mixed: {real:# real figure|# real figures} and {demo:# demonstration figure|# demonstration figures}. "
        "Hollow points are demonstration data; a thin dashed link joins them to real figures.",
    ),
    "shown_mixed_map": (
        "Blandet: {real:# område|# områder} med ekte tall og {demo} med demonstrasjonsdata (se tabellen).",
        "Mixed: {real:# area|# areas} with real figures and {demo} with demonstration data (see the table).",
    ),
}

POLISH_STRINGS: dict[str, tuple[str, str]] = {
    # Streamlit's own words (ui/streamlit_words.py): the English is Streamlit's, $1 its first group.
    "st_upload": ("Last opp", "Upload"),
    "st_drop_file": ("Dra og slipp en fil her", "Drag and drop a file here"),
    "st_drop_files": ("Dra og slipp filer her", "Drag and drop files here"),
    "st_per_file": ("Høyst $1 $2 per fil", "$1$2 per file"),
    "st_type_refused": ("Filer av typen $1 godtas ikke.", "$1 files are not allowed."),
    "st_too_large": ("Filen kan være høyst $1.", "File must be $1 or smaller."),
    "st_add_files": ("Legg til filer", "Add files"),
    "st_file_input": ("Velg en fil", "file upload"),
    "st_remove_file": ("Fjern $1", "Remove $1"),
    "st_enter_apply": ("Trykk Enter for å bruke", "Press Enter to apply"),
    "st_enter_submit": ("Trykk Enter for å sende skjemaet", "Press Enter to submit form"),
    "st_ctrl_enter_apply": ("Trykk $1+Enter for å bruke", "Press $1+Enter to apply"),
    "st_choose_option": ("Velg et alternativ", "Choose an option"),
    "st_choose_options": ("Velg alternativer", "Choose options"),
    "st_no_results": ("Ingen treff", "No results"),
    "st_running": ("Kjører …", "Running..."),
    "st_stop": ("Stopp", "Stop"),
    "phone_focus_moves": (
        "Nøkkeltall i programområdene siden utgangsåret: ▲ {better} bedre, ▼ {worse} dårligere, "
        "● {similar} uten tydelig endring.",
        "Headline figures in the programme areas since the baseline: ▲ {better} better, ▼ {worse} worse, "
        "● {similar} no clear change.",
    ),
    "phone_how_to_read": ("Slik leses markeringene", "How to read the marks"),
    "phone_show_figures": (
        "Vis nøkkeltallene ({count:# indikator|# indikatorer})",
        "Show the headline figures ({count:# indicator|# indicators})",
    ),
}
