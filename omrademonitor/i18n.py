"""User-facing text in Norwegian bokmål (default) and English, and Norwegian number formats."""

from __future__ import annotations

import datetime as dt
import math

from omrademonitor.plurals import fill
from omrademonitor.strings_a11y import A11Y_STRINGS
from omrademonitor.strings_admin import ADMIN_STRINGS
from omrademonitor.strings_crossviews import CROSS_STRINGS
from omrademonitor.strings_dataout import DATAOUT_STRINGS
from omrademonitor.strings_demomarks import DEMOMARK_STRINGS
from omrademonitor.strings_effects import EFFECT_STRINGS
from omrademonitor.strings_import import IMPORT_CHECK_MESSAGES, IMPORT_PAGE_STRINGS
from omrademonitor.strings_polish import PLURAL_FIXES, POLISH_STRINGS
from omrademonitor.strings_report import REPORT_STRINGS
from omrademonitor.strings_tracking import COLUMN_HELP, MEASURE_MESSAGES, TRACKING_STRINGS

LANGUAGES = ("nb", "en")
DEFAULT_LANGUAGE = "nb"
NBSP = "\u00a0"

MONTHS_NB = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"nb": "Områdemonitor", "en": "Områdemonitor"},
    "nav_overview": {"nb": "Oversikt", "en": "Overview"},
    "nav_map": {"nb": "Kart", "en": "Map"},
    "nav_indicators": {"nb": "Indikatorer", "en": "Indicators"},
    "language": {"nb": "Språk", "en": "Language"},
    "nav_users": {"nb": "Brukere", "en": "Users"},
    "progress_target_achieved": {"nb": "◎ Målet er nådd", "en": "◎ Target achieved"},
    "progress_substantial_progress": {"nb": "◆ I rute", "en": "◆ On track"},
    "progress_moderate_progress": {
        "nb": "◇ Framgang, men farten må økes",
        "en": "◇ Progress made, acceleration needed",
    },
    "progress_limited_progress": {"nb": "△ Begrenset framgang", "en": "△ Limited progress"},
    "progress_deterioration": {"nb": "✕ Forverring", "en": "✕ Deterioration"},
    "progress_not_available": {"nb": "? Kan ikke vurderes", "en": "? Unable to assess"},
    "progress_no_clear_change": {
        "nb": "○ Ingen tydelig endring (Områdemonitors tillegg)",
        "en": "○ No clear change (Områdemonitor's addition)",
    },
    "progress_not_applicable": {"nb": "Ingen retning", "en": "No direction"},
    "progress_method": {
        "nb": "Fremdrift etter Statistics Canadas metode slik Open SDG publiserer den: vekstraten siden utgangsåret "
        "mot veksten som trengs for å nå et vedtatt mål, eller uten mål vekst i ønsket retning. Områdemonitors "
        "tillegg: «ingen tydelig endring» når usikkerhetsintervallet dekker utgangsverdien. Ingen mål uten kilde "
        "brukes; intensjonsavtalen setter ingen tallfestede mål.",
        "en": "Progress by Statistics Canada's method as published by Open SDG: growth since the baseline against "
        "the growth needed to reach an adopted target, or without a target growth in the desired direction. "
        "Områdemonitor's addition: 'no clear change' when the uncertainty interval covers the baseline value. No "
        "target without a source is used; the agreement sets no numeric targets.",
    },
    "nav_explorer": {"nb": "Indikatorer", "en": "Indicators"},
    "nav_profile": {"nb": "Områdeprofil", "en": "Area profile"},
    "nav_focus": {"nb": "Innsatsområder", "en": "Focus areas"},
    "focus_area": {"nb": "Innsatsområde", "en": "Focus area"},
    "trend": {"nb": "Utvikling", "en": "Trend"},
    "trend_better": {"nb": "↗ Bedre", "en": "↗ Improving"},
    "trend_similar": {"nb": "→ Stabil", "en": "→ Stable"},
    "trend_worse": {"nb": "↘ Dårligere", "en": "↘ Worsening"},
    "trend_no_direction": {"nb": "Ingen retning", "en": "No direction"},
    "trend_not_assessed": {"nb": "–", "en": "–"},
    "trend_not_comparable": {"nb": "–", "en": "–"},
    "choose_areas": {"nb": "Områder", "en": "Areas"},
    "show_comparison": {"nb": "Vis sammenligningsområdene", "en": "Show the comparison areas"},
    "programme_period_band": {"nb": "Programperiode", "en": "Programme period"},
    "baseline_year_label": {"nb": "Utgangsår {year}", "en": "Baseline {year}"},
    "target_label": {"nb": "Mål {year}", "en": "Target {year}"},
    "proposed_target_label": {
        "nb": "Foreslått mål {year} (ikke vedtatt)",
        "en": "Proposed target {year} (not adopted)",
    },
    "proposed_target": {"nb": "Foreslått mål (ikke vedtatt)", "en": "Proposed target (not adopted)"},
    "no_adopted_target": {
        "nb": "ingen vedtatt mål (intensjonsavtalen 13. desember 2022 setter ingen tallfestede mål)",
        "en": "no adopted target (the agreement of 13 December 2022 sets no numeric targets)",
    },
    "target_adopted_by": {
        "nb": "{value} i {year}. Kilde: {source}. Lagt inn av {who}.",
        "en": "{value} in {year}. Source: {source}. Entered by {who}.",
    },
    "target_proposed_by": {
        "nb": "{value} i {year}: et forslag, ikke programmets mål; brukes ikke i status. Lagt inn av {who}.",
        "en": "{value} in {year}: a proposal, not the programme's target; not used for progress. Entered by {who}.",
    },
    "target_kind_adopted": {"nb": "vedtatt", "en": "adopted"},
    "target_kind_measure": {"nb": "tiltakets mål", "en": "the measure's target"},
    "target_kind_proposed": {
        "nb": "forslag, ikke vedtatt – brukes ikke i status",
        "en": "proposed, not adopted – not used for progress",
    },
    "target_kind_demonstration": {
        "nb": "demonstrasjon – brukes ikke i status",
        "en": "demonstration – not used for progress",
    },
    "direction": {"nb": "Retning", "en": "Direction"},
    "direction_higher_is_better": {"nb": "Høyere er bedre", "en": "Higher is better"},
    "direction_lower_is_better": {"nb": "Lavere er bedre", "en": "Lower is better"},
    "direction_none": {"nb": "Ingen retning", "en": "No direction"},
    "last_update": {"nb": "Sist oppdatert", "en": "Last updated"},
    "chart_data": {"nb": "Tallene i grafen", "en": "The figures in the chart"},
    "events_title": {"nb": "Hendelser", "en": "Events"},
    "choose_area": {"nb": "Område", "en": "Area"},
    "profile_intro": {
        "nb": "Alle indikatorer for området mot kommunen som helhet, gruppert etter innsatsområde, slik "
        "Folkehelseinstituttets folkehelseprofiler gjør. «Utvikling» sammenligner siste år med tre år før.",
        "en": "Every indicator for the area against the municipality as a whole, grouped by focus area, as the "
        "public-health profiles of the Norwegian Institute of Public Health do. 'Trend' compares the latest year "
        "with three years earlier.",
    },
    "print_hint": {
        "nb": "Skriv ut siden med nettleserens utskrift (Ctrl+P); den får plass på én side.",
        "en": "Print the page with the browser's print (Ctrl+P); it fits on one page.",
    },
    "open_profile": {"nb": "Åpne områdeprofil", "en": "Open area profile"},
    "map_mode": {"nb": "Vis", "en": "Show"},
    "map_mode_level": {"nb": "Nivå i ett år", "en": "Level in one year"},
    "map_mode_change": {"nb": "Endring mellom to år", "en": "Change between two years"},
    "from_year": {"nb": "Fra år", "en": "From year"},
    "unit_change": {"nb": "endring", "en": "change"},
    "focus_intro": {
        "nb": "Indikatorene for innsatsområdet i programområdene og kommunen.",
        "en": "The focus area's indicators in the programme areas and the municipality.",
    },
    "nav_import": {"nb": "Import", "en": "Import"},
    "import_title": {"nb": "Importer data", "en": "Import data"},
    "import_intro": {
        "nb": "Last opp en fil (CSV, Excel, SSB JSON-stat, eller grenser som GeoJSON, GeoPackage eller zippet "
        "Shapefile). Velg hva kolonnene betyr, se valideringsrapporten, og bekreft. Ingenting lagres før du bekrefter, "
        "og en fil med feil avvises i sin helhet med mindre du velger å importere de gyldige radene.",
        "en": "Upload a file (CSV, Excel, SSB JSON-stat, or boundaries as GeoJSON, GeoPackage or zipped Shapefile). "
        "Choose what the columns mean, read the validation report, and confirm. Nothing is stored before you confirm, "
        "and a file with errors is refused whole unless you choose to import the valid rows.",
    },
    "choose_file": {"nb": "Fil", "en": "File"},
    "accept_valid_rows": {
        "nb": "Importer gyldige rader og registrer de avviste med grunn",
        "en": "Import the valid rows and record the rejected ones with their reasons",
    },
    "code_column": {
        "nb": "Kolonne med områdekode eller navn (tomt: finn selv)",
        "en": "Column with area codes or names (empty: find it)",
    },
    "boundary_summary": {
        "nb": "{shapes} grenser klare, {areas} nye grunnkretser.",
        "en": "{shapes} boundaries ready, {areas} new basic units.",
    },
    "header_row": {"nb": "Overskriftsrad (0: finn selv)", "en": "Header row (0: find it)"},
    "from_column": {"nb": "Fra en kolonne i filen", "en": "From a column in the file"},
    "field_indicator": {"nb": "Indikatorkolonne", "en": "Indicator column"},
    "field_area": {"nb": "Områdekode", "en": "Area code"},
    "field_period": {"nb": "År", "en": "Year"},
    "field_value": {"nb": "Verdi", "en": "Value"},
    "field_numerator": {"nb": "Teller", "en": "Numerator"},
    "field_denominator": {"nb": "Nevner", "en": "Denominator"},
    "field_ci_lower": {"nb": "Nedre grense", "en": "Lower bound"},
    "field_ci_upper": {"nb": "Øvre grense", "en": "Upper bound"},
    "field_status": {"nb": "Status", "en": "Status"},
    "field_unit": {"nb": "Enhet", "en": "Unit"},
    "filters": {
        "nb": "Filtre (kolonne=verdi eller kolonne!=verdi, én per linje)",
        "en": "Filters (column=value or column!=value, one per line)",
    },
    "filters_help": {
        "nb": "For eksempel sex=total for å ta med bare totalen, eller sex!=total for å legge sammen delene "
        "uten totalen (den brukes da til å kontrollere summen).",
        "en": "For example sex=total to keep only the totals, or sex!=total to add up the parts without the "
        "total (which is then used to check the sum).",
    },
    "sum_rows": {
        "nb": "Legg sammen rader med samme indikator, område og år (f.eks. aldersgrupper)",
        "en": "Add up rows with the same indicator, area and year (e.g. age groups)",
    },
    "skip_unknown_areas": {
        "nb": "Hopp over områder monitoren ikke kjenner (andre byer)",
        "en": "Skip areas the monitor does not know (other cities)",
    },
    "preview": {"nb": "Forhåndsvisning", "en": "Preview"},
    "year_columns_used": {
        "nb": "Ingen årskolonne valgt: kolonnene {columns} leses som verdier for årene i navnet.",
        "en": "No year column chosen: the columns {columns} are read as values for the years in their names.",
    },
    "rows_summary": {
        "nb": "{read} rader lest, {ok} klare til import, {skipped} hoppet over.",
        "en": "{read} rows read, {ok} ready to import, {skipped} skipped.",
    },
    "validation_report": {"nb": "Valideringsrapport", "en": "Validation report"},
    "problems_found": {"nb": "{count} problem funnet.", "en": "{count} problem(s) found."},
    "no_problems": {"nb": "Ingen problemer funnet.", "en": "No problems found."},
    "confirm_import": {"nb": "Bekreft import", "en": "Confirm import"},
    "imported_as": {"nb": "Importert som parti {batch}.", "en": "Imported as batch {batch}."},
    "import_refused": {
        "nb": "Avvist: {count} problem. Ingenting ble lagret.",
        "en": "Refused: {count} problem(s). Nothing was stored.",
    },
    "batches": {"nb": "Importerte partier", "en": "Import batches"},
    "batch": {"nb": "Parti", "en": "Batch"},
    "batch_kind": {"nb": "Type", "en": "Kind"},
    "file": {"nb": "Fil", "en": "File"},
    "rows_accepted": {"nb": "Rader", "en": "Rows"},
    "rows_rejected": {"nb": "Avvist", "en": "Rejected"},
    "demo": {"nb": "Demo", "en": "Demo"},
    "rolled_back": {"nb": "Trukket tilbake", "en": "Rolled back"},
    "rollback_batch": {"nb": "Trekk tilbake parti", "en": "Roll back batch"},
    "roll_back": {"nb": "Trekk tilbake", "en": "Roll back"},
    "rolled_back_msg": {"nb": "Parti {batch} er trukket tilbake.", "en": "Batch {batch} was rolled back."},
    "provenance": {"nb": "Hvor tallene kommer fra", "en": "Where the figures come from"},
    "nav_audit": {"nb": "Endringslogg", "en": "Audit trail"},
    "log_in": {"nb": "Logg inn", "en": "Log in"},
    "account_title": {"nb": "Min konto", "en": "My account"},
    "not_logged_in": {"nb": "Ikke innlogget: offentlige tall.", "en": "Not logged in: public figures."},
    "log_out": {"nb": "Logg ut", "en": "Log out"},
    "username": {"nb": "Brukernavn", "en": "Username"},
    "password": {"nb": "Passord", "en": "Password"},
    "login_failed": {"nb": "Feil brukernavn eller passord.", "en": "Wrong username or password."},
    "login_required": {
        "nb": "Denne installasjonen krever innlogging.",
        "en": "This installation requires you to log in.",
    },
    "no_role": {
        "nb": "Du er logget inn, men har ikke fått en rolle i Områdemonitor. Kontakt en administrator.",
        "en": "You are logged in but have no role in Områdemonitor. Ask an administrator.",
    },
    "no_access": {"nb": "Du har ikke tilgang til denne siden.", "en": "You do not have access to this page."},
    "no_access_role": {
        "nb": "Du har ikke tilgang til denne siden med rollen {role}. Spør en administrator om en annen rolle.",
        "en": "You do not have access to this page with the role {role}. Ask an administrator for another role.",
    },
    "login_to_open": {
        "nb": "Du må logge inn for å åpne denne siden. Etter innlogging kommer du rett hit.",
        "en": "You need to log in to open this page. After logging in you come straight back here.",
    },
    "login_error": {
        "nb": "Innloggingen kunne ikke startes. Gi feilkoden {error_id} til den som drifter Områdemonitor.",
        "en": "The login could not be started. Give the error id {error_id} to whoever runs Områdemonitor.",
    },
    "oidc_no_role": {
        "nb": "Du er logget inn, men har ikke fått en rolle i Områdemonitor. Kontakt en administrator.",
        "en": "You are logged in but have no role in Områdemonitor. Ask an administrator.",
    },
    "oidc_identity_claim_missing": {
        "nb": "Identitetsleverandøren sendte ikke feltet «{claim}», som Områdemonitor kjenner deg igjen på. "
        "Kontakt en administrator.",
        "en": "The identity provider did not send the claim '{claim}' that Områdemonitor knows you by. "
        "Ask an administrator.",
    },
    "oidc_email_unverified": {
        "nb": "Identitetsleverandøren har ikke bekreftet e-postadressen din, så den gir ikke tilgang.",
        "en": "The identity provider has not verified your e-mail address, so it gives no access.",
    },
    "oidc_session_ended": {
        "nb": "Økten din er avsluttet. Logg ut og inn igjen.",
        "en": "Your session has ended. Log out and in again.",
    },
    "logged_in_as": {"nb": "Innlogget som {name} ({role})", "en": "Logged in as {name} ({role})"},
    "role_viewer": {"nb": "leser", "en": "viewer"},
    "role_researcher": {"nb": "forsker", "en": "researcher"},
    "role_editor": {"nb": "redaktør", "en": "editor"},
    "role_admin": {"nb": "administrator", "en": "admin"},
    "users_title": {"nb": "Brukere og roller", "en": "Users and roles"},
    "users_intro": {
        "nb": "Leser: se dashbord og rapporter. Forsker: også fulle nedlastinger. Redaktør: også import og "
        "tiltak. Administrator: også brukere og oppsett. Alle endringer føres i endringsloggen.",
        "en": "Viewer: dashboards and reports. Researcher: also full downloads. Editor: also imports and "
        "measures. Admin: also users and configuration. Every change is recorded in the audit trail.",
    },
    "new_user": {"nb": "Ny bruker", "en": "New user"},
    "change_user": {"nb": "Endre bruker", "en": "Change a user"},
    "display_name": {"nb": "Navn", "en": "Name"},
    "role": {"nb": "Rolle", "en": "Role"},
    "login_method": {"nb": "Innlogging", "en": "Login"},
    "login_local": {"nb": "Lokalt passord", "en": "Local password"},
    "login_oidc": {
        "nb": "Identitetsleverandør (brukernavn: e-post, eller pid/sub etter oppsettet)",
        "en": "Identity provider (username: e-mail, or pid/sub as configured)",
    },
    "active": {"nb": "Aktiv", "en": "Active"},
    "created": {"nb": "Opprettet", "en": "Created"},
    "audit_id": {"nb": "Nr.", "en": "No."},
    "when": {"nb": "Tidspunkt", "en": "When"},
    "audit_target": {"nb": "Gjelder", "en": "Target"},
    "before": {"nb": "Før", "en": "Before"},
    "after": {"nb": "Etter", "en": "After"},
    "all": {"nb": "Alle", "en": "All"},
    "new_password": {"nb": "Nytt passord (tomt: uendret)", "en": "New password (empty: unchanged)"},
    "save": {"nb": "Lagre", "en": "Save"},
    "create": {"nb": "Opprett", "en": "Create"},
    "saved": {"nb": "Lagret.", "en": "Saved."},
    "database_busy_reading": {
        "nb": "Databasen er opptatt med en stor lagring akkurat nå. Last inn siden på nytt om et øyeblikk.",
        "en": "The database is busy with a large save right now. Reload the page in a moment.",
    },
    "database_busy": {
        "nb": "Databasen er opptatt med en annen lagring akkurat nå. Ingenting ble endret, og det du fylte inn "
        "står igjen: prøv igjen om et øyeblikk.",
        "en": "The database is busy with another save right now. Nothing was changed and what you entered is "
        "still here: try again in a moment.",
    },
    "audit_title": {"nb": "Endringslogg", "en": "Audit trail"},
    "audit_intro": {
        "nb": "Hver endring i databasen, hvem som gjorde den, når, og verdiene før og etter. "
        "Loggen kan bare legges til, aldri endres.",
        "en": "Every change to the database, who made it, when, and the values before and after. "
        "The log can only be added to, never changed.",
    },
    "filter_actor": {"nb": "Hvem", "en": "Who"},
    "filter_action": {"nb": "Handling", "en": "Action"},
    "download_csv": {"nb": "Last ned CSV", "en": "Download CSV"},
    "download_full_csv": {"nb": "Alle tall med teller og nevner (CSV)", "en": "All figures with counts (CSV)"},
    "download_full_excel": {"nb": "Alle tall med teller og nevner (Excel)", "en": "All figures with counts (Excel)"},
    "edit_events": {"nb": "Rediger hendelser", "en": "Edit events"},
    "event_year": {"nb": "År", "en": "Year"},
    "event_title_nb": {"nb": "Tittel (bokmål)", "en": "Title (Norwegian)"},
    "event_title_en": {"nb": "Tittel (engelsk)", "en": "Title (English)"},
    "add_event": {"nb": "Legg til hendelse", "en": "Add event"},
    "delete_event": {"nb": "Slett hendelse", "en": "Delete event"},
    "download_excel": {"nb": "Last ned Excel", "en": "Download Excel"},
    "download_numbers_note": {
        "nb": "Filene har tallene som tall, med enhet (unit) og status i egne kolonner. Skjermede tall er tomme "
        "celler med status suppressed og SSBs symbol «:»; tall som mangler har symbolet «..».",
        "en": "The files hold the figures as numbers, with unit and status in their own columns. Suppressed "
        "figures are empty cells with status suppressed and SSB's symbol ':'; missing figures have '..'.",
    },
    "demo_banner": {
        "nb": "**Demonstrasjonsdata.** Tallene i denne databasen er oppdiktede eksempelverdier, "
        "ikke statistikk. De viser hvordan monitoren virker til ekte data er importert.",
        "en": "**Demonstration data.** The figures in this database are made-up example values, "
        "not statistics. They show how the monitor works until real data is imported.",
    },
    "approx_shapes_short": {
        "nb": "Omtrentlige områdegrenser, ikke offisielle",
        "en": "Approximate area boundaries, not official",
    },
    "demo_short": {"nb": "Demonstrasjonsdata, ikke statistikk", "en": "Demonstration data, not statistics"},
    "official_shapes": {
        "nb": "Offisielle områdegrenser fra {source}, forenklet med {tolerance:g} m toleranse.",
        "en": "Official area boundaries from {source}, simplified with {tolerance:g} m tolerance.",
    },
    "programme_period": {"nb": "Programperiode", "en": "Programme period"},
    "agreement_signed": {"nb": "Avtale signert", "en": "Agreement signed"},
    "today_in_period": {
        "nb": "I dag, {today}, er {share} av perioden {start}–{end} gått.",
        "en": "Today, {today}, {share} of the period {start}–{end} has passed.",
    },
    "after_period": {
        "nb": "Perioden {start}–{end} er over. Sluttevaluering: {evaluation}",
        "en": "The period {start}–{end} has ended. Final evaluation: {evaluation}",
    },
    "parties": {"nb": "Parter", "en": "Parties"},
    "programme_areas": {"nb": "Programområder", "en": "Programme areas"},
    "focus_areas": {"nb": "Innsatsområder", "en": "Focus areas"},
    "headline_indicators": {"nb": "Hovedindikatorer", "en": "Headline indicators"},
    "no_headline": {
        "nb": "Ingen hovedindikatorer er valgt for dette innsatsområdet.",
        "en": "No headline indicators are chosen for this focus area.",
    },
    "indicator": {"nb": "Indikator", "en": "Indicator"},
    "area": {"nb": "Område", "en": "Area"},
    "latest": {"nb": "Siste", "en": "Latest"},
    "year": {"nb": "År", "en": "Year"},
    "baseline": {"nb": "Utgangsår", "en": "Baseline"},
    "change_since_baseline": {"nb": "Endring siden utgangsåret", "en": "Change since baseline"},
    "vs_city": {"nb": "Mot kommunen", "en": "Against the municipality"},
    "unit": {"nb": "Enhet", "en": "Unit"},
    "numerator": {"nb": "Teller", "en": "Numerator"},
    "denominator": {"nb": "Nevner", "en": "Denominator"},
    "status_provisional": {"nb": "Foreløpig tall", "en": "Provisional figure"},
    "level": {"nb": "Nivå", "en": "Level"},
    "value": {"nb": "Verdi", "en": "Value"},
    "status": {"nb": "Status", "en": "Status"},
    "source": {"nb": "Kilde", "en": "Source"},
    "definition": {"nb": "Definisjon", "en": "Definition"},
    "map_title": {"nb": "Kart", "en": "Map"},
    "suppressed": {"nb": "Skjermet", "en": "Suppressed"},
    "suppressed_short": {"nb": "skjermet", "en": "suppressed"},
    "no_data": {"nb": "Mangler data", "en": "No data"},
    "no_data_for_choice": {"nb": "Ingen data for dette valget.", "en": "No data for this choice."},
    "city_value": {"nb": "Kommunen: {value}", "en": "The municipality: {value}"},
    "colour_note_directed": {
        "nb": "Blått er bedre enn kommunen som helhet, oransje er dårligere; "
        "fargeskalaen er sentrert på kommunens verdi ({value}).",
        "en": "Blue is better than the municipality as a whole, orange is worse; "
        "the colour scale is centred on the municipality's value ({value}).",
    },
    "colour_note_undirected": {
        "nb": "Indikatoren har ingen retning: mørkere farge betyr høyere verdi.",
        "en": "The indicator has no direction: darker colour means a higher value.",
    },
    "table_alternative": {"nb": "Tabell med tallene i kartet", "en": "Table of the figures in the map"},
    "suppression_note": {
        "nb": "Tall bygget på færre enn {count} tilfeller eller en nevner under {denominator} vises ikke, og heller "
        "ikke tall som ville gjort det mulig å regne dem ut.",
        "en": "Figures based on fewer than {count} cases or a denominator under {denominator} are not shown, nor "
        "are figures that would allow them to be worked out.",
    },
    "vs_better": {"nb": "▲ Bedre enn kommunen", "en": "▲ Better than the municipality"},
    "vs_similar": {"nb": "● Som kommunen", "en": "● Similar to the municipality"},
    "vs_worse": {"nb": "▼ Dårligere enn kommunen", "en": "▼ Worse than the municipality"},
    "vs_no_direction": {"nb": "Ingen retning", "en": "No direction"},
    "vs_not_assessed": {"nb": "Ikke vurdert", "en": "Not assessed"},
    "vs_not_comparable": {
        "nb": "Antall: sammenlignes ikke med kommunen",
        "en": "A count: not compared with the municipality",
    },
    "since": {"nb": "siden {year}", "en": "since {year}"},
    "in_year": {"nb": "({year})", "en": "({year})"},
    "hidden_value": {"nb": "Skjermet", "en": "Suppressed"},
    "improved": {"nb": "Bedre", "en": "Improved"},
    "unchanged": {"nb": "Uendret", "en": "Unchanged"},
    "worsened": {"nb": "Dårligere", "en": "Worsened"},
    "no_direction": {"nb": "Ingen retning", "en": "No direction"},
    "not_assessed": {"nb": "Ikke vurdert", "en": "Not assessed"},
    "legend_explainer": {
        "nb": "Markeringene tar hensyn til indikatorens retning. «Som kommunen»: kommunens verdi ligger i "
        "usikkerhetsintervallet når det er kjent, ellers innenfor ±5 % av kommunens verdi.",
        "en": "Marks take the indicator's direction into account. \"Similar\": the municipality's value lies "
        "inside the uncertainty interval when one is known, otherwise within ±5 % of it.",
    },
    "data_vintage": {"nb": "Data sist importert {date}.", "en": "Data last imported {date}."},
    "no_database": {
        "nb": "Fant ingen database. Bygg den med `make run` eller `python -m omrademonitor init`.",
        "en": "No database found. Build it with `make run` or `python -m omrademonitor init`.",
    },
    "choose_programme": {"nb": "Program", "en": "Programme"},
    "choose_indicator": {"nb": "Indikator", "en": "Indicator"},
    "no_focus_indicators": {
        "nb": "Innsatsområdet har ingen indikatorer ennå.",
        "en": "The focus area has no indicators yet.",
    },
    "no_data_yet": {"nb": "Ingen data ennå", "en": "No data yet"},
    "indicators_without_data": {
        "nb": "Indikatorer uten data ennå (nevnt i kildedokumentet)",
        "en": "Indicators without data yet (named in the source document)",
    },
    "choose_year": {"nb": "År", "en": "Year"},
    "choose_level": {"nb": "Nivå", "en": "Level"},
    "target": {"nb": "Mål", "en": "Target"},
    "unit_percent": {"nb": "prosent", "en": "per cent"},
    "unit_per_1000": {"nb": "per 1 000", "en": "per 1,000"},
    "unit_count": {"nb": "antall", "en": "count"},
    "unit_nok": {"nb": "kroner", "en": "NOK"},
    "unit_years": {"nb": "år", "en": "years"},
    "unit_score": {"nb": "skår", "en": "score"},
    "unit_square_metres": {"nb": "m²", "en": "m²"},
    "level_grunnkrets": {"nb": "Grunnkrets", "en": "Basic statistical unit"},
    "level_levekarssone": {"nb": "Levekårssone", "en": "Living-condition zone"},
    "level_bydel": {"nb": "Bydel", "en": "City district"},
    "level_kommune": {"nb": "Kommune", "en": "Municipality"},
    "programme_area_label": {"nb": "Programområde", "en": "Programme area"},
}


IMPORT_MESSAGES: dict[str, tuple[str, str]] = {
    "unsupported_format": (
        "filtypen {suffix} støttes ikke (CSV, Excel .xlsx, JSON-stat .json, GeoJSON, GeoPackage, GML, "
        "zippet Shapefile)",
        "the file type {suffix} is not supported (CSV, Excel .xlsx, JSON-stat "
        ".json, GeoJSON, GeoPackage, GML, zipped Shapefile)",
    ),
    "empty_file": ("filen er tom", "the file is empty"),
    "no_table": ("fant ingen tabell (minst to kolonner)", "no table found (at least two columns)"),
    "bad_header_row": ("overskriftsraden {row} finnes ikke", "header row {row} does not exist"),
    "wrong_field_count": (
        "raden har {found} felt, overskriften {expected}",
        "the row has {found} fields, the header {expected}",
    ),
    "duplicate_columns": ("kolonnenavn gjentas: {columns}", "column names repeat: {columns}"),
    "unreadable": ("filen kan ikke leses ({error})", "the file cannot be read ({error})"),
    "unknown_sheet": ("arket finnes ikke; arkene er {sheets}", "no such sheet; the sheets are {sheets}"),
    "not_json": ("ikke gyldig JSON ({error}, linje {line})", "not valid JSON ({error}, line {line})"),
    "not_jsonstat": ("ikke et JSON-stat 2.0-datasett", "not a JSON-stat 2.0 dataset"),
    "unknown_column": (
        "kolonnen finnes ikke (valgt for «{field}»); kolonnene er {columns}",
        "no such column (chosen for '{field}'); the columns are {columns}",
    ),
    "no_indicator": ("velg en indikator eller en indikatorkolonne", "choose an indicator or an indicator column"),
    "unknown_indicator": ("ukjent indikator", "unknown indicator"),
    "no_area_column": ("velg kolonnen med områdekoder", "choose the column with area codes"),
    "no_period_column": (
        "velg kolonnen med år (eller bruk kolonner med årstall i navnet)",
        "choose the column with years (or use columns with a year in their name)",
    ),
    "no_value_column": (
        "velg kolonnen med verdier (eller teller og nevner)",
        "choose the column with values (or numerator and denominator)",
    ),
    "unknown_area": ("ukjent områdekode", "unknown area code"),
    "bad_period": ("ikke et årstall", "not a year"),
    "period_out_of_range": (
        "året ligger utenfor indikatorens periode {first}–{last}",
        "the year is outside the indicator's range {first}–{last}",
    ),
    "unit_mismatch": (
        "enheten stemmer ikke med indikatorens ({expected})",
        "the unit contradicts the indicator's ({expected})",
    ),
    "bad_status": ("ukjent status", "unknown status"),
    "not_a_number": ("ikke et tall", "not a number"),
    "percent_out_of_range": ("en prosent må ligge mellom 0 og 100", "a percentage must lie between 0 and 100"),
    "rate_out_of_range": (
        "en rate per 1 000 må ligge mellom 0 og 1 000",
        "a rate per 1,000 must lie between 0 and 1,000",
    ),
    "negative_count": ("et antall kan ikke være negativt", "a count cannot be negative"),
    "numerator_above_denominator": (
        "telleren er større enn nevneren ({denominator})",
        "the numerator exceeds the denominator ({denominator})",
    ),
    "value_mismatch": (
        "verdien stemmer ikke med teller/nevner (ventet {expected})",
        "the value does not match numerator/denominator (expected {expected})",
    ),
    "cannot_sum": (
        "rader kan ikke legges sammen for {indicator} (ikke et antall eller en andel)",
        "rows cannot be added up for {indicator} (not a count or a share)",
    ),
    "duplicate_key": ("samme område og år står også i rad {first}", "the same area and year are also in row {first}"),
    "nothing_to_import": ("ingen rader å importere", "no rows to import"),
    "invalid_geometry": ("ugyldig geometri ({reason})", "invalid geometry ({reason})"),
    "outside_norway": ("geometrien ligger utenfor Norge", "the geometry lies outside Norway"),
    "unsupported_crs": (
        "koordinatsystemet {crs} støttes ikke (EPSG:25833, 25832, 4258 eller 4326)",
        "the coordinate system {crs} is not supported (EPSG:25833, 25832, 4258 or 4326)",
    ),
    "no_crs": ("filen oppgir ikke koordinatsystem", "the file states no coordinate system"),
    "not_polygons": ("grenser må være flater (polygoner)", "boundaries must be polygons"),
    "no_code_column": ("fant ingen kolonne med områdekoder ({expected})", "no column with area codes ({expected})"),
    "no_zone_for_unit": (
        "grunnkretsen ligger ikke i noen levekårssone",
        "the basic unit lies in no living-condition zone",
    ),
}
IMPORT_MESSAGES.update(MEASURE_MESSAGES)
IMPORT_MESSAGES.update(IMPORT_CHECK_MESSAGES)
for _code, (_nb, _en) in IMPORT_MESSAGES.items():
    STRINGS[f"import_{_code}"] = {"nb": _nb, "en": _en}
for _key, (_nb, _en) in (
    TRACKING_STRINGS
    | EFFECT_STRINGS
    | REPORT_STRINGS
    | IMPORT_PAGE_STRINGS
    | A11Y_STRINGS
    | ADMIN_STRINGS
    | DATAOUT_STRINGS
).items():
    STRINGS[_key] = {"nb": _nb, "en": _en}
for _key, (_nb, _en) in CROSS_STRINGS.items():
    STRINGS[_key] = {"nb": _nb, "en": _en}
for _key, (_nb, _en) in DEMOMARK_STRINGS.items():
    STRINGS[_key] = {"nb": _nb, "en": _en}
for _key, (_nb, _en) in POLISH_STRINGS.items():
    STRINGS[_key] = {"nb": _nb, "en": _en}
for _key, (_nb, _en) in PLURAL_FIXES.items():  # replace entries of the same key: both plural forms
    STRINGS[_key] = {"nb": _nb, "en": _en}
for _key, (_nb, _en) in COLUMN_HELP.items():
    STRINGS[f"measure_column_{_key}"] = {"nb": _nb, "en": _en}
STRINGS.update(
    {
        "sheet": {"nb": "ark", "en": "sheet"},
        "row": {"nb": "rad", "en": "row"},
        "column": {"nb": "kolonne", "en": "column"},
    }
)

UNIT_SUFFIX = {
    "percent": {"nb": f"{NBSP}%", "en": "%"},
    "per_1000": {"nb": f"{NBSP}‰", "en": "‰"},
    "nok": {"nb": f"{NBSP}kr", "en": f"{NBSP}NOK"},
    "years": {"nb": f"{NBSP}år", "en": f"{NBSP}yrs"},
    "square_metres": {"nb": f"{NBSP}m²", "en": f"{NBSP}m²"},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled in (``{n:# rad|# rader}``: the
    form the number calls for, see ``plurals``)."""
    text = STRINGS[key]["en" if lang == "en" else "nb"]
    return fill(text, **values) if values else text


def format_number(x: float | None, decimals: int = 0, lang: str = DEFAULT_LANGUAGE) -> str:
    """Norwegian: 12 345,6 (no-break space, decimal comma); English: 12,345.6. None/NaN → "–"."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", NBSP).replace(".", ",")


def format_value(x: float | None, unit: str, decimals: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A value with its unit sign: "12,3 %", "4 512", "81,2 år"."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return format_number(x, decimals, lang) + UNIT_SUFFIX.get(unit, {}).get(lang, "")


def format_change(x: float | None, unit: str, decimals: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A signed change: "+1,2 %-poeng" for percentages, "−3" for counts."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    sign = "+" if x > 0 else ""
    body = sign + format_number(x, decimals, lang)
    if unit == "percent":
        return body + (f"{NBSP}%-poeng" if lang == "nb" else f"{NBSP}pp")
    return body + UNIT_SUFFIX.get(unit, {}).get(lang, "")


def format_date(day: dt.date, lang: str = DEFAULT_LANGUAGE) -> str:
    """Norwegian "13. desember 2022"; English "13 December 2022"."""
    if lang == "en":
        return f"{day.day} {day.strftime('%B')} {day.year}"
    return f"{day.day}. {MONTHS_NB[day.month - 1]} {day.year}"


def format_share(share: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A 0..1 share as a whole percentage: "47 %"."""
    return format_number(share * 100, 0, lang) + (f"{NBSP}%" if lang == "nb" else "%")


def _absent(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def headline_cell(
    row: dict, unit: str, decimals: int, baseline_year: int | None, lang: str = DEFAULT_LANGUAGE
) -> dict[str, str | None]:
    """Texts for one area's headline figure: value with year, change since baseline, mark vs city."""
    if _absent(row.get("latest_value")):
        value = t("hidden_value" if row.get("latest_state") == "suppressed" else "no_data", lang)
    else:
        value = f"{format_value(row['latest_value'], unit, decimals, lang)} ({int(row['latest_period'])})"
    change = None
    if not _absent(row.get("change")):
        change = f"{format_change(row['change'], unit, decimals, lang)} {t('since', lang, year=baseline_year)}"
    return {
        "value": value,
        "change": change,
        "mark": t(f"vs_{row['vs_reference']}", lang),
        "change_is_clear": row.get("change_assessment") in ("better", "worse"),
        "progress": t(f"progress_{row['progress']}", lang) if row.get("progress") else "",
    }


def map_notes(indicator, rule, city_value: float | None, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """The texts under a map: how to read the colours, what is hidden (``rule``: the thresholds in
    force), definition and source."""
    city_text = format_value(city_value, indicator.unit.value, indicator.decimals, lang)
    colours = "colour_note_undirected" if indicator.direction.value == "none" else "colour_note_directed"
    return [
        f"{t(colours, lang, value=city_text)} "
        + t("suppression_note", lang, count=rule.min_count, denominator=rule.min_denominator),
        f"**{t('definition', lang)}:** {indicator.definition.get(lang)} "
        f"**{t('source', lang)}:** {indicator.source.name.get(lang)}",
    ]


def status_text(status: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """What a table says about a figure's status (never why a figure is hidden: see ``disclosure``)."""
    if status == "suppressed":
        return t("suppressed", lang)
    if status == "missing":
        return t("no_data", lang)
    return t("status_provisional", lang) if status == "provisional" else ""


def indicator_facts(indicator, updated: dt.date | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The registry's facts about an indicator as Markdown: definition, unit, direction, source, dates."""
    target = t("no_adopted_target", lang)
    target_heading = t("target", lang)
    if indicator.target:
        value = format_value(indicator.target.value, indicator.unit.value, indicator.decimals, lang)
        if indicator.target.adopted:
            source = indicator.target.source
            where = ", ".join(
                [
                    source.document.get(lang),
                    *([source.decision.get(lang)] if source.decision else []),
                    format_date(source.date, lang),
                ]
            )
            target = t(
                "target_adopted_by",
                lang,
                value=value,
                year=indicator.target.year,
                source=where,
                who=indicator.target.entered_by,
            )
        else:
            target_heading = t("proposed_target", lang)
            target = t(
                "target_proposed_by", lang, value=value, year=indicator.target.year, who=indicator.target.entered_by
            )
    lines = [
        f"**{t('definition', lang)}**  \n{indicator.definition.get(lang)}",
        f"**{t('unit', lang)}:** {t(f'unit_{indicator.unit.value}', lang)}",
        f"**{t('direction', lang)}:** {t(f'direction_{indicator.direction.value}', lang)}",
        f"**{t('source', lang)}:** {indicator.source.name.get(lang)}",
        f"**{t('baseline', lang)}:** {indicator.baseline_year or '–'}",
        f"**{target_heading}:** {target}",
        f"**{t('last_update', lang)}:** {format_date(updated, lang) if updated else '–'}",
    ]
    return lines[0] + "\n\n" + "  \n".join(lines[1:])


def event_list(events, lang: str = DEFAULT_LANGUAGE) -> str:
    """The events marked on time series, as one line: "Hendelser: 2020 Koronapandemien; …"."""
    items = [f"{e.year} {e.title_en if lang == 'en' else e.title_nb}" for e in events.itertuples()]
    return f"{t('events_title', lang)}: " + "; ".join(items) if items else ""


def measure_list(annotations, lang: str = DEFAULT_LANGUAGE) -> str:
    """The measures marked on a time series, as one line: "Tiltak: ▶ 2023-01-09 Start: Ny vri …; ■ …"."""
    items = [f"{'▶' if a.kind == 'start' else '■'} {a.date.isoformat()} {a.label}" for a in annotations.itertuples()]
    return f"{t('measures_on_chart', lang)}: " + "; ".join(items) if items else ""
