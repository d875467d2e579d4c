"""The catalogue key of every value of every enumeration the UI names: one map per enumeration.

Code asks ``t(PROGRESS_LABEL_KEYS[status], lang)``, never ``t(f"progress_{status}")``, so every key
used is written out in full somewhere and a search for a key finds its users. The maps are keyed by
the values as text (members of a ``StrEnum`` equal their values, so both work as keys), the months by
number and the categories of a breakdown by (breakdown, category).
``tests/test_catalogues.py`` checks each map against its source of truth (the enum, the schema's
CHECK list or the constant named in the comment) and that every key it names exists in both
languages. This module imports nothing, so any module can use it.
"""

from __future__ import annotations

# progress.ProgressStatus: the published method's categories and Områdemonitor's additions.
PROGRESS_LABEL_KEYS = {
    "target_achieved": "progress_target_achieved",
    "substantial_progress": "progress_substantial_progress",
    "moderate_progress": "progress_moderate_progress",
    "limited_progress": "progress_limited_progress",
    "deterioration": "progress_deterioration",
    "not_available": "progress_not_available",
    "no_clear_change": "progress_no_clear_change",
    "not_applicable": "no_direction",
}

# tracking.StatusGroup: the overview's groups of indicators (words without the symbols).
GROUP_LABEL_KEYS = {
    "target_achieved": "group_target_achieved",
    "substantial_progress": "group_substantial_progress",
    "moderate_progress": "group_moderate_progress",
    "limited_progress": "group_limited_progress",
    "deterioration": "group_deterioration",
    "no_clear_change": "group_no_clear_change",
    "not_applicable": "group_not_applicable",
    "not_available": "group_not_available",
}

# analysis.Assessment: a value against the municipality's.
ASSESSMENT_LABEL_KEYS = {
    "better": "vs_better",
    "similar": "vs_similar",
    "worse": "vs_worse",
    "no_direction": "no_direction",
    "not_assessed": "not_assessed",
    "not_comparable": "vs_not_comparable",
}

# analysis.Assessment of the latest year against three years earlier (the area profile's trend).
TREND_LABEL_KEYS = {
    "better": "trend_better",
    "similar": "trend_similar",
    "worse": "trend_worse",
    "no_direction": "no_direction",
    "not_assessed": "nothing_recorded",
    "not_comparable": "nothing_recorded",
}

# indicator_registry.Unit
UNIT_LABEL_KEYS = {
    "percent": "unit_percent",
    "per_1000": "unit_per_1000",
    "count": "unit_count",
    "nok": "unit_nok",
    "years": "unit_years",
    "score": "unit_score",
    "square_metres": "unit_square_metres",
}

# indicator_registry.Direction
DIRECTION_LABEL_KEYS = {
    "higher_is_better": "direction_higher_is_better",
    "lower_is_better": "direction_lower_is_better",
    "none": "no_direction",
}

# measures.MeasureStatus (and schema.MEASURE_STATUSES)
MEASURE_STATUS_LABEL_KEYS = {
    "planned": "measure_status_planned",
    "in_progress": "measure_status_in_progress",
    "done": "measure_status_done",
    "partly_done": "measure_status_partly_done",
    "not_done": "measure_status_not_done",
    "changed": "measure_status_changed",
    "stopped": "measure_status_stopped",
}

# schedule.ScheduleStatus, but UNKNOWN, which the UI never names (it shows the missing date instead).
SCHEDULE_LABEL_KEYS = {
    "not_started": "schedule_not_started",
    "on_time": "schedule_on_time",
    "late": "schedule_late",
    "done": "schedule_done",
    "done_late": "schedule_done_late",
    "stopped": "schedule_stopped",
}

# measures.Recommendation
RECOMMENDATION_LABEL_KEYS = {
    "continue": "recommendation_continue",
    "change": "recommendation_change",
    "stop": "recommendation_stop",
}

# access.Role
ROLE_LABEL_KEYS = {
    "viewer": "role_viewer",
    "researcher": "role_researcher",
    "editor": "role_editor",
    "admin": "role_admin",
}

# tracking.TargetKind
TARGET_KIND_LABEL_KEYS = {
    "adopted": "target_kind_adopted",
    "measure": "target_kind_measure",
    "proposed": "target_kind_proposed",
    "demonstration": "target_kind_demonstration",
}

# effects.Comparison; DESIGNATED is named after programme.Programme.comparison_basis (below).
COMPARISON_LABEL_KEYS = {
    "all": "comparison_all",
    "similar": "comparison_similar",
}
DESIGNATED_COMPARISON_LABEL_KEYS = {
    "developers": "comparison_designated_developers",
    "programme": "comparison_designated_programme",
}

# vocabulary.AreaLevel: the area levels, smallest first (vocabulary.LEVEL_FACTS).
LEVEL_LABEL_KEYS = {
    "grunnkrets": "level_grunnkrets",
    "levekarssone": "level_levekarssone",
    "bydel": "level_bydel",
    "kommune": "level_kommune",
    "fylke": "level_fylke",
    "land": "level_land",
}

# The areas of a network table: a municipality, its county or the country (crossviews).
NETWORK_KIND_LABEL_KEYS = {
    "kommune": "network_kind_municipality",
    "fylke": "network_kind_county",
    "land": "network_kind_country",
}

# figures.demo_state: what a set of figures is (None: no figures).
DATA_KIND_LABEL_KEYS = {
    "demo": "data_kind_demo",
    "real": "data_kind_real",
    "mixed": "data_kind_mixed",
    None: "nothing_recorded",
}
SHOWN_ALL_LABEL_KEYS = {
    "demo": "shown_all_demo",
    "real": "shown_all_real",
}

# The status of a figure (schema: observations.status CHECK list); disclosure decides "suppressed".
OBSERVATION_STATUS_LABEL_KEYS = {
    "final": "obs_status_final",
    "provisional": "obs_status_provisional",
    "suppressed": "suppressed",
    "missing": "obs_status_missing",
}

# The same statuses as a note beside a figure in a public table (presentation.formatting.status_text, which
# also writes a figure without a value, no_figure_text): a final figure needs no note.
FIGURE_NOTE_LABEL_KEYS = {
    "provisional": "status_provisional",
    "suppressed": "suppressed",
    "missing": "no_data",
}

# The kind of an import batch (schema: import_batches.kind CHECK list).
BATCH_KIND_LABEL_KEYS = {
    "observations": "batch_kind_observations",
    "boundaries": "batch_kind_boundaries",
    "areas": "batch_kind_areas",
}

# How a user logs in (schema: users.auth CHECK list).
LOGIN_METHOD_LABEL_KEYS = {
    "local": "login_local",
    "oidc": "login_oidc",
}

# The actors that are no user (access.SYSTEM and an anonymous reader).
ACTOR_LABEL_KEYS = {
    "system": "actor_system",
    "anonymous": "actor_anonymous",
}

# What each audited write is called in the audit trail (the names passed to ``_audited``).
AUDIT_ACTION_LABEL_KEYS = {
    "sync_definitions": "audit_action_sync_definitions",
    "set_disclosure_policy": "audit_action_set_disclosure_policy",
    "replace_areas": "audit_action_replace_areas",
    "replace_geometries": "audit_action_replace_geometries",
    "add_observations": "audit_action_add_observations",
    "rollback_batch": "audit_action_rollback_batch",
    "add_event": "audit_action_add_event",
    "add_national_areas": "audit_action_add_national_areas",
    "delete_event": "audit_action_delete_event",
    "create_user": "audit_action_create_user",
    "update_user": "audit_action_update_user",
    "save_measure": "audit_action_save_measure",
    "import_measures": "audit_action_import_measures",
    "save_goals": "audit_action_save_goals",
    "save_report": "audit_action_save_report",
}

# sql_console.ConsoleStopped.reason: which limit stopped a query.
SQL_STOP_LABEL_KEYS = {
    "time": "sql_stopped_time",
    "memory": "sql_stopped_memory",
    "result_size": "sql_stopped_result_size",
    "file_size": "sql_stopped_file_size",
    "busy": "sql_stopped_busy",
    "crashed": "sql_stopped_crashed",
}

# sql_console.ConsoleError.kind: why a query was refused or failed.
SQL_ERROR_LABEL_KEYS = {
    "parse": "sql_error_parse",
    "statements": "sql_error_statements",
    "not_select": "sql_error_not_select",
    "start": "sql_error_start",
    "failed": "sql_error_failed",
}

# effects.EffectResult.insufficient: why there is no estimate.
INSUFFICIENT_LABEL_KEYS = {
    "no_treated_before": "effects_insufficient_no_treated_before",
    "no_treated_after": "effects_insufficient_no_treated_after",
    "too_few_comparison": "effects_insufficient_too_few_comparison",
    "other": "effects_insufficient_other",
}

# did.EventStudy.primary: the pre-trend test a verdict rests on, its name and the note on it.
PRETREND_TEST_LABEL_KEYS = {
    "permutation": "pretrend_name_permutation",
    "wald": "pretrend_name_wald",
}
PRETREND_RESTS_ON_LABEL_KEYS = {
    "permutation": "pretrend_rests_on_permutation",
    "wald": "pretrend_rests_on_wald",
}

# did.EventStudy.verdict, in the report's short form.
PRETREND_VERDICT_LABEL_KEYS = {
    "ok": "pretrend_short_ok",
    "broken": "pretrend_short_broken",
    "unknown": "pretrend_short_unknown",
}

# report.regenerate's outcome: how the remade report compares with the stored one.
REGENERATED_LABEL_KEYS = {
    "identical": "regenerated_identical",
    "text": "regenerated_text_identical",
    "different": "regenerated_different",
}

# The ends of a measure marked on a chart (presentation.tracking_tables.measure_annotations).
MEASURE_EVENT_LABEL_KEYS = {
    "start": "measure_start",
    "end": "measure_end",
}

# importing.spec.FIELDS: what a column of an import file can mean.
IMPORT_FIELD_LABEL_KEYS = {
    "indicator": "field_indicator",
    "area": "field_area",
    "period": "year",
    "value": "value",
    "numerator": "numerator",
    "denominator": "denominator",
    "ci_lower": "field_ci_lower",
    "ci_upper": "field_ci_upper",
    "status": "status",
    "unit": "unit",
}

# presentation.import_tables.REPORT_COLUMNS: the columns of an import's validation report.
IMPORT_REPORT_COLUMN_LABEL_KEYS = {
    "file": "file",
    "sheet": "report_sheet",
    "row": "report_row",
    "column": "report_column",
    "value": "value",
    "reason": "report_reason",
}

# The role of an indicator in the final evaluation (tracking: an effect, or a measure's output).
INDICATOR_ROLE_LABEL_KEYS = {
    "effect": "event_column_effect",
    "output": "indicator_role_output",
}

# What the map shows (pages/map.py).
MAP_MODE_LABEL_KEYS = {
    "level": "map_mode_level",
    "change": "map_mode_change",
}

# open_data.FIGURE_COLUMNS: what each column of the open-data files holds (the codebook's columns).
OPEN_DATA_COLUMN_LABEL_KEYS = {
    "indicator_id": "open_data_column_indicator_id",
    "area_code": "open_data_column_area_code",
    "area_name": "open_data_column_area_name",
    "area_level": "open_data_column_area_level",
    "period": "open_data_column_period",
    "period_code": "open_data_column_period_code",
    "value": "open_data_column_value",
    "ci_lower": "open_data_column_ci_lower",
    "ci_upper": "open_data_column_ci_upper",
    "numerator": "open_data_column_numerator",
    "denominator": "open_data_column_denominator",
    "unit": "open_data_column_unit",
    "status": "open_data_column_status",
    "symbol": "open_data_column_symbol",
}

# downloads.SSB_SYMBOLS: what each symbol of the open-data files means (the codebook's symbols).
OPEN_DATA_SYMBOL_LABEL_KEYS = {
    ":": "open_data_symbol_confidential",
    "..": "open_data_symbol_not_available",
    "*": "open_data_symbol_provisional",
    "": "open_data_symbol_final",
}

# importing.measures.COLUMNS: the columns of a register of measures, and what to write in each.
MEASURE_COLUMN_LABEL_KEYS = {
    "measure_id": "measure_column_measure_id",
    "title_nb": "measure_column_title_nb",
    "title_en": "measure_column_title_en",
    "focus_area": "measure_column_focus_area",
    "strategy": "measure_column_strategy",
    "districts": "measure_column_districts",
    "responsible": "measure_column_responsible",
    "partners": "measure_column_partners",
    "start": "measure_column_start",
    "end": "measure_column_end",
    "budget_planned_nok": "measure_column_budget_planned_nok",
    "budget_spent_nok": "measure_column_budget_spent_nok",
    "status": "measure_column_status",
    "status_date": "measure_column_status_date",
    "result": "measure_column_result",
    "recommendation": "measure_column_recommendation",
    "output_indicators": "measure_column_output_indicators",
}

# importing.issues.Issue.code (and measure problems): what is wrong with an imported file, row or cell.
ISSUE_MESSAGE_KEYS = {
    "unsupported_format": "import_unsupported_format",
    "crossed_breakdowns": "import_crossed_breakdowns",
    "period_type_mismatch": "import_period_type_mismatch",
    "unknown_category": "import_unknown_category",
    "empty_file": "import_empty_file",
    "no_table": "import_no_table",
    "bad_header_row": "import_bad_header_row",
    "wrong_field_count": "import_wrong_field_count",
    "duplicate_columns": "import_duplicate_columns",
    "unreadable": "import_unreadable",
    "unknown_sheet": "import_unknown_sheet",
    "not_json": "import_not_json",
    "not_jsonstat": "import_not_jsonstat",
    "unknown_column": "import_unknown_column",
    "no_indicator": "import_no_indicator",
    "unknown_indicator": "import_unknown_indicator",
    "no_area_column": "import_no_area_column",
    "no_period_column": "import_no_period_column",
    "no_value_column": "import_no_value_column",
    "unknown_area": "import_unknown_area",
    "bad_period": "import_bad_period",
    "period_out_of_range": "import_period_out_of_range",
    "unit_mismatch": "import_unit_mismatch",
    "bad_status": "import_bad_status",
    "not_a_number": "import_not_a_number",
    "percent_out_of_range": "import_percent_out_of_range",
    "rate_out_of_range": "import_rate_out_of_range",
    "negative_count": "import_negative_count",
    "numerator_above_denominator": "import_numerator_above_denominator",
    "value_mismatch": "import_value_mismatch",
    "cannot_sum": "import_cannot_sum",
    "duplicate_key": "import_duplicate_key",
    "nothing_to_import": "import_nothing_to_import",
    "invalid_geometry": "import_invalid_geometry",
    "outside_norway": "import_outside_norway",
    "unsupported_crs": "import_unsupported_crs",
    "no_crs": "import_no_crs",
    "not_polygons": "import_not_polygons",
    "no_code_column": "import_no_code_column",
    "no_zone_for_unit": "import_no_zone_for_unit",
    "measure_bad_id": "import_measure_bad_id",
    "measure_other_programme": "import_measure_other_programme",
    "measure_required": "import_measure_required",
    "measure_unknown_focus_area": "import_measure_unknown_focus_area",
    "measure_unknown_district": "import_measure_unknown_district",
    "measure_unknown_strategy": "import_measure_unknown_strategy",
    "measure_strategy_elsewhere": "import_measure_strategy_elsewhere",
    "measure_end_before_start": "import_measure_end_before_start",
    "measure_negative_budget": "import_measure_negative_budget",
    "measure_not_output_indicator": "import_measure_not_output_indicator",
    "measure_duplicate_output": "import_measure_duplicate_output",
    "measure_target_incomplete": "import_measure_target_incomplete",
    "measure_missing_columns": "import_measure_missing_columns",
    "measure_duplicate_id": "import_measure_duplicate_id",
    "measure_unknown_status": "import_measure_unknown_status",
    "measure_unknown_recommendation": "import_measure_unknown_recommendation",
    "measure_bad_date": "import_measure_bad_date",
    "measure_bad_outputs": "import_measure_bad_outputs",
    "too_many_problems": "import_too_many_problems",
    "too_many_listed": "import_too_many_listed",
    "point_ambiguous": "import_point_ambiguous",
    "point_conflict": "import_point_conflict",
    "ambiguous_area_name": "import_ambiguous_area_name",
    "no_data_rows": "import_no_data_rows",
    "nothing_left": "import_nothing_left",
    "not_text": "import_not_text",
    "line_too_long": "import_line_too_long",
    "too_many_columns": "import_too_many_columns",
    "too_many_cells": "import_too_many_cells",
    "field_too_long": "import_field_too_long",
    "bad_csv": "import_bad_csv",
    "no_header": "import_no_header",
    "encrypted_workbook": "import_encrypted_workbook",
    "old_excel": "import_old_excel",
    "not_xlsx": "import_not_xlsx",
    "formula_without_value": "import_formula_without_value",
    "zip_too_many_members": "import_zip_too_many_members",
    "zip_too_large": "import_zip_too_large",
    "json_too_deep": "import_json_too_deep",
    "jsonstat_bad_id": "import_jsonstat_bad_id",
    "jsonstat_bad_size": "import_jsonstat_bad_size",
    "jsonstat_bad_dimension": "import_jsonstat_bad_dimension",
    "jsonstat_bad_value": "import_jsonstat_bad_value",
    "jsonstat_bad_status": "import_jsonstat_bad_status",
    "jsonstat_status_count": "import_jsonstat_status_count",
    "jsonstat_bad_key": "import_jsonstat_bad_key",
    "jsonstat_no_cells": "import_jsonstat_no_cells",
    "jsonstat_bad_categories": "import_jsonstat_bad_categories",
    "jsonstat_category_count": "import_jsonstat_category_count",
    "jsonstat_bad_metric": "import_jsonstat_bad_metric",
    "jsonstat_value_count": "import_jsonstat_value_count",
    "not_finite": "import_not_finite",
    "implausible_value": "import_implausible_value",
    "not_whole": "import_not_whole",
    "zero_denominator": "import_zero_denominator",
    "sum_includes_total": "import_sum_includes_total",
    "sum_differs_from_total": "import_sum_differs_from_total",
    "period_is_quarter": "import_period_is_quarter",
    "period_is_month": "import_period_is_month",
    "period_is_half_year": "import_period_is_half_year",
    "period_is_week": "import_period_is_week",
    "period_is_multi_year": "import_period_is_multi_year",
}

# The months, 1 to 12: written out in a date ("13. desember 2022"), short in a monthly period ("des. 2023").
MONTH_LABEL_KEYS = {
    1: "month_january",
    2: "month_february",
    3: "month_march",
    4: "month_april",
    5: "month_may",
    6: "month_june",
    7: "month_july",
    8: "month_august",
    9: "month_september",
    10: "month_october",
    11: "month_november",
    12: "month_december",
}
MONTH_SHORT_LABEL_KEYS = {
    1: "month_short_january",
    2: "month_short_february",
    3: "month_short_march",
    4: "month_short_april",
    5: "month_short_may",
    6: "month_short_june",
    7: "month_short_july",
    8: "month_short_august",
    9: "month_short_september",
    10: "month_short_october",
    11: "month_short_november",
    12: "month_short_december",
}

# indicator_registry.Unit: a value written with its unit ("{number} %"; a count or a score is the number alone).
UNIT_VALUE_LABEL_KEYS = {
    "percent": "value_percent",
    "per_1000": "value_per_1000",
    "count": "value_count",
    "nok": "value_nok",
    "years": "value_years",
    "score": "value_score",
    "square_metres": "value_square_metres",
}

# breakdowns.BREAKDOWNS and breakdowns.TOTAL: what a figure is broken down by.
BREAKDOWN_LABEL_KEYS = {
    "total": "category_total",
    "sex": "breakdown_sex",
    "age_group": "breakdown_age_group",
    "country_background": "breakdown_country_background",
}
# (breakdown, category) of breakdowns.BREAKDOWNS; the total of any breakdown is "category_total".
CATEGORY_LABEL_KEYS = {
    ("sex", "female"): "category_female",
    ("sex", "male"): "category_male",
    ("age_group", "0_17"): "category_age_0_17",
    ("age_group", "18_66"): "category_age_18_66",
    ("age_group", "67_plus"): "category_age_67_plus",
    ("country_background", "immigrants"): "category_immigrants",
    ("country_background", "born_to_immigrants"): "category_born_to_immigrants",
    ("country_background", "rest"): "category_rest",
}

# accessibility.KNOWN_ISSUES, by id: what the accessibility statement says about each.
KNOWN_ISSUE_LABEL_KEYS = {
    "menu_list": "a11y_issue_menu_list",
    "menu_items": "a11y_issue_menu_items",
    "tables": "a11y_issue_tables",
    "charts": "a11y_issue_charts",
    "streamlit_english": "a11y_issue_streamlit_english",
    "page_language": "a11y_issue_page_language",
}

# periods.PeriodType: what the stored number of a period means, in an effect panel's codebook.
PERIOD_MEANING_LABEL_KEYS = {
    "year": "codebook_period_year",
    "multi_year": "codebook_period_multi_year",
    "half_year": "codebook_period_half_year",
    "quarter": "codebook_period_quarter",
    "month": "codebook_period_month",
}

# errors.Refusal: why something was refused (presentation.refusals.refusal_text writes it; a busy
# database has the page's own 'try again' text).
REFUSAL_LABEL_KEYS = {
    "username_required": "refusal_username_required",
    "user_exists": "refusal_user_exists",
    "no_user": "refusal_no_user",
    "password_elsewhere": "refusal_password_elsewhere",
    "no_active_admin_left": "refusal_no_active_admin_left",
    "password_too_short": "refusal_password_too_short",
    "admin_exists": "refusal_admin_exists",
    "passwords_differ": "refusal_passwords_differ",
    "not_logged_in": "refusal_not_logged_in",
    "not_permitted": "refusal_not_permitted",
    "identity_claim_missing": "refusal_identity_claim_missing",
    "email_unverified": "refusal_email_unverified",
    "session_ended": "refusal_session_ended",
    "no_role": "refusal_no_role",
    "event_title_required": "refusal_event_title_required",
    "no_event": "refusal_no_event",
    "no_batch": "refusal_no_batch",
    "batch_rolled_back": "refusal_batch_rolled_back",
    "areas_cannot_roll_back": "refusal_areas_cannot_roll_back",
    "area_hierarchy_broken": "refusal_area_hierarchy_broken",
    "areas_still_observed": "refusal_areas_still_observed",
    "unknown_parents": "refusal_unknown_parents",
    "shapes_of_unknown_areas": "refusal_shapes_of_unknown_areas",
    "shape_twice": "refusal_shape_twice",
    "boundary_level_required": "refusal_boundary_level_required",
    "repeated_keys": "refusal_repeated_keys",
    "measure_refused": "refusal_measure_refused",
    "goals_invalid": "refusal_goals_invalid",
    "goals_unreadable": "refusal_goals_unreadable",
    "upload_too_large": "refusal_upload_too_large",
    "upload_empty": "refusal_upload_empty",
    "database_busy": "database_busy",
    "no_write_lock": "refusal_no_write_lock",
    "not_a_database": "refusal_not_a_database",
    "not_our_database": "refusal_not_our_database",
    "no_database": "refusal_no_database",
    "backup_over_database": "refusal_backup_over_database",
    "no_backup_file": "refusal_no_backup_file",
    "no_chromium": "refusal_no_chromium",
    "no_pdf_made": "refusal_no_pdf_made",
    "no_pdftotext": "refusal_no_pdftotext",
}

# access.Permission, as what a role may do ("With the role editor you may not <manage users and roles>").
PERMISSION_LABEL_KEYS = {
    "view": "permission_view",
    "download": "permission_download",
    "sql_console": "permission_sql_console",
    "import": "permission_import",
    "edit_programme": "permission_edit_programme",
    "view_audit": "permission_view_audit",
    "manage_users": "permission_manage_users",
    "configure": "permission_configure",
}

# Every map above, for the tests: name -> map.
LABEL_MAPS = {name: value for name, value in globals().items() if name.endswith(("_LABEL_KEYS", "_MESSAGE_KEYS"))}
