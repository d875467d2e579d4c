"""UI words for programme tracking (goals, measures, status views, final evaluation); merged into
``i18n.STRINGS``. Import messages become ``import_<code>``."""

MEASURE_MESSAGES: dict[str, tuple[str, str]] = {
    "measure_bad_id": (
        "id-en må bestå av små bokstaver, tall, - og _ (for eksempel m-ny-vri)",
        "the id must be lower-case letters, digits, - and _ (for example m-ny-vri)",
    ),
    "measure_other_programme": (
        "tiltaket hører til et annet program enn {programme}",
        "the measure belongs to another programme than {programme}",
    ),
    "measure_required": ("feltet må fylles ut", "this field is required"),
    "measure_unknown_focus_area": ("ukjent innsatsområde (kjente: {known})", "unknown focus area (known: {known})"),
    "measure_unknown_district": (
        "«{value}» er ikke et av programområdene",
        "'{value}' is not one of the programme areas",
    ),
    "measure_unknown_strategy": ("ukjent strategi «{value}»", "unknown strategy '{value}'"),
    "measure_strategy_elsewhere": (
        "strategien hører til innsatsområdet {focus_area}",
        "the strategy belongs to the focus area {focus_area}",
    ),
    "measure_end_before_start": ("slutt er før start", "the end is before the start"),
    "measure_negative_budget": ("beløpet kan ikke være negativt", "the amount cannot be negative"),
    "measure_not_output_indicator": (
        "«{value}» er ikke en kjent resultat- eller effektindikator",
        "'{value}' is not a known output or outcome indicator",
    ),
    "measure_duplicate_output": ("«{value}» står to ganger", "'{value}' is listed twice"),
    "measure_target_incomplete": (
        "målet for «{value}» trenger både verdi og år (id=verdi@år)",
        "the target for '{value}' needs both a value and a year (id=value@year)",
    ),
    "measure_missing_columns": ("kolonner mangler: {columns}", "columns are missing: {columns}"),
    "measure_duplicate_id": ("id-en står også i rad {first}", "the id is also in row {first}"),
    "measure_unknown_status": ("ukjent status (kjente: {known})", "unknown status (known: {known})"),
    "measure_unknown_recommendation": (
        "ukjent anbefaling (kjente: {known})",
        "unknown recommendation (known: {known})",
    ),
    "measure_bad_date": ("ikke en dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)", "not a date (YYYY-MM-DD or DD.MM.YYYY)"),
    "measure_bad_outputs": (
        "skriv indikatorer som id eller id=mål@år, skilt med semikolon",
        "write indicators as id or id=target@year, separated by semicolons",
    ),
}

COLUMN_HELP: dict[str, tuple[str, str]] = {
    "measure_id": (
        "Fast id for tiltaket (små bokstaver, tall, - og _)",
        "Permanent id of the measure (lower case, digits, - and _)",
    ),
    "title_nb": ("Tittel på bokmål", "Title in Norwegian"),
    "title_en": ("Tittel på engelsk (valgfri)", "Title in English (optional)"),
    "focus_area": ("Innsatsområde: id, nummer (1–5) eller navn", "Focus area: id, number (1–5) or name"),
    "strategy": (
        "Strategien tiltaket hører til (id fra målhierarkiet)",
        "The strategy the measure serves (id from the goal hierarchy)",
    ),
    "districts": (
        "Programområder, navn eller kode, skilt med komma",
        "Programme areas, name or code, separated by commas",
    ),
    "responsible": ("Ansvarlig enhet", "Responsible unit"),
    "partners": ("Samarbeidspartnere, skilt med semikolon", "Partners, separated by semicolons"),
    "start": ("Oppstart (ÅÅÅÅ-MM-DD)", "Start (YYYY-MM-DD)"),
    "end": ("Slutt (ÅÅÅÅ-MM-DD)", "End (YYYY-MM-DD)"),
    "budget_planned_nok": ("Planlagt budsjett i kroner", "Planned budget in NOK"),
    "budget_spent_nok": ("Brukt så langt i kroner", "Spent so far in NOK"),
    "status": (
        "planned, in_progress, done, partly_done, not_done, changed, stopped (eller norske ord: planlagt, pågår, "
        "gjennomført, delvis gjennomført, ikke gjennomført, endret, stanset)",
        "planned, in_progress, done, partly_done, not_done, changed, stopped",
    ),
    "status_date": ("Datoen statusen gjelder fra", "The day the status took effect"),
    "result": ("Resultat så langt, med egne ord", "Result so far, in words"),
    "recommendation": ("continue, change eller stop (videreføres, endres, avsluttes)", "continue, change or stop"),
    "output_indicators": (
        "Indikatorer som følger tiltaket: id eller id=mål@år, skilt med semikolon",
        "Indicators that follow the measure: id or id=target@year, separated by semicolons",
    ),
}

TRACKING_STRINGS: dict[str, tuple[str, str]] = {
    "nav_section_status": ("Status", "Status"),
    "nav_section_programme": ("Programmet", "The programme"),
    "nav_section_research": ("Forskning", "Research"),
    "nav_section_admin": ("Forvaltning", "Administration"),
    "nav_section_account": ("Konto", "Account"),
    "nav_measures": ("Tiltak", "Measures"),
    "nav_goals": ("Mål og strategier", "Goals and strategies"),
    "nav_evaluation": ("Sluttevaluering", "Final evaluation"),
    "measure_status_planned": ("Planlagt", "Planned"),
    "measure_status_in_progress": ("Pågår", "In progress"),
    "measure_status_done": ("Gjennomført", "Done"),
    "measure_status_partly_done": ("Delvis gjennomført", "Partly done"),
    "measure_status_not_done": ("Ikke gjennomført", "Not done"),
    "measure_status_changed": ("Endret", "Changed"),
    "measure_status_stopped": ("Stanset", "Stopped"),
    "recommendation_continue": ("Videreføres", "Continue"),
    "recommendation_change": ("Endres", "Change"),
    "recommendation_stop": ("Avsluttes", "Stop"),
    "measure_id": ("Id", "Id"),
    "measure_title": ("Tiltak", "Measure"),
    "strategy": ("Strategi", "Strategy"),
    "districts": ("Områder", "Areas"),
    "responsible": ("Ansvarlig", "Responsible"),
    "partners": ("Samarbeidspartnere", "Partners"),
    "period": ("Periode", "Period"),
    "status_date": ("Status fra", "Status since"),
    "budget_planned": ("Planlagt budsjett", "Planned budget"),
    "budget_spent": ("Brukt", "Spent"),
    "result": ("Resultat", "Result"),
    "recommendation": ("Anbefaling", "Recommendation"),
    "demo_column": ("Demo", "Demo"),
    "indicator_role": ("Type", "Type"),
    "indicator_role_effect": ("Effekt", "Effect"),
    "indicator_role_output": ("Resultat av tiltak", "Output of measures"),
    "progress_status": ("Status mot mål", "Progress"),
    "measure_start": ("Start", "Start"),
    "measure_end": ("Slutt", "End"),
    "measures_on_chart": ("Tiltak", "Measures"),
    "group_target_achieved": ("målet nådd", "target achieved"),
    "group_substantial_progress": ("i rute", "on track"),
    "group_moderate_progress": ("framgang, farten må økes", "progress, acceleration needed"),
    "group_limited_progress": ("begrenset framgang", "limited progress"),
    "group_deterioration": ("forverring", "deterioration"),
    "group_no_clear_change": ("ingen tydelig endring*", "no clear change*"),
    "group_not_applicable": ("ingen retning", "no direction"),
    "group_not_available": ("kan ikke vurderes", "unable to assess"),
    "progress_addition_toggle": (
        "Med Områdemonitors tillegg «ingen tydelig endring»",
        "With Områdemonitor's addition 'no clear change'",
    ),
    "progress_addition_help": (
        "Av: status etter den publiserte metoden alene (Statistics Canada/Open SDG). På: når tallets "
        "usikkerhetsintervall dekker utgangsverdien, vises «ingen tydelig endring» i stedet.",
        "Off: status by the published method alone (Statistics Canada/Open SDG). On: where the figure's "
        "uncertainty interval covers the baseline value, 'no clear change' is shown instead.",
    ),
    "status_groups_note": (
        "Gruppene er kategoriene i den publiserte metoden (Statistics Canada/Open SDG). * Områdemonitors tillegg, "
        "ikke i metoden: usikkerhetsintervallet dekker utgangsverdien.",
        "The groups are the published method's categories (Statistics Canada/Open SDG). * Områdemonitor's "
        "addition, not in the method: the uncertainty interval covers the baseline value.",
    ),
    "measure_column_help_title": ("Forklaring", "Explanation"),
    "status_overview": ("Status per innsatsområde og område", "Status per focus area and area"),
    "status_overview_help": (
        "Indikatorer: effektindikatorene i målhierarkiet og tiltakenes resultatindikatorer, med status mot "
        "målet. Tiltak: antall i hver status. Klikk på et tall for å se hva som ligger bak.",
        "Indicators: the goal hierarchy's effect indicators and the measures' output indicators, with their "
        "progress. Measures: how many are in each status. Click a number to see what lies behind it.",
    ),
    "indicators_heading": ("Indikatorer", "Indicators"),
    "measures_heading": ("Tiltak", "Measures"),
    "no_measures": ("Ingen tiltak her.", "No measures here."),
    "new_measure": ("Nytt tiltak", "New measure"),
    "edit_measure": ("Endre tiltaket", "Edit the measure"),
    "save_measure": ("Lagre tiltaket", "Save the measure"),
    "change_note": ("Merknad til endringen (valgfri)", "Note on the change (optional)"),
    "measure_history": ("Historikk", "History"),
    "status_history": ("Statushistorikk", "Status history"),
    "change_history": ("Alle endringer", "All changes"),
    "saved_at": ("Lagret", "Saved"),
    "saved_by": ("Av", "By"),
    "via": ("Via", "Via"),
    "note": ("Merknad", "Note"),
    "changed_fields": ("Endret", "Changed"),
    "nothing_changed": ("Ingen endring å lagre.", "Nothing changed."),
    "import_measures": ("Importer tiltak fra Excel eller CSV", "Import measures from Excel or CSV"),
    "import_measures_help": (
        "Én rad per tiltak. Nye id-er legges til, kjente id-er oppdateres, og hver endring lagres i "
        "historikken. Har én rad en feil, importeres ingenting.",
        "One row per measure. New ids are added, known ids updated, and every change is kept in the "
        "history. If any row has an error, nothing is imported.",
    ),
    "measures_template": ("Last ned mal (Excel)", "Download template (Excel)"),
    "measures_imported": (
        "Importert: {created} nye, {updated} endret, {unchanged} uendret.",
        "Imported: {created} new, {updated} changed, {unchanged} unchanged.",
    ),
    "measures_refused": (
        "Filen ble ikke importert. Ingenting er endret.",
        "The file was not imported. Nothing was changed.",
    ),
    "choose_measure": ("Velg tiltak", "Choose a measure"),
    "output_indicators": ("Indikatorer som følger tiltaket", "Indicators that follow the measure"),
    "outputs_field_help": ("id eller id=mål@år, skilt med semikolon", "id or id=target@year, separated by semicolons"),
    "measures_demo_note": (
        "Tiltakene merket «Demo» er demonstrasjonsinnhold, ikke programmets faktiske tiltak.",
        "Measures marked 'Demo' are demonstration content, not the programme's actual measures.",
    ),
    "goals_intro": (
        "Målhierarkiet: innsatsområde → mål (med effektindikatorene som viser om målet nås) → strategier → tiltak.",
        "The goal hierarchy: focus area → goals (with the effect indicators that show whether the goal is reached) "
        "→ strategies → measures.",
    ),
    "goals_demo_note": (
        "Målene er demonstrasjonsinnhold inntil programbeskrivelsens mål er lagt inn.",
        "The goals are demonstration content until the programme description's goals are entered.",
    ),
    "effect_indicators": ("Effektindikatorer", "Effect indicators"),
    "strategies": ("Strategier", "Strategies"),
    "edit_goals": ("Endre målhierarkiet (YAML)", "Edit the goal hierarchy (YAML)"),
    "edit_goals_help": (
        "Teksten kontrolleres mot programmet og indikatorregisteret før den lagres. Hver lagring blir en ny "
        "versjon; last ned filen for å oppdatere programmes/-mappen.",
        "The text is checked against the programme and the indicator registry before it is saved. Every save "
        "is a new version; download the file to update the programmes/ folder.",
    ),
    "save_goals": ("Lagre målhierarkiet", "Save the goal hierarchy"),
    "download_goals": ("Last ned målhierarkiet (YAML)", "Download the goal hierarchy (YAML)"),
    "goal_versions": ("Versjoner", "Versions"),
    "evaluation_intro": (
        "Alle tiltak med status, resultat og anbefaling, og status for hver effektindikator, per innsatsområde. "
        "Metoden for status mot mål er {method}.",
        "Every measure with its status, result and recommendation, and every effect indicator's progress, per "
        "focus area. Progress follows {method}.",
    ),
    "download_evaluation": ("Last ned sluttevalueringen (Excel)", "Download the final evaluation (Excel)"),
    "filtered_by": ("Viser: {what}", "Showing: {what}"),
    "clear_filter": ("Vis alt", "Show everything"),
    "measure_unassigned_strategy": ("Uten strategi", "Without a strategy"),
    "about_sheet": ("Om", "About"),
    "status_date_help": (
        "Datoen statusen gjelder fra. Endrer du status uten å endre datoen, gjelder den nye statusen fra i dag.",
        "The day the status took effect. If you change the status but not the date, the new status takes effect today.",
    ),
    "data_imported": ("Data sist importert", "Data last imported"),
    "schedule": ("Tidsplan", "Schedule"),
    "schedule_not_started": ("Ikke startet", "Not started"),
    "schedule_on_time": ("Etter planen", "On time"),
    "schedule_late": ("Forsinket", "Late"),
    "schedule_done": ("Ferdig i tide", "Done on time"),
    "schedule_done_late": ("Ferdig for sent", "Done late"),
    "schedule_stopped": ("Stanset", "Stopped"),
    "schedule_help": (
        "Mot planlagt start og slutt per {date}: forsinket når planlagt start er passert uten oppstart, eller "
        "planlagt slutt er passert uten at tiltaket er gjennomført. «Mangler data» når en dato mangler.",
        "Against the planned start and end as of {date}: late when the planned start has passed without a start, "
        "or the planned end has passed without the measure done. 'No data' when a date is missing.",
    ),
    "late_count": ("{count} forsinket", "{count} late"),
    "late_line": (
        "Forsinkede tiltak per {date}: {count} ({detail}).",
        "Measures late as of {date}: {count} ({detail}).",
    ),
    "late_line_none": ("Ingen tiltak er forsinket per {date}.", "No measure is late as of {date}."),
}
