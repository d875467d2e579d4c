"""Words and formats for what the core computes: the one place numbers become text.

The core (``figures``, ``tracking``, ``analysis``, …) reads the store and judges, returning numbers,
enumerations and data frames of them; the modules here turn those into translated, formatted tables,
captions and styles for pages, reports and exports alike:

- ``formatting``: numbers, values with units, changes, dates, shares, periods and timestamps per language;
- ``texts``: captions and Markdown lines (headline cells, map notes, indicator facts, event lists);
- ``tables``: display tables of area figures, series, profiles, audit log, users and import batches;
- ``tracking_tables``: the register of measures, indicator progress and the status summary;
- ``crossview_tables``: the network table and the ministry's overview and status per focus area;
- ``effect_tables``: the effect evaluation's event-study and balance tables, and who chose the comparison;
- ``styles``: table styles (colours that repeat what the words say);
- ``page_views``: the map's and explorer's tables and notes, made in one go for the UI's cache;
- ``import_tables``: an import's preview and validation report;
- ``charts``: figures (maps, time series, event studies, the network chart): axis titles, hover texts,
  legends, area styles;
- ``chart_images``: a figure as a PNG or SVG file with its title, source and date drawn in.
- ``open_data_texts``: the open-data export's codebook notes and README.txt, in both languages at once;
- ``import_messages``: an import's problems as located messages, its notes, the measures template;
- ``refusals``: a refused write, upload, access or PDF (``errors.Refused``) in the user's language;
- ``report_document``: the status report's words and tables, its HTML from the templates, the PDF.

``tests/test_sources.py`` fails when a core module outside this package (and outside ``i18n`` and
``labels``) calls ``t(`` or a formatting function, so the split stays true.
"""
