"""Editing the register of measures: one form for a new or an existing measure, and the Excel import.

The form builds a ``Measure``; the core checks it (``measures.problems``) and the audited writer
stores it with a version row, so every change keeps its time and author.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from omrademonitor import labels
from omrademonitor.access import AccessDenied, Principal
from omrademonitor.errors import WriteError
from omrademonitor.i18n import t
from omrademonitor.importing.measures import MeasuresRefused, format_outputs, parse_outputs, read_measures
from omrademonitor.measures import Measure, MeasureContext, MeasureStatus, Recommendation, problems
from omrademonitor.presentation.formatting import NO_VALUE
from omrademonitor.presentation.import_messages import issue_row, measure_problem_text, measures_template
from omrademonitor.presentation.refusals import refusal_text
from omrademonitor.uploads import UploadError, check_upload
from ui import cached
from ui.downloads import download_button
from ui.writes import show_write_error


def measure_form(key: str, measure: Measure | None, context: MeasureContext, actor: Principal, lang: str) -> None:
    """A form for a new measure (``measure`` None) or for changing one; saves on submit."""
    programme = context.programme
    focus_ids = [fa.id for fa in programme.focus_areas]
    strategies = context.goals.strategies()
    districts = programme.programme_area_names
    with st.form(key):
        left, right = st.columns(2)
        measure_id = left.text_input(
            t("measure_id", lang), measure.measure_id if measure else "", disabled=measure is not None, key=f"{key}_id"
        )
        title_nb = left.text_input(
            f"{t('measure_title', lang)} (nb)", measure.title_nb if measure else "", key=f"{key}_title_nb"
        )
        title_en = left.text_input(f"{t('measure_title', lang)} (en)", (measure.title_en or "") if measure else "")
        focus_area = left.selectbox(
            t("focus_area", lang),
            focus_ids,
            index=focus_ids.index(measure.focus_area) if measure else 0,
            format_func=lambda f: f"{programme.focus_area(f).number}. {programme.focus_area(f).name.get(lang)}",
        )
        strategy_options = ["", *strategies]
        strategy = left.selectbox(
            t("strategy", lang),
            strategy_options,
            index=strategy_options.index(measure.strategy_id or "") if measure else 0,
            format_func=lambda s: strategies[s].title.get(lang) if s else t("measure_unassigned_strategy", lang),
        )
        area_codes = left.multiselect(
            t("districts", lang),
            list(districts),
            list(measure.area_codes) if measure else [],
            format_func=districts.get,
        )
        responsible = left.text_input(t("responsible", lang), (measure.responsible or "") if measure else "")
        partners = left.text_input(f"{t('partners', lang)} (;)", "; ".join(measure.partners) if measure else "")
        start = right.date_input(t("measure_start", lang), measure.start_date if measure else None)
        end = right.date_input(t("measure_end", lang), measure.end_date if measure else None)
        planned = right.number_input(
            f"{t('budget_planned', lang)} (NOK)", min_value=0.0, value=measure.budget_planned_nok if measure else None
        )
        spent = right.number_input(
            f"{t('budget_spent', lang)} (NOK)", min_value=0.0, value=measure.budget_spent_nok if measure else None
        )
        statuses = [s.value for s in MeasureStatus]
        status = right.selectbox(
            t("status", lang),
            statuses,
            index=statuses.index(measure.status.value) if measure else 0,
            format_func=lambda s: t(labels.MEASURE_STATUS_LABEL_KEYS[s], lang),
            key=f"{key}_status",
        )
        status_date = right.date_input(
            t("status_date", lang),
            measure.status_date if measure else dt.date.today(),
            key=f"{key}_status_date",
            help=t("status_date_help", lang),
        )
        recommendations = ["", *(r.value for r in Recommendation)]
        recommendation = right.selectbox(
            t("recommendation", lang),
            recommendations,
            index=recommendations.index(measure.recommendation.value if measure and measure.recommendation else ""),
            format_func=lambda r: t(labels.RECOMMENDATION_LABEL_KEYS[r], lang) if r else NO_VALUE,
        )
        result = st.text_area(t("result", lang), (measure.result or "") if measure else "", key=f"{key}_result")
        outputs = st.text_input(
            t("output_indicators", lang),
            format_outputs(measure.outputs) if measure else "",
            help=t("outputs_field_help", lang),
        )
        note = st.text_input(t("change_note", lang), key=f"{key}_note")
        if not st.form_submit_button(t("save_measure", lang)):
            return
    try:
        parsed_outputs = parse_outputs(outputs)
    except ValueError:
        st.error(f"{t('output_indicators', lang)}: {t('import_measure_bad_outputs', lang)}")
        return
    if measure is not None and status != measure.status.value and status_date == measure.status_date:
        status_date = dt.date.today()  # a new status without a date of its own takes effect today
    candidate = Measure(
        measure_id=measure.measure_id if measure else measure_id.strip(),
        programme_id=programme.id,
        focus_area=focus_area,
        title_nb=title_nb.strip(),
        title_en=title_en.strip() or None,
        strategy_id=strategy or None,
        area_codes=tuple(area_codes),
        responsible=responsible.strip() or None,
        partners=tuple(p.strip() for p in partners.split(";") if p.strip()),
        start_date=start,
        end_date=end,
        budget_planned_nok=planned,
        budget_spent_nok=spent,
        status=MeasureStatus(status),
        status_date=status_date,
        result=result.strip() or None,
        recommendation=Recommendation(recommendation) if recommendation else None,
        outputs=parsed_outputs,
        is_demo=measure.is_demo if measure else False,
    )
    found = problems(candidate, context)
    if found:
        for problem in found:
            st.error(measure_problem_text(problem, lang))
        return
    try:
        changed = cached.database().write(lambda w: w.save_measure(candidate, context, actor, note.strip() or None))
    except (WriteError, AccessDenied) as exc:
        show_write_error(exc, lang)
        return
    if changed:
        st.session_state["measure_saved"] = candidate.measure_id  # the page selects it on the next run
        st.rerun()
    st.info(t("nothing_changed", lang))


def measures_import(context: MeasureContext, actor: Principal, lang: str) -> None:
    """Upload an Excel or CSV register; refused whole, with every problem located, when a row is bad."""
    st.caption(t("import_measures_help", lang))
    download_button(
        st,
        t("measures_template", lang),
        measures_template(context, lang),
        "tiltak-mal.xlsx",
        key="measures_template",
    )
    upload = st.file_uploader(t("import_measures", lang), type=["xlsx", "csv"], key="measures_upload")
    if upload is None:
        return
    try:
        name = check_upload(upload.name, upload.size, cached.settings())
        measures = read_measures(upload.getvalue(), name, context)
    except UploadError as exc:
        st.error(refusal_text(exc, lang))
        return
    except MeasuresRefused as refused:
        st.error(t("measures_refused", lang))
        st.dataframe([issue_row(issue, lang) for issue in refused.issues], hide_index=True, width="stretch")
        return
    if st.button(t("import_measures", lang), key="measures_import_button"):
        try:
            outcome = cached.database().write(lambda w: w.import_measures(measures, context, name, actor))
        except (WriteError, AccessDenied) as exc:
            show_write_error(exc, lang)
            return
        st.success(t("measures_imported", lang, **{k: len(v) for k, v in outcome.items()}))
