"""The goal hierarchy: focus area → goals (with their effect indicators) → strategies → measures.
Editors revise it as YAML text, checked against the programme and registry before it is saved."""

import streamlit as st

from omrademonitor import labels
from omrademonitor.access import AccessDenied, Permission
from omrademonitor.errors import WriteError
from omrademonitor.i18n import t
from omrademonitor.presentation.formatting import NO_VALUE
from ui import cached
from ui.chrome import dashboard_page, demo_banner
from ui.downloads import download_button
from ui.writes import show_write_error

lang, principal, programme, registry, version, scope = dashboard_page()
st.title(t("nav_goals", lang))
demo_banner(lang)
st.caption(t("goals_intro", lang) + " " + t("goals_demo_note", lang))

goals = cached.goals(version, programme.id)
measures = cached.measures(version, programme.id)
for focus in programme.focus_areas:
    st.header(f"{focus.number}. {focus.name.get(lang)}")
    for goal in goals.for_focus_area(focus.id):
        with st.container(border=True):
            st.markdown(f"**{goal.title.get(lang)}**")
            st.markdown(
                f"{t('effect_indicators', lang)}: "
                + (", ".join(registry[i].name.get(lang) for i in goal.effect_indicators) or NO_VALUE)
            )
            for strategy in goal.strategies:
                serving = [m for m in measures if m.strategy_id == strategy.id]
                items = "; ".join(
                    f"{m.title(lang)} ({t(labels.MEASURE_STATUS_LABEL_KEYS[m.status], lang)})" for m in serving
                )
                st.markdown(
                    f"- {t('strategy', lang)}: *{strategy.title.get(lang)}* — {items or t('no_measures', lang)}"
                )
            st.page_link(
                "pages/measures.py",
                label=t("nav_measures", lang),
                icon=":material/checklist:",
                query_params={"fa": focus.id},
            )

versions = cached.goal_versions(version, programme.id)
current_text = versions["yaml_text"].iloc[0] if len(versions) else ""
download_button(
    st,
    t("download_goals", lang),
    current_text.encode("utf-8"),
    f"{programme.id}.goals.yaml",
    key="goals_download",
)
with st.expander(t("goal_versions", lang)):
    st.dataframe(versions.drop(columns=["yaml_text", "content_hash"]), hide_index=True, width="stretch")

if principal.can(Permission.EDIT_PROGRAMME):
    with st.expander(t("edit_goals", lang)):
        st.caption(t("edit_goals_help", lang))
        with st.form("goals_form"):
            text = st.text_area("YAML", current_text, height=420, key="goals_text")
            if st.form_submit_button(t("save_goals", lang)):
                try:
                    saved = cached.database().write(lambda w: w.save_goals(text, programme, registry, principal))
                except (WriteError, AccessDenied) as exc:
                    show_write_error(exc, lang)
                else:
                    st.success(t("saved", lang) if saved else t("nothing_changed", lang))
