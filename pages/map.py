"""Map: a choropleth of any indicator and year, at zone or district level.

Everything under the title is a fragment: choosing another indicator, year, level or mode reruns
only it, not the page's frame (sign-in, menu, programme)."""

import streamlit as st

from omrademonitor import labels
from omrademonitor.access import Permission
from omrademonitor.disclosure import effective_rule
from omrademonitor.exports import safe_file_name
from omrademonitor.figures import map_levels
from omrademonitor.geography import SIMPLIFY_TOLERANCE_M
from omrademonitor.i18n import t
from omrademonitor.presentation.chart_images import source_text
from omrademonitor.presentation.formatting import period_text
from omrademonitor.presentation.texts import map_notes
from ui import cached
from ui.chrome import breakdown_picker, dashboard_page, demo_banner, indicator_picker, url_selectbox
from ui.downloads import chart_image_buttons, csv_file, download_button, download_pair, excel_file

lang, principal, programme, registry, version, scope = dashboard_page()

st.title(t("map_title", lang))
demo_banner(lang)


@st.fragment
def map_view() -> None:
    version = cached.data_version()  # a fragment rerun reads the version anew
    left, middle, right = st.columns([3, 1, 1])
    indicator = indicator_picker(left, registry, lang, programme)
    indicator_id = indicator.id
    part = breakdown_picker(left, indicator, lang)  # the total unless the indicator is given by breakdown
    usable = map_levels(cached.levels_present(version), indicator)
    level = url_selectbox(right, t("level", lang), usable, "level", lambda lv: t(labels.LEVEL_LABEL_KEYS[lv], lang))
    years = cached.periods(version, indicator_id, level)
    if not years:
        st.info(t("no_data_for_choice", lang))
        return
    written = period_text(indicator, lang)
    year = url_selectbox(middle, t("year" if indicator.annual else "period_column", lang), years[::-1], "year", written)
    modes = list(labels.MAP_MODE_LABEL_KEYS) if part is None else ["level"]  # a category's change: not yet
    mode = url_selectbox(st, t("map_mode", lang), modes, "mode", lambda m: t(labels.MAP_MODE_LABEL_KEYS[m], lang))
    first = None
    if mode == "change":
        first = url_selectbox(st, t("from_year", lang), [y for y in years if y < year] or [year], "from", written)
        city = 0.0
    else:
        city = cached.reference_value(version, indicator_id, programme.municipality_code, "kommune", year, part)
    boundaries = cached.boundary_source(version)
    choice = (version, programme.id, indicator_id, level, year, lang, first, part)
    figure = cached.map_figure(*choice)
    st.plotly_chart(figure, width="stretch", config={"displaylogo": False}, alt=t("table_alternative", lang))
    chart_image_buttons(
        lambda: cached.map_figure(*choice, inline=True),  # drawn on the server: the shapes inline
        f"{indicator.name.get(lang)}, {t(labels.LEVEL_LABEL_KEYS[level], lang).lower()}, "
        + (f"{written(first)}–{written(year)}" if mode == "change" else written(year)),
        source_text(indicator, lang),
        f"{indicator.id}-{level}-{year}",
        lang,
    )
    view = cached.map_view(*choice)
    st.caption(view.note)
    names = view.names
    pick, link = st.columns([3, 1])
    chosen_area = pick.selectbox(
        t("open_profile", lang),
        list(names),
        format_func=names.get,
        key="profile_area",
        index=list(names).index(programme.programme_area_codes[0]) if programme.programme_area_codes[0] in names else 0,
    )
    link.page_link(
        "pages/profile.py",
        label=t("open_profile", lang),
        icon=":material/assignment:",
        query_params={"area": chosen_area, "lang": lang, "programme": programme.id},
    )

    if boundaries["approximate"]:
        st.warning(t("approx_shapes", lang), icon=":material/warning:")
    else:
        st.caption(t("official_shapes", lang, source=boundaries["source"], tolerance=SIMPLIFY_TOLERANCE_M))
    for note in map_notes(indicator, effective_rule(indicator, cached.policy()), city, lang):
        st.caption(note)

    with st.expander(t("provenance", lang)):
        st.dataframe(view.provenance, hide_index=True, width="stretch")

    with st.expander(t("table_alternative", lang)):
        st.dataframe(view.table, hide_index=True, width="stretch")

    name = f"{indicator.id}-{level}-{first}-{year}" if mode == "change" else f"{indicator.id}-{level}-{year}"
    left, right = download_pair(view.shown, name, lang)
    if principal.can(Permission.DOWNLOAD):
        figures = view.figures
        download_button(
            left,
            t("download_full_csv", lang),
            csv_file(figures),
            safe_file_name(f"{name}-full", "csv"),
            "text/csv",
        )
        download_button(
            right,
            t("download_full_excel", lang),
            excel_file(figures),
            safe_file_name(f"{name}-full", "xlsx"),
        )


map_view()
