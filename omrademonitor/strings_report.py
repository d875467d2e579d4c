"""UI and report words for review meetings (report, snapshots, presentation); merged into ``i18n.STRINGS``."""

REPORT_STRINGS: dict[str, tuple[str, str]] = {
    "nav_report": ("Statusrapport", "Status report"),
    "nav_presentation": ("Presentasjon", "Presentation"),
    "nav_section_meetings": ("Møter", "Meetings"),
    "report_title": ("Statusrapport", "Status report"),
    "report_reference": ("Status per {date}", "Status as of {date}"),
    "report_vintage": ("Data sist importert: {date}", "Data last imported: {date}"),
    "report_generated": ("Laget {date} av {who}", "Made {date} by {who}"),
    "report_inputs": ("Rapportgrunnlag (kontrollsum): {digest}", "Report inputs (checksum): {digest}"),
    "report_demo_mark": (
        "DEMONSTRASJONSDATA – tallene, tiltakene og målene er oppdiktede eksempler, ikke statistikk.",
        "DEMONSTRATION DATA – the figures, measures and goals are made-up examples, not statistics.",
    ),
    "report_summary": ("Sammendrag", "Summary"),
    "report_summary_intro": (
        "Status per innsatsområde og programområde: indikatorer i hver kategori i den publiserte metoden for "
        "fremdrift (metode i vedlegget; * Områdemonitors tillegg), og tiltak etter status.",
        "Status per focus area and programme area: indicators in each category of the published progress method "
        "(method in the appendix; * Områdemonitor's addition), and measures by status.",
    ),
    "report_summary_lead": (
        "Hovedbudskap per innsatsområde, skrevet ut fra tallene: hovedindikatorer som har blitt bedre eller "
        "dårligere siden utgangsåret i et programområde, og tiltak som er forsinket på referansedatoen.",
        "Key messages per focus area, drawn from the figures: headline indicators that improved or worsened "
        "since their baseline year in a programme area, and measures late on the reference date.",
    ),
    "report_status_counts": ("Status i tall", "Status in figures"),
    "report_improved": ("Bedre", "Improved"),
    "report_worsened": ("Dårligere", "Worsened"),
    "report_unchanged": ("Uendret", "Unchanged"),
    "report_unchanged_text": (
        "ingen hovedindikator har endret seg tydelig siden utgangsåret",
        "no headline indicator has changed clearly since its baseline year",
    ),
    "report_late": ("Forsinkede tiltak", "Late measures"),
    "report_none_late": ("ingen", "none"),
    "report_late_item": ("{measure} ({areas}, planlagt ferdig {date})", "{measure} ({areas}, planned to end {date})"),
    "report_late_start_item": (
        "{measure} ({areas}, skulle startet {date})",
        "{measure} ({areas}, planned to start {date})",
    ),
    "report_and_more": ("og {count} til", "and {count} more"),
    "report_file_word": ("statusrapport", "status-report"),
    "report_headline": ("Hovedindikatorer", "Headline indicators"),
    "report_charts": ("Utvikling", "Trends"),
    "report_map": ("Kart over programområdene: {indicator}, {year}", "Map of the programme areas: {indicator}, {year}"),
    "report_effects": ("Effektanslag (forskjell-i-forskjeller)", "Effect estimates (difference-in-differences)"),
    "report_effects_intro": (
        "Programområdene samlet mot alle andre levekårssoner; intervall og p-verdi fra placebo-anslag. Se "
        "metoden i vedlegget.",
        "The programme areas together against all other living-condition zones; interval and p-value from "
        "placebo estimates. See the method in the appendix.",
    ),
    "pretrend": ("Før oppstart", "Before the start"),
    "indicator_id_column": ("Id", "Id"),
    "pretrend_short_ok": ("parallell", "parallel"),
    "pretrend_short_broken": ("ikke parallell", "not parallel"),
    "pretrend_short_disagree": (
        " (placebotest; den konvensjonelle testen er uenig)",
        " (placebo test; the conventional test disagrees)",
    ),
    "pretrend_short_unknown": ("for få år", "too few years"),
    "appendix": ("Vedlegg", "Appendix"),
    "appendix_definitions": ("Definisjoner og kilder", "Definitions and sources"),
    "appendix_disclosure": ("Skjerming av små tall", "Suppression of small figures"),
    "appendix_disclosure_text": (
        "Tall som bygger på færre enn {count} tilfeller, eller på en nevner under {denominator}, vises ikke "
        "(terskler per indikator, med en felles nedre grense). Der tall summeres opp i områdehierarkiet eller går "
        "igjen i flere indikatorer, skjules også andre tall, så et skjult tall verken kan regnes ut eller "
        "avgrenses til et intervall smalere enn terskelen. Hvorfor et tall er skjult, oppgis ikke. "
        "I denne rapporten er {hidden} tall skjult.",
        "Figures resting on fewer than {count} cases, or on a denominator under {denominator}, are not shown "
        "(thresholds per indicator, with a common floor). Where figures add up the area hierarchy or recur in "
        "several indicators, other figures are hidden too, so that a hidden figure can neither be worked out nor "
        "narrowed to a range narrower than the threshold. Why a figure is hidden is not stated. "
        "This report hides {hidden} figures.",
    ),
    "appendix_methods": ("Metoder", "Methods"),
    "appendix_progress_text": (
        "Status mot mål følger Open SDG-metoden for fremdrift («Progress Methodology», regnet ut som i "
        "sdg-builds «ProgressMeasure»): årlig vekst fra utgangsåret (siste viste år som nåverdi), sammenlignet "
        "med veksten som trengs for å nå et vedtatt mål (≥ 0,95 i rute; 0,60–0,95 framgang, farten må økes; "
        "0–0,60 begrenset framgang; under 0 forverring), eller uten mål vekst i ønsket retning (1,5 % og 0,5 % i "
        "året, skalert ned nær 100 %). Verdier på 0 erstattes med 0,001. Bare mål med kilde brukes; avtalen av "
        "13. desember 2022 setter ingen tallfestede mål. Områdemonitors tillegg: «ingen tydelig endring» når "
        "usikkerhetsintervallet dekker utgangsverdien.",
        "Progress follows {method}: annual growth since the baseline year (the last year shown as current), "
        "compared with the growth needed to reach an adopted target (≥ 0.95 on track; 0.60–0.95 progress made, "
        "acceleration needed; 0–0.60 limited progress; below 0 deterioration), or without a target growth in the "
        "desired direction (1.5 % and 0.5 % a year, scaled down near 100 %). Values of 0 are replaced by 0.001. "
        "Only targets with a source are used; the agreement of 13 December 2022 sets no numeric targets. "
        "Områdemonitor's addition: 'no clear change' when the uncertainty interval covers the baseline value.",
    ),
    "appendix_snapshot": ("Rapportgrunnlag", "Report inputs"),
    "appendix_snapshot_text": (
        "Rapporten kan lages på nytt med nøyaktig de samme tallene fra dette grunnlaget: importpartiene under, "
        "programdefinisjon {programme}, indikatorregister {registry}, målhierarki versjon {goals} og "
        "tiltaksregister til og med versjon {measures}.",
        "The report can be made again with exactly the same figures from these inputs: the import batches "
        "below, programme definition {programme}, indicator registry {registry}, goal hierarchy version {goals} "
        "and register of measures up to version {measures}.",
    ),
    "kind": ("Type", "Kind"),
    "imported": ("Importert", "Imported"),
    "checksum": ("Kontrollsum", "Checksum"),
    "page_of": ("Side", "Page"),
    "make_report": ("Lag rapport", "Make the report"),
    "reference_date": ("Referansedato", "Reference date"),
    "report_languages": ("Språk", "Languages"),
    "report_made": (
        "Rapport {id} laget: {pages} sider. Den er lagret med grunnlaget sitt.",
        "Report {id} made: {pages} pages. It is stored with its inputs.",
    ),
    "stored_reports": ("Lagrede rapporter", "Stored reports"),
    "no_reports": ("Ingen rapporter er laget ennå.", "No reports have been made yet."),
    "download_pdf": ("Last ned PDF", "Download PDF"),
    "download_pack": ("Last ned tabellene (Excel)", "Download the tables (Excel)"),
    "regenerate": ("Lag på nytt fra grunnlaget", "Make again from the inputs"),
    "regenerated_identical": (
        "Laget på nytt: PDF-en er byte for byte lik den lagrede.",
        "Made again: the PDF is byte for byte the same as the stored one.",
    ),
    "regenerated_text_identical": (
        "Laget på nytt: teksten er lik den lagrede (filene skiller seg, trolig en annen Chromium-versjon).",
        "Made again: the text is the same as the stored one's (the files differ, probably another Chromium version).",
    ),
    "regenerated_different": ("Laget på nytt: innholdet skiller seg!", "Made again: the content differs!"),
    "report_intro": (
        "En utskrivbar statusrapport (A4, PDF) for en valgt dato, med tabellene bak som Excel. Hver rapport lagres "
        "med grunnlaget sitt (importpartier, versjoner av definisjoner, mål og tiltak), så den kan lages på nytt "
        "med nøyaktig de samme tallene.",
        "A printable status report (A4, PDF) for a chosen date, with the tables behind it as Excel. Each report "
        "is stored with its inputs (import batches, versions of definitions, goals and measures), so it can be "
        "made again with exactly the same figures.",
    ),
    "presentation_step": ("Steg {step} av {steps}", "Step {step} of {steps}"),
    "previous": ("Forrige", "Previous"),
    "presentation_exit": ("Avslutt", "Leave"),
    "next": ("Neste", "Next"),
    "presentation_help": (
        "Fullskjerm: F11. Bla med knappene eller ?steg= i adressen.",
        "Full screen: F11. Step with the buttons or ?steg= in the address.",
    ),
}
