"""UI words for the administrators' tables (import preview, batches, audit trail), the SQL console's
errors and the map's boundary note; merged into ``i18n.STRINGS``."""

# What each audited write is called in the audit trail (``audit_action_<name>``).
AUDIT_ACTIONS: dict[str, tuple[str, str]] = {
    "sync_definitions": ("Oppdaterte indikatordefinisjoner", "Updated indicator definitions"),
    "set_disclosure_policy": ("Endret skjermingsregler", "Changed disclosure rules"),
    "replace_areas": ("Importerte områder", "Imported areas"),
    "replace_geometries": ("Importerte områdegrenser", "Imported area boundaries"),
    "add_observations": ("Importerte tall", "Imported figures"),
    "rollback_batch": ("Trakk tilbake et parti", "Rolled back a batch"),
    "add_event": ("La til en hendelse", "Added an event"),
    "add_national_areas": ("La inn fylker og kommuner", "Loaded counties and municipalities"),
    "delete_event": ("Slettet en hendelse", "Deleted an event"),
    "create_user": ("Opprettet en bruker", "Created a user"),
    "update_user": ("Endret en bruker", "Changed a user"),
    "save_measure": ("Lagret et tiltak", "Saved a measure"),
    "import_measures": ("Importerte tiltak", "Imported measures"),
    "save_goals": ("Lagret mål og strategier", "Saved goals and strategies"),
    "save_report": ("Lagret en statusrapport", "Saved a status report"),
}

ADMIN_STRINGS: dict[str, tuple[str, str]] = {
    **{f"audit_action_{name}": words for name, words in AUDIT_ACTIONS.items()},
    "actor_system": ("Systemet", "The system"),
    "actor_anonymous": ("Anonym leser", "Anonymous reader"),
    "nothing_recorded": ("–", "–"),
    "yes": ("Ja", "Yes"),
    "no": ("Nei", "No"),
    "batch_kind_observations": ("Tall", "Figures"),
    "batch_kind_boundaries": ("Områdegrenser", "Area boundaries"),
    "batch_kind_areas": ("Områder", "Areas"),
    "not_rolled_back": ("–", "–"),
    "no_file": ("(ingen fil)", "(no file)"),
    "no_batches": ("Ingen partier er importert ennå.", "No batches have been imported yet."),
    "no_audit_rows": ("Ingen endringer passer filtrene.", "No changes match the filters."),
    "preview_empty": (
        "Ingen rader er klare til import med dette oppsettet; se valideringsrapporten under.",
        "No rows are ready to import with these settings; see the validation report below.",
    ),
    "preview_indicator": ("Indikator", "Indicator"),
    "preview_row": ("Rad i filen", "Row in the file"),
    "obs_status_final": ("Endelig", "Final"),
    "obs_status_provisional": ("Foreløpig", "Provisional"),
    "obs_status_suppressed": ("Skjermet", "Suppressed"),
    "obs_status_missing": ("Mangler", "Missing"),
    "report_file": ("Fil", "File"),
    "report_sheet": ("Ark", "Sheet"),
    "report_row": ("Rad", "Row"),
    "report_column": ("Kolonne", "Column"),
    "report_value": ("Verdi", "Value"),
    "report_reason": ("Problem", "Problem"),
    "sql_error_parse": (
        "Spørringen kan ikke leses: det er en feil i SQL-en.",
        "The query cannot be read: there is an error in the SQL.",
    ),
    "sql_error_statements": ("Kjør én spørring om gangen.", "Run one query at a time."),
    "sql_error_not_select": (
        "Konsollen kan bare lese data (SELECT); den kan ikke endre noe.",
        "The console can only read data (SELECT); it cannot change anything.",
    ),
    "sql_error_start": (
        "Spørringen kunne ikke startes. Prøv igjen om litt.",
        "The query could not be started. Try again in a moment.",
    ),
    "sql_error_failed": (
        "Databasen kunne ikke kjøre spørringen. Sjekk tabell- og kolonnenavn under «Tabeller og kolonner».",
        'The database could not run the query. Check the table and column names under "Tables and columns".',
    ),
    "sql_error_detail": ("Melding fra DuckDB (på engelsk):", "DuckDB's message:"),
    "approx_shapes": (
        "Områdegrensene er omtrentlige (beregnet fra et punkt og arealet for hver sone), ikke offisielle "
        "grenser. En administrator kan laste inn de offisielle grensene på importsiden.",
        "Area boundaries are approximate (built from one point and the area of each zone), not official "
        "boundaries. An administrator can load the official boundaries on the import page.",
    ),
}
