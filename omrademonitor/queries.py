"""Named read queries. Parameters are DuckDB named parameters (``$name``).

Pages never write SQL: they call ``Store.query(name, ...)`` with one of these names. Figures are
read from the published layer only (``published_observations``, or a report's own copy); the raw
observations are read by ``PUBLISHING`` queries alone, whose results go through disclosure control
before anything is shown (a test holds every other query to this).
"""

QUERIES: dict[str, str] = {
    "schema_version": "SELECT coalesce(max(version), 0) AS version FROM schema_migrations",
    "areas": """
        SELECT a.code, a.name, a.level, a.parent_code, a.point_lon, a.point_lat, a.area_km2
        FROM areas a JOIN area_levels l USING (level)
        ORDER BY l.rank DESC, a.code""",
    "area_levels": """
        SELECT l.level, l.rank, l.name_nb, l.name_en, count(a.code) AS areas
        FROM area_levels l LEFT JOIN areas a USING (level)
        GROUP BY ALL ORDER BY l.rank""",
    "geometries": """
        SELECT g.area_code AS code, a.name, a.level, g.geometry, g.crs, g.approximate, g.batch_id
        FROM area_geometries g JOIN areas a ON a.code = g.area_code
        WHERE a.level = $level ORDER BY g.area_code""",
    "geometry_source": """
        SELECT bool_or(g.approximate) AS approximate, any_value(b.source) AS source,
               max(b.imported_at) AS imported_at
        FROM area_geometries g JOIN import_batches b USING (batch_id)""",
    "periods": """
        SELECT DISTINCT o.period FROM published_observations o JOIN areas a ON a.code = o.area_code
        WHERE o.indicator_id = $indicator_id AND a.level = $level ORDER BY o.period""",
    "demo_areas": """
        SELECT DISTINCT p.area_code FROM published_observations p JOIN import_batches b USING (batch_id)
        WHERE b.is_demo AND b.rolled_back_at IS NULL""",
    "demo_batches": """
        SELECT batch_id, source, imported_at FROM import_batches
        WHERE is_demo AND rolled_back_at IS NULL ORDER BY batch_id""",
    "batches": """
        SELECT batch_id, kind, source, file_name, content_hash, imported_at, imported_by,
               rows_accepted, rows_rejected, is_demo, rolled_back_at, note
        FROM import_batches ORDER BY batch_id""",
    "user": """
        SELECT username, display_name, role, auth, password_hash, active FROM users WHERE username = $username""",
    "users": """
        SELECT username, display_name, role, auth, active, created_at FROM users ORDER BY username""",
    "audit_log": """
        SELECT audit_id, occurred_at, actor, actor_role, action, target, before_json, after_json
        FROM audit_log ORDER BY audit_id DESC""",
    "area_parents": "SELECT code, level, parent_code FROM areas",
    "observations_panel": """
        SELECT o.indicator_id, o.area_code, a.name AS area_name, a.level, o.period, o.value, o.numerator,
               o.denominator, o.ci_lower, o.ci_upper, o.status, o.batch_id
        FROM published_observations o JOIN areas a ON a.code = o.area_code
        WHERE o.indicator_id = $indicator_id
        ORDER BY o.period, o.area_code""",
    # What each view shows, filtered, joined and ordered by DuckDB (``figures``). The published layer is
    # stored twice in one transaction: ``published_observations`` ordered by indicator, period and area
    # (an indicator's map or level), ``published_by_area`` by area, indicator and period (a few areas'
    # figures across indicators); zone maps skip the row groups a query does not need.
    "level_figures": """
        SELECT o.indicator_id, o.area_code, a.name AS area_name, o.period, o.value, o.numerator,
               o.denominator, o.ci_lower, o.ci_upper, o.status, o.batch_id
        FROM published_observations o JOIN areas a ON a.code = o.area_code
        WHERE o.indicator_id = $indicator_id AND a.level = $level
        ORDER BY o.period, o.area_code""",
    "period_figures": """
        SELECT o.indicator_id, o.area_code, o.period, o.value, o.numerator, o.denominator, o.ci_lower,
               o.ci_upper, o.status, o.batch_id
        FROM published_observations o JOIN areas a ON a.code = o.area_code
        WHERE o.indicator_id = $indicator_id AND o.period = $period AND a.level = $level
        ORDER BY o.area_code""",
    # The change map's two years in one read (one scan, one join with the areas). At L it costs about
    # what two ``period_figures`` cost: the work grows with the rows returned, not with the queries.
    "change_figures": """
        SELECT o.indicator_id, o.area_code, o.period, o.value, o.numerator, o.denominator, o.ci_lower,
               o.ci_upper, o.status, o.batch_id
        FROM published_observations o JOIN areas a ON a.code = o.area_code
        WHERE o.indicator_id = $indicator_id AND o.period IN ($first, $last) AND a.level = $level
        ORDER BY o.period, o.area_code""",
    "area_figures": """
        SELECT o.indicator_id, o.area_code, a.name AS area_name, a.level, o.period, o.value, o.numerator,
               o.denominator, o.ci_lower, o.ci_upper, o.status, o.batch_id
        FROM published_by_area o JOIN areas a ON a.code = o.area_code
        WHERE list_contains($area_codes, o.area_code) AND list_contains($indicator_ids, o.indicator_id)
        ORDER BY o.indicator_id, o.period, o.area_code""",
    # The same figures for one breakdown category (``published_breakdowns``, ordered like
    # ``published_observations``, and its copy ordered by area, ``published_breakdowns_by_area``).
    "part_area_figures": """
        SELECT o.indicator_id, o.area_code, a.name AS area_name, a.level, o.period, o.value, o.numerator,
               o.denominator, o.ci_lower, o.ci_upper, o.status, o.batch_id
        FROM published_breakdowns_by_area o JOIN areas a ON a.code = o.area_code
        WHERE list_contains($area_codes, o.area_code) AND list_contains($indicator_ids, o.indicator_id)
          AND o.breakdown = $breakdown AND o.category = $category
        ORDER BY o.indicator_id, o.period, o.area_code""",
    "part_period_figures": """
        SELECT o.indicator_id, o.area_code, o.period, o.value, o.numerator, o.denominator, o.ci_lower,
               o.ci_upper, o.status, o.batch_id
        FROM published_breakdowns o JOIN areas a ON a.code = o.area_code
        WHERE o.indicator_id = $indicator_id AND o.period = $period AND a.level = $level
          AND o.breakdown = $breakdown AND o.category = $category
        ORDER BY o.area_code""",
    "part_shown_value": """
        SELECT o.value FROM published_breakdowns_by_area o JOIN areas a ON a.code = o.area_code
        WHERE o.area_code = $area_code AND o.indicator_id = $indicator_id AND o.period = $period
          AND a.level = $level AND o.breakdown = $breakdown AND o.category = $category AND o.value IS NOT NULL""",
    # ``$year_scales`` is ``periods.year_scale`` of each of ``$indicator_ids``: three years before 2023K4
    # is 2020K4 (20234 - 3 * 10), before 2023M12 2020M12, before 2021 (or 2019-2021) 2018.
    "area_latest": """
        WITH f AS (
            SELECT indicator_id, area_code, period, value, ci_lower, ci_upper, status FROM published_by_area
            WHERE list_contains([$area_code, $city_code], area_code) AND list_contains($indicator_ids, indicator_id)),
        own AS (
            SELECT indicator_id, max(period) FILTER (WHERE value IS NOT NULL) AS latest_period,
                   bool_or(status = 'suppressed') AS any_suppressed
            FROM f WHERE area_code = $area_code GROUP BY indicator_id),
        city AS (SELECT indicator_id, period, value FROM f WHERE area_code = $city_code AND value IS NOT NULL),
        earlier AS (
            SELECT e.indicator_id, arg_max(e.value, e.period) AS earlier_value
            FROM f e JOIN own o ON o.indicator_id = e.indicator_id
            WHERE e.area_code = $area_code AND e.value IS NOT NULL
              AND e.period <= o.latest_period - 3 * $year_scales[list_position($indicator_ids, e.indicator_id)]
            GROUP BY e.indicator_id)
        SELECT o.indicator_id, o.latest_period, o.any_suppressed, l.value, l.ci_lower, l.ci_upper, l.status,
               c.value AS city_value, e.earlier_value
        FROM own o
        LEFT JOIN f l ON l.indicator_id = o.indicator_id AND l.area_code = $area_code AND l.period = o.latest_period
        LEFT JOIN city c ON c.indicator_id = o.indicator_id AND c.period = o.latest_period
        LEFT JOIN earlier e ON e.indicator_id = o.indicator_id""",
    "shown_value": """
        SELECT o.value FROM published_by_area o JOIN areas a ON a.code = o.area_code
        WHERE o.area_code = $area_code AND o.indicator_id = $indicator_id AND o.period = $period
          AND a.level = $level AND o.value IS NOT NULL""",
    "publication_summary": "SELECT value FROM meta WHERE key = 'publication'",
    "published_policy": "SELECT value FROM meta WHERE key = 'disclosure_policy'",
    "events": """
        SELECT event_id, year, title_nb, title_en, note FROM events
        WHERE programme_id = $programme_id ORDER BY year, event_id""",
    "write_count": "SELECT coalesce(max(audit_id), 0) AS writes FROM audit_log",
    "data_vintage": """
        SELECT max(imported_at) AS imported_at FROM import_batches WHERE rolled_back_at IS NULL""",
    "measures": """
        SELECT * FROM measures WHERE programme_id = $programme_id
        ORDER BY focus_area, measure_id""",
    "measure_outputs": """
        SELECT measure_id, indicator_id, target_value, target_year FROM measure_outputs
        WHERE programme_id = $programme_id ORDER BY measure_id, indicator_id""",
    "measure_versions": """
        SELECT version_id, measure_id, saved_at, saved_by, via, note, record_json FROM measure_versions
        WHERE programme_id = $programme_id ORDER BY version_id""",
    "goal_versions": """
        SELECT version_id, saved_at, saved_by, via, content_hash, yaml_text FROM goal_versions
        WHERE programme_id = $programme_id ORDER BY version_id DESC""",
}

QUERIES |= {
    "reports": """
        SELECT report_id, reference_date, lang, generated_at, generated_by, pages, pdf_sha256
        FROM report_snapshots WHERE programme_id = $programme_id ORDER BY report_id DESC""",
    "report": """
        SELECT report_id, programme_id, reference_date, lang, generated_at, generated_by, inputs_json, pdf,
               pdf_sha256, workbook, pages FROM report_snapshots WHERE report_id = $report_id""",
}

# Report snapshots (omrademonitor/snapshots.py): the store as a snapshot's batches and versions define it.
ASOF = {
    "asof_geometries": """
        SELECT g.area_code AS code, a.name, a.level, g.geometry, g.crs, g.approximate, g.batch_id
        FROM (SELECT *, row_number() OVER (PARTITION BY area_code ORDER BY batch_id DESC) AS r FROM (
                SELECT area_code, geometry, crs, approximate, batch_id FROM area_geometries
                UNION ALL SELECT area_code, geometry, crs, approximate, batch_id FROM area_geometries_replaced)
              WHERE list_contains($batches, batch_id)) g
        JOIN areas a ON a.code = g.area_code WHERE g.r = 1 AND a.level = $level ORDER BY g.area_code""",
    "asof_geometry_source": """
        SELECT bool_or(g.approximate) AS approximate, any_value(b.source) AS source, max(b.imported_at) AS imported_at
        FROM (SELECT *, row_number() OVER (PARTITION BY area_code ORDER BY batch_id DESC) AS r FROM (
                SELECT area_code, approximate, batch_id FROM area_geometries
                UNION ALL SELECT area_code, approximate, batch_id FROM area_geometries_replaced)
              WHERE list_contains($batches, batch_id)) g
        JOIN import_batches b USING (batch_id) WHERE g.r = 1""",
    "asof_batches": """
        SELECT batch_id, kind, source, file_name, content_hash, imported_at, imported_by,
               rows_accepted, rows_rejected, is_demo, NULL::TIMESTAMP AS rolled_back_at, note
        FROM import_batches WHERE list_contains($batches, batch_id) ORDER BY batch_id""",
    "asof_demo_batches": """
        SELECT batch_id, source, imported_at FROM import_batches
        WHERE is_demo AND list_contains($batches, batch_id) ORDER BY batch_id""",
    "asof_data_vintage": """
        SELECT max(imported_at) AS imported_at FROM import_batches WHERE list_contains($batches, batch_id)""",
    "asof_measure_versions": """
        SELECT version_id, measure_id, saved_at, saved_by, via, note, record_json FROM measure_versions
        WHERE programme_id = $programme_id AND version_id <= $max_measure_version ORDER BY version_id""",
    "asof_goal_versions": """
        SELECT version_id, saved_at, saved_by, via, content_hash, yaml_text FROM goal_versions
        WHERE programme_id = $programme_id AND version_id <= $max_goal_version ORDER BY version_id DESC""",
}
CAPTURE = {
    "snapshot_batches": """
        SELECT batch_id FROM import_batches
        WHERE imported_at < $until AND (rolled_back_at IS NULL OR rolled_back_at >= $until) ORDER BY batch_id""",
    "snapshot_measure_version": """
        SELECT coalesce(max(version_id), 0) FROM measure_versions
        WHERE programme_id = $programme_id AND saved_at < $until""",
    "snapshot_goal_version": """
        SELECT coalesce(max(version_id), 0) FROM goal_versions
        WHERE programme_id = $programme_id AND saved_at < $until""",
}
# The only reads of raw observations: a report's inputs, published (disclosure-controlled) once
# when the report is made and stored with it (``snapshots.published_as_of``).
PUBLISHING = {
    # Within the snapshot's batches, the latest batch carrying a figure wins: an import only adds rows
    # for new or changed figures, so this is exactly what was current when those batches were.
    "snapshot_raw_observations": """
        SELECT indicator_id, area_code, period, value, numerator, denominator, ci_lower, ci_upper, status, batch_id
        FROM (SELECT *, row_number() OVER (PARTITION BY indicator_id, area_code, period ORDER BY batch_id DESC) AS r
              FROM observations WHERE list_contains($batches, batch_id) AND breakdown = 'total')
        WHERE r = 1
        ORDER BY indicator_id, period, area_code""",
    # The same for the figures by breakdown category, published after the totals (``breakdown_publishing``).
    "snapshot_raw_breakdowns": """
        SELECT indicator_id, area_code, period, value, numerator, denominator, ci_lower, ci_upper, status, batch_id,
               breakdown, category
        FROM (SELECT *, row_number() OVER (
                  PARTITION BY indicator_id, area_code, period, breakdown, category ORDER BY batch_id DESC) AS r
              FROM observations WHERE list_contains($batches, batch_id) AND breakdown <> 'total')
        WHERE r = 1
        ORDER BY indicator_id, breakdown, category, period, area_code""",
    "area_ranks": "SELECT a.code, a.parent_code, l.rank FROM areas a JOIN area_levels l USING (level)",
    "disclosure_key": "SELECT value FROM meta WHERE key = 'disclosure_key'",
}
QUERIES |= (
    ASOF
    | CAPTURE
    | PUBLISHING
    | {
        "report_observations": """
        SELECT indicator_id, area_code, period, value, numerator, denominator, ci_lower, ci_upper, status, batch_id
        FROM report_observations WHERE report_id = $report_id""",
        "report_breakdowns": """
        SELECT indicator_id, area_code, period, value, numerator, denominator, ci_lower, ci_upper, status, batch_id,
               breakdown, category
        FROM report_breakdowns WHERE report_id = $report_id""",
    }
)

# Open data out (omrademonitor/open_data.py): every published figure with its area, for static files.
QUERIES |= {
    "open_data_figures": """
        SELECT o.indicator_id, o.area_code, a.name AS area_name, a.level, o.period, o.value, o.numerator,
               o.denominator, o.ci_lower, o.ci_upper, o.status
        FROM published_observations o JOIN areas a ON a.code = o.area_code
        JOIN area_levels l ON l.level = a.level
        ORDER BY o.indicator_id, l.rank DESC, o.area_code, o.period""",
}
