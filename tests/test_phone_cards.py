"""The register of measures as cards for a phone: every fact labelled in the UI language, text escaped."""

from __future__ import annotations

import pandas as pd
import pytest

from omrademonitor.i18n import t
from ui.phone import CARD_FACTS, measure_cards_html


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_cards_label_every_fact_and_escape_text(lang):
    keys = ["measure_title", *CARD_FACTS, "budget_planned"]
    row = {t(key, lang): f"value-{key}" for key in keys}
    row[t("measure_title", lang)] = "<script>alert(1)</script> & co"
    row[t("result", lang)] = None  # a missing fact is left out, not printed as "None"
    html = measure_cards_html(pd.DataFrame([row, row]), lang)
    assert html.count('<li><span class="om-card-title">') == 2
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    for key in ("status", "schedule", "recommendation", "measure_id"):
        assert f"<dt>{t(key, lang)}:</dt> <dd>value-{key}</dd>" in html
    assert f"<dt>{t('result', lang)}:</dt>" not in html and "None" not in html
    assert "value-budget_planned" not in html  # the compact card leaves budgets to the wide table
    assert html.index(t("status", lang) + ":") < html.index(t("schedule", lang) + ":")
