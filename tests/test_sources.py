"""One source of truth per decision: each decision the README's "Where is X decided" table names is
made in one place, and the other places follow it (issue 17)."""

import ast
import datetime as dt
import re

import streamlit as st
from streamlit.testing.v1 import AppTest

from omrademonitor import PROJECT_ROOT, figures
from omrademonitor.disclosure import DEFAULT_POLICY, Policy, policy_of
from omrademonitor.i18n import t
from omrademonitor.indicator_registry import Disclosure
from omrademonitor.labels import LEVEL_LABEL_KEYS
from omrademonitor.presentation import report_document
from omrademonitor.settings import Settings, load_settings
from omrademonitor.snapshots import capture, published_as_of
from omrademonitor.store import Store, read_only_connection
from omrademonitor.vocabulary import LEVEL_FACTS, AreaLevel


def test_disclosure_defaults_are_the_settings_defaults():
    """The deployment's floor, the default policy and an indicator's default rule are one value."""
    settings = Settings()
    assert policy_of(settings) == DEFAULT_POLICY
    assert (Disclosure().min_count, Disclosure().min_denominator) == (
        settings.disclosure_min_count,
        settings.disclosure_min_denominator,
    )


THRESHOLDS = ("min_count", "min_denominator")  # a rule's two thresholds, also as ``disclosure_min_count``, …


def _threshold(name) -> str | None:
    """Which threshold a name (a key, a keyword, a variable) names, if any."""
    name = str(name).lower()
    return next((t for t in THRESHOLDS if name == t or name.endswith(f"_{t}")), None)


def _written_thresholds(tree) -> list[tuple[int, str]]:
    """(line, what) of every disclosure threshold a module writes as a number of its own: both thresholds
    given as numbers in one dict or call (``{"min_count": 5, "min_denominator": 10}``, ``Policy(5, 10)``),
    or a threshold set to a number (``min_count: int = 5``). One number alone in a call is not one
    (pandas' ``sum(min_count=1)``)."""

    def number(node) -> bool:
        return isinstance(node, ast.Constant) and type(node.value) in (int, float)

    found = []
    for node in ast.walk(tree):
        pairs = []
        if isinstance(node, ast.Dict):
            pairs = [(k.value, v) for k, v in zip(node.keys, node.values, strict=True) if isinstance(k, ast.Constant)]
        elif isinstance(node, ast.Call):
            pairs = [(k.arg, k.value) for k in node.keywords if k.arg]
            called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if called in ("Policy", "Disclosure") and len(node.args) == 2 and all(map(number, node.args)):
                found.append((node.lineno, f"{called}(…) with numbers"))
        named = {_threshold(key) for key, value in pairs if number(value)} - {None}
        if named == set(THRESHOLDS):
            found.append((node.lineno, "both thresholds as numbers"))
        targets = [node.target] if isinstance(node, ast.AnnAssign) else getattr(node, "targets", [])
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None and number(node.value):
            for target in targets:
                name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")
                if _threshold(name):
                    found.append((node.lineno, name))
    return sorted(found)


def test_no_module_but_settings_writes_the_disclosure_defaults():
    """The defaults are numbers in ``omrademonitor/settings.py`` only (``DISCLOSURE_MIN_COUNT``,
    ``DISCLOSURE_MIN_DENOMINATOR``); the policy, an indicator's rule and the open data's codebook name
    them. The check sees the pair written as numbers in a dict or a call, and a threshold set to a number."""
    written = {}
    for folder in ("omrademonitor", "ui", "pages", "scripts"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            relative = str(path.relative_to(PROJECT_ROOT))
            found = _written_thresholds(ast.parse(path.read_text("utf-8")))
            if relative == "omrademonitor/settings.py":
                found = [f for f in found if not f[1].startswith("DISCLOSURE_MIN_")]  # the definition
            if found:
                written[relative] = found
    assert not written, f"disclosure thresholds written outside omrademonitor/settings.py: {written}"


def test_the_threshold_check_finds_a_pair_written_by_hand():
    """The check above can fail: it sees the codebook's old default, a policy and a field default."""
    source = (
        'policy = json.loads(text) if text else {"min_count": 5, "min_denominator": 10}\n'
        "floor = Policy(5, 10)\n"
        "class Rule:\n"
        "    min_denominator: int = 10\n"
    )
    assert _written_thresholds(ast.parse(source)) == [
        (1, "both thresholds as numbers"),
        (2, "Policy(…) with numbers"),
        (4, "min_denominator"),
    ]
    assert _written_thresholds(ast.parse('{"disclosure_min_count": 8, "disclosure_min_denominator": 12}')) == [
        (1, "both thresholds as numbers")
    ]
    # the settings' names, a policy from the settings, pandas' min_count are not the defaults written again
    clean = (
        'p = {"min_count": DISCLOSURE_MIN_COUNT, "min_denominator": DISCLOSURE_MIN_DENOMINATOR}\n'
        "floor = Policy(settings.disclosure_min_count, settings.disclosure_min_denominator)\n"
        "total = s.sum(min_count=1)\n"
    )
    assert _written_thresholds(ast.parse(clean)) == []


def test_raising_the_floor_in_settings_changes_the_map_note_and_the_report(demo_copy, monkeypatch, programme, registry):
    """A deployment that raises the floor to 8 cases and 12 persons: the app republishes under it, the
    map note states it, and a report made under the policy the app follows states it too."""
    monkeypatch.setenv("OMRADEMONITOR_DB", str(demo_copy))
    monkeypatch.setenv("OMRADEMONITOR_DISCLOSURE_MIN_COUNT", "8")
    monkeypatch.setenv("OMRADEMONITOR_DISCLOSURE_MIN_DENOMINATOR", "12")
    assert policy_of(load_settings()) == Policy(8, 12)
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=90)
    app.run()
    app.switch_page("pages/map.py").run()
    assert not app.exception, app.exception
    notes = " ".join(c.value for c in app.caption)
    assert "færre enn 8 tilfeller eller en nevner under 12" in notes
    assert "færre enn 5 " not in notes

    store = Store(demo_copy)
    try:
        policy = figures.published_policy(store)  # what the app republished under
        assert policy == Policy(8, 12)
        snapshot = capture(store, programme, registry, policy, dt.date.today(), dt.datetime(2026, 12, 1, 9), "t")
        content, _finish = report_document.draft_report(store, snapshot, "nb", published_as_of(store, snapshot))
        html = report_document.report_html(content, lambda figure, width, height: "data:,")
    finally:
        store.close()
    stated = re.sub(r"\s+", " ", html)
    assert "færre enn 8 tilfeller, eller på en nevner under 12" in stated


def test_area_level_names_in_the_store_match_the_catalogue():
    """The level names the store holds (vocabulary.LEVEL_FACTS, the municipal and the national levels)
    are the labels the UI shows (labels.LEVEL_LABEL_KEYS)."""
    assert [facts.level for facts in LEVEL_FACTS] == list(AreaLevel)  # every level, in order
    for facts in LEVEL_FACTS:
        key = LEVEL_LABEL_KEYS[facts.level]
        assert (t(key, "nb"), t(key, "en")) == (facts.name_nb, facts.name_en), facts.level


EXAMPLE = re.compile(r"<!-- example-(file|lines): (\S+) -->\n```\w*\n(.*?)```", re.S)


def _examples(kind: str, documents, section: str | None) -> dict[str, str]:
    found = {}
    for document in documents:
        text = (PROJECT_ROOT / document).read_text(encoding="utf-8")
        if section is not None:
            text = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
        for marked, path, example in EXAMPLE.findall(text):
            if marked == kind:
                found[path] = example
    return found


def example_files(*documents, section: str | None = None) -> dict[str, str]:
    """The files the documentation shows as examples (a marker ``example-file`` names each), by path;
    only those of one ``## section`` of the documents when given."""
    return _examples("file", documents, section)


def example_lines(*documents, section: str | None = None) -> dict[str, str]:
    """The lines the documentation shows to add to a file (a marker ``example-lines`` names it), by path."""
    return _examples("lines", documents, section)


def readme_commands() -> list[list[str]]:
    """The `python -m omrademonitor …` commands of the README's minimal programme example."""
    import shlex

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- example-file: example_share.csv -->", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [shlex.split(line)[3:] for line in block.replace("\\\n", " ").splitlines() if line.strip()]


def test_a_new_indicator_and_programme_from_the_documentation_alone(tmp_path, monkeypatch, capsys):
    """The minimal examples of indicators/README.md and README.md, written as files and run with the
    README's commands: init (with demonstration data for the real programme, whose demo_profiles.csv
    has no row for the new indicator), import, and the new programme's indicator page."""
    import shutil

    from omrademonitor.__main__ import main

    files = example_files("indicators/README.md") | example_files("README.md", section="Adding a programme")
    assert set(files) == {
        "indicators/example_share.yaml",
        "programmes/eksempel/programme.yaml",
        "programmes/eksempel/areas.csv",
        "example_share.csv",
    }
    shutil.copytree(PROJECT_ROOT / "indicators", tmp_path / "indicators", ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(PROJECT_ROOT / "programmes" / "trondheim", tmp_path / "programmes" / "trondheim")
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    db = tmp_path / "example.duckdb"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OMRADEMONITOR_INDICATORS", str(tmp_path / "indicators"))
    monkeypatch.setenv("OMRADEMONITOR_PROGRAMMES", str(tmp_path / "programmes"))
    monkeypatch.setenv("OMRADEMONITOR_DB", str(db))

    assert main(["init"]) == 0  # every programme, with demonstration data
    said = capsys.readouterr().out
    assert "no demonstration figures for example_share" in said
    commands = readme_commands()
    assert [c[0] for c in commands] == ["init", "import"]
    for command in commands:
        assert main(command) == 0, capsys.readouterr()
    con = read_only_connection(db)
    try:
        rows = con.execute(
            "SELECT period, value FROM published_observations WHERE indicator_id = 'example_share' "
            "AND area_code = '9903LKS01' ORDER BY period"
        ).fetchall()
    finally:
        con.close()
    assert [(period, round(value, 6)) for period, value in rows] == [(2023, 12.0), (2024, round(11000 / 1010, 6))]

    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=90)
    app.query_params["programme"] = "eksempel"
    app.query_params["indicator"] = "example_share"
    app.run()
    app.switch_page("pages/explorer.py").run()
    assert not app.exception, app.exception
    assert app.session_state["ui_programme"] == "eksempel"
    shown = " ".join(str(e.value) for kind in ("title", "header", "subheader", "markdown") for e in getattr(app, kind))
    assert "Bosatte med kjennetegnet som andel av alle bosatte" in shown  # the example's definition
    charted = next(frame.value for frame in app.dataframe if "Sone 1" in frame.value.columns)
    assert charted["Sone 1"].tolist() == ["12,0\xa0%", "10,9\xa0%"]  # the imported figures, as the table shows them


def test_the_indicator_table_is_the_indicator_files():
    """indicators/README.md's table is written from indicators/*.yaml (python -m scripts.indicator_table)."""
    from omrademonitor.indicator_registry import load_registry
    from scripts.indicator_table import README, with_table

    current = README.read_text(encoding="utf-8")
    assert with_table(current, load_registry(PROJECT_ROOT / "indicators")) == current, (
        "indicators/README.md's table is out of date: run python -m scripts.indicator_table"
    )


def test_every_field_of_an_indicator_and_a_programme_is_documented():
    """Each field the loaders accept has a row in indicators/README.md's field reference, or is named in
    the README's *Adding a programme*."""
    from omrademonitor.indicator_registry import Indicator
    from omrademonitor.programme import Programme

    reference = (PROJECT_ROOT / "indicators" / "README.md").read_text(encoding="utf-8")
    assert [f for f in Indicator.model_fields if f"| `{f}` |" not in reference] == []
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    adding = readme.split("## Adding a programme", 1)[1].split("\n## ", 1)[0]
    assert [f for f in Programme.model_fields if f"`{f}" not in adding] == []


def test_every_place_the_where_is_x_decided_table_names_exists():
    """The README's table names real files and real tests (so a rename cannot leave it stale)."""
    import ast

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Where is X decided", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| Decision")]
    decisions = [row.split(" | ")[0].strip("| ") for row in rows if not row.startswith("| ---")]
    assert decisions == [
        "an indicator",
        "a string",
        "a page",
        "a programme",
        "the disclosure rule",
        "the area levels",
        "the statuses and other closed lists",
        "better / similar / worse than the city",
        "words and formats (translated, formatted tables, captions, figures)",
        "a refusal's words (a write, an upload, a login or a PDF refused)",
        "what stands for no value, and for a hidden or missing figure",
        "how an area is drawn in a chart",
    ]
    named = re.findall(r"`((?:omrademonitor|ui|tests|indicators|programmes|benchmarks|scripts)/[^`<]*?)`", section)
    assert named
    for reference in named:
        path, _, test = reference.partition("::")
        file = PROJECT_ROOT / path.rstrip("/")
        if "*" in path:
            assert list(PROJECT_ROOT.glob(path)), reference
            continue
        assert file.exists(), reference
        if test:
            functions = {
                n.name for n in ast.walk(ast.parse(file.read_text(encoding="utf-8"))) if isinstance(n, ast.FunctionDef)
            }
            assert test in functions, reference


def test_the_documentation_states_the_disclosure_defaults_of_the_settings():
    """The README's settings table and the indicator field reference quote the defaults settings.py decides."""
    from omrademonitor.settings import DISCLOSURE_MIN_COUNT, DISCLOSURE_MIN_DENOMINATOR

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert f"| `disclosure_min_count` | `{DISCLOSURE_MIN_COUNT}` |" in readme
    assert f"| `disclosure_min_denominator` | `{DISCLOSURE_MIN_DENOMINATOR}` |" in readme
    reference = (PROJECT_ROOT / "indicators" / "README.md").read_text(encoding="utf-8")
    assert f"default `min_count: {DISCLOSURE_MIN_COUNT}`, `min_denominator: {DISCLOSURE_MIN_DENOMINATOR}`" in reference
    assert f"| `min_count` | integer ≥ 0 | `{DISCLOSURE_MIN_COUNT}` |" in reference
    assert f"| `min_denominator` | integer ≥ 0 | `{DISCLOSURE_MIN_DENOMINATOR}` |" in reference


# The command line is a user interface, as ui/ and pages/ are: it prints what the presentation package
# writes (an import's problems, a report made by it), so it may call it; it translates nothing itself.
CLI = ("omrademonitor/__main__.py",)


def _word_calls(tree, word_functions: set[str]) -> list[tuple[int, str]]:
    """(line, name) of every call of ``t`` or of a presentation function in a module's syntax tree."""
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name == "t" or name in word_functions:
                calls.append((node.lineno, name))
    return calls


def test_the_core_returns_numbers_and_only_the_presentation_package_makes_words():
    """Outside ``omrademonitor/presentation/`` (and ``i18n``, ``labels``), no core module calls ``t(``
    or a function of the presentation package (``format_value``, ``map_table``, …; the command line,
    ``CLI``, may call the latter)."""
    core = PROJECT_ROOT / "omrademonitor"
    presentation = core / "presentation"
    word_functions = {
        node.name
        for path in presentation.glob("*.py")
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    }
    assert {"format_number", "format_value", "format_date", "status_text", "map_table", "measure_table"} <= (
        word_functions
    )
    wordy = {}
    for path in sorted(core.rglob("*.py")):
        relative = str(path.relative_to(PROJECT_ROOT))
        if path.is_relative_to(presentation) or relative in ("omrademonitor/i18n.py", "omrademonitor/labels.py"):
            continue
        calls = _word_calls(ast.parse(path.read_text(encoding="utf-8")), word_functions)
        if relative in CLI:  # a user interface: it prints what the presentation package writes
            calls = [call for call in calls if call[1] == "t"]
        if calls:
            wordy[relative] = calls
    assert not wordy, f"core modules making words; move them to omrademonitor/presentation/: {wordy}"


def test_the_word_check_finds_a_translated_call_and_a_formatted_number():
    """The check above can fail: it sees ``t(...)`` and a presentation function called in any form."""
    source = "from omrademonitor import i18n\ndef f(x, lang):\n    return i18n.t('no_data', lang) + format_value(x)\n"
    assert _word_calls(ast.parse(source), {"format_value"}) == [(3, "t"), (3, "format_value")]
    assert _word_calls(ast.parse("def f(x):\n    return round(x, 1)\n"), {"format_value"}) == []


def _core_modules():
    """(relative path, syntax tree) of every core module: outside ``presentation/``, ``i18n``, ``labels``."""
    core = PROJECT_ROOT / "omrademonitor"
    for path in sorted(core.rglob("*.py")):
        relative = str(path.relative_to(PROJECT_ROOT))
        if not path.is_relative_to(core / "presentation") and relative not in (
            "omrademonitor/i18n.py",
            "omrademonitor/labels.py",
        ):
            yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _takes_lang(tree) -> list[str]:
    """The functions of a module that take a ``lang`` parameter."""
    return sorted(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and "lang" in [a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)]
    )


# Core functions that take ``lang`` only to pick a text stored as data in that language, or to pass
# the language on: none of them writes a word.
LANG_PICKERS = {
    "omrademonitor/definitions.py": ["get"],  # Text.get: an indicator's or programme's text in that language
    "omrademonitor/measures.py": ["title"],  # Measure.title: the stored title in that language
    "omrademonitor/crossviews.py": ["_text"],  # a programme definition's name in that language
    # the indicator's stored name in the indicator_name column; the headers are codes, the values numbers
    "omrademonitor/downloads.py": ["profile_figures", "public_figures", "series_figures"],
    "omrademonitor/report.py": ["generate"],  # hands the language to the presentation package's maker
    "omrademonitor/measure_writes.py": ["save_report"],  # stores which language a report was made in
}

PRODUCT_NAME = "Områdemonitor"  # a name, in both languages
# Core modules whose string literals may hold æ, ø or å, and why.
NORWEGIAN_LITERALS = {
    "omrademonitor/breakdowns.py": "the words files use for categories (aliases), read, never shown",
    "omrademonitor/importing/checks.py": "the words files use for units and statuses",
    "omrademonitor/importing/measures.py": "the words the measure template's cells use",
    "omrademonitor/importing/spec.py": "the column names import files use",
    "omrademonitor/importing/totals.py": "the words files use for a total",
    "omrademonitor/geography.py": "the column the municipality's zone file names zones in (Levekårsnavn)",
    "omrademonitor/vocabulary.py": "the area levels' names the store's area_levels table keeps, and the column "
    "names boundary files use (LevelFacts.code_hints)",
    "omrademonitor/exports.py": "a file name keeps Norwegian letters",
    "omrademonitor/__main__.py": "the command line's English help names the zones by their Norwegian term",
}


def _norwegian_literals(tree) -> list[tuple[int, str]]:
    """(line, text) of every string literal but docstrings with æ, ø or å (the product name aside)."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and re.search("[æøå]", node.value.replace(PRODUCT_NAME, ""), re.IGNORECASE)
    ]


def test_no_core_function_takes_a_language_but_to_pick_a_stored_text():
    """A core function that takes ``lang`` is making words for readers: that is the presentation
    package's work (``presentation.formatting.period_label``, ``presentation.texts.category_label``, …).
    The few that pick a text stored in both languages are listed, with why, in ``LANG_PICKERS``."""
    taking = {relative: _takes_lang(tree) for relative, tree in _core_modules()}
    taking = {relative: names for relative, names in taking.items() if names}
    differ = {
        relative: taking.get(relative)
        for relative in {*taking, *LANG_PICKERS}
        if taking.get(relative) != LANG_PICKERS.get(relative)
    }
    assert not differ, f"core functions taking lang; move their words to omrademonitor/presentation/: {differ}"


def test_no_core_module_writes_norwegian_words_but_those_it_reads():
    """Words with æ, ø or å in a core module's code (docstrings aside) are words for readers, which
    belong in the catalogues; the exceptions are the words files are read by and names the store keeps,
    listed in ``NORWEGIAN_LITERALS`` with why."""
    found = {relative: _norwegian_literals(tree) for relative, tree in _core_modules()}
    found = {relative: literals for relative, literals in found.items() if literals}
    unlisted = {relative: literals for relative, literals in found.items() if relative not in NORWEGIAN_LITERALS}
    assert not unlisted, f"Norwegian words in the core; move them to the catalogues: {unlisted}"
    assert set(NORWEGIAN_LITERALS) == set(found), "a listed module no longer needs its exception"


def test_the_language_and_norwegian_word_checks_find_a_period_label():
    """The two checks above can fail: the old ``periods.label`` is found by both."""
    old = (
        'def label(period, kind, lang="nb"):\n'
        '    """\'1. halvår 2023\' / \'H1 2023\'."""\n'
        '    return f"H{period % 10} {period // 10}" if lang == "en" else f"{period % 10}. halvår {period // 10}"\n'
    )
    assert _takes_lang(ast.parse(old)) == ["label"]
    assert _norwegian_literals(ast.parse(old)) == [(3, ". halvår ")]
    assert _norwegian_literals(ast.parse('SYSTEM = "Områdemonitor (system)"\n')) == []


# What only omrademonitor/analysis.py may do: pick a judgement other than "no figure to judge", name the
# tolerance of "similar", decide which indicators may be set against the city.
JUDGING_NAMES = {"SIMILAR_TOLERANCE", "comparable_with_city", "NOT_COMPARABLE_UNITS"}


def _judgements(tree) -> list[tuple[int, str]]:
    """(line, what) of every place in a module's syntax tree that judges better / similar / worse itself."""
    found = []
    # A judgement read, not picked: compared with (``x in (Assessment.BETTER, …)``) or a key of a table of
    # colours or words.
    read_parts = [
        part
        for node in ast.walk(tree)
        for part in (
            [node.left, *node.comparators] if isinstance(node, ast.Compare) else getattr(node, "keys", None) or []
        )
        if isinstance(node, ast.Compare | ast.Dict) and part is not None
    ]
    read = {id(inner) for part in read_parts for inner in ast.walk(part)}
    for node in ast.walk(tree):
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
        if name in JUDGING_NAMES:
            found.append((node.lineno, name))
        picked = isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "Assessment"
        if picked and node.attr != "NOT_ASSESSED" and id(node) not in read:
            found.append((node.lineno, f"Assessment.{node.attr}"))
        if isinstance(node, ast.Call):
            called = getattr(node.func, "id", getattr(node.func, "attr", None))
            if called == "Assessment" or (called == "assess" and (len(node.args) > 4 or node.keywords)):
                found.append((node.lineno, f"{called}(…) with its own value or tolerance"))
    return found


def test_only_analysis_judges_better_similar_or_worse():
    """Better / similar / worse than the city (or than an earlier year) is judged in
    ``omrademonitor/analysis.py`` only (``assess``, ``against_city``, ``against_city_value``): no other
    module picks an ``Assessment`` (but "not assessed" where there is no figure), names the tolerance of
    "similar", calls ``assess`` with a tolerance of its own, or decides which indicators are compared."""
    judged = {}
    for path in [
        PROJECT_ROOT / "app.py",
        *(p for d in ("omrademonitor", "ui", "pages") for p in (PROJECT_ROOT / d).rglob("*.py")),
    ]:
        relative = str(path.relative_to(PROJECT_ROOT))
        if relative != "omrademonitor/analysis.py" and (found := _judgements(ast.parse(path.read_text("utf-8")))):
            judged[relative] = found
    assert not judged, f"judged outside omrademonitor/analysis.py: {judged}"


def test_the_judgement_check_finds_a_second_judge():
    """The check above can fail: it sees a module that judges for itself."""
    source = (
        "def against(latest, city_value, indicator):\n"
        "    if not comparable_with_city(indicator):\n"
        "        return Assessment.NOT_COMPARABLE\n"
        "    return assess(latest, city_value, indicator.direction, None, 0.1)\n"
    )
    assert {what for _, what in _judgements(ast.parse(source))} == {
        "comparable_with_city",
        "Assessment.NOT_COMPARABLE",
        "assess(…) with its own value or tolerance",
    }
    assert _judgements(ast.parse("x = Assessment.NOT_ASSESSED if v is None else assess(v, c, d)\n")) == []
    # reading a judgement (comparing with it, a colour per judgement) is not judging
    assert _judgements(ast.parse("clear = v in (Assessment.BETTER, Assessment.WORSE)\n")) == []
    assert _judgements(ast.parse("COLOURS = {Assessment.BETTER: 'blue'}\n")) == []
    assert _judgements(ast.parse("COLOURS = {'x': Assessment.BETTER}\n")) == [(1, "Assessment.BETTER")]


# Words people give an area column (importing/spec.py guesses the column from them), not a list of levels;
# and labels.py's maps from a level to its catalogue key (they are the labels, checked against the levels
# by test_catalogues).
LEVEL_WORDS_ALLOWED = {("omrademonitor/importing/spec.py", "NAME_HINTS"), ("omrademonitor/labels.py", "*_LABEL_KEYS")}


def _allowed(relative: str, target: str) -> bool:
    """Whether LEVEL_WORDS_ALLOWED lets ``target`` in ``relative`` name levels (``*_LABEL_KEYS``: any such name)."""
    return any(
        relative == r and (target == name or (name.startswith("*") and target.endswith(name[1:])))
        for r, name in LEVEL_WORDS_ALLOWED
    )


def _level_lists(tree, relative: str) -> list[tuple[int, list[str]]]:
    """(line, names) of every tuple, list or set written in a module that names two area levels or more,
    and of every dict whose keys do."""
    levels = {level.value for level in AreaLevel}
    found = []
    for statement in tree.body:
        targets = [
            t.id for t in getattr(statement, "targets", [getattr(statement, "target", None)]) if isinstance(t, ast.Name)
        ]
        if any(_allowed(relative, target) for target in targets):
            continue
        for node in ast.walk(statement):
            elements = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", [])
            if isinstance(node, ast.Tuple | ast.List | ast.Set | ast.Dict):
                named = [e.value for e in elements if isinstance(e, ast.Constant) and e.value in levels]
                if len(named) >= 2:
                    found.append((node.lineno, named))
    return found


def test_the_area_levels_are_listed_only_in_the_vocabulary():
    """No module but ``omrademonitor/vocabulary.py`` writes out a list of area levels (the store, the
    indicators, the national levels, the command line and the import form take theirs from it)."""
    listed = {}
    for folder in ("omrademonitor", "ui", "pages", "scripts"):
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            relative = str(path.relative_to(PROJECT_ROOT))
            if relative == "omrademonitor/vocabulary.py":
                continue
            if found := _level_lists(ast.parse(path.read_text("utf-8")), relative):
                listed[relative] = found
    assert not listed, f"area levels listed outside omrademonitor/vocabulary.py: {listed}"
    assert _level_lists(ast.parse('LEVELS = ["bydel", "kommune"]\n'), "x.py") == [(1, ["bydel", "kommune"])]
    hints = 'HINTS = {"bydel": ("bydelnr",), "kommune": ("kommunenr",)}\n'
    assert _level_lists(ast.parse(hints), "x.py") == [(1, ["bydel", "kommune"])]  # a dict keyed by the levels
    labels = 'LEVEL_LABEL_KEYS = {"bydel": "level_bydel", "kommune": "level_kommune"}\n'
    assert _level_lists(ast.parse(labels), "omrademonitor/labels.py") == []  # the labels of the levels
    assert _level_lists(ast.parse(labels), "omrademonitor/other.py") == [(1, ["bydel", "kommune"])]


TRACE_METHODS = {
    "add_trace",
    "add_traces",
    "add_scatter",
    "add_bar",
    "add_choropleth",
    "update_traces",
    "for_each_trace",
}


def _drawing(tree) -> list[tuple[int, str]]:
    """(line, what) of every place in a module that draws or styles a chart's traces itself."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            found += [(node.lineno, m) for m in modules if m and m.startswith("plotly") and m != "plotly.graph_objects"]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            own = isinstance(node.func.value, ast.Name) and node.func.value.id == "go"
            if (own and node.func.attr != "Figure") or node.func.attr in TRACE_METHODS:
                found.append((node.lineno, node.func.attr))
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if "type" in keys and keys & {"line", "marker", "colorscale"}:
                found.append((node.lineno, "a trace written as a dict"))
    return found


def test_only_the_chart_module_draws_traces():
    """Every chart's traces (an area's colour, dash and marker; a map's colour scale) are made in
    ``omrademonitor/presentation/charts.py``: no other module builds or restyles a plotly trace
    (``chart_images.py`` only captions a finished figure)."""
    drawing = {}
    for folder in ("omrademonitor", "ui", "pages"):
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            relative = str(path.relative_to(PROJECT_ROOT))
            if relative == "omrademonitor/presentation/charts.py":
                continue
            if found := _drawing(ast.parse(path.read_text("utf-8"))):
                drawing[relative] = found
    assert not drawing, f"traces drawn outside omrademonitor/presentation/charts.py: {drawing}"
    source = "import plotly.express as px\nfig.add_trace(go.Scatter(x=[1], marker={'color': 'red'}))\n"
    assert {what for _, what in _drawing(ast.parse(source))} == {"plotly.express", "add_trace", "Scatter"}


def test_the_layout_names_every_module():
    """README's *Layout* names every module of the core, the presentation package, ``ui/`` and ``pages/``
    (a new module is placed on the map; a removed one leaves it)."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout\n", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([a-z0-9_]+)`", layout))
    folders = ["omrademonitor", "omrademonitor/presentation", "ui", "pages"]
    modules = {folder: sorted(p.stem for p in (PROJECT_ROOT / folder).glob("*.py")) for folder in folders}
    modules = {folder: [m for m in names if m != "__init__"] for folder, names in modules.items()}
    assert all(modules.values())
    missing = {folder: [m for m in names if m not in named] for folder, names in modules.items()}
    assert not any(missing.values()), f"modules README's Layout does not name: {missing}"


REFERENCE = re.compile(r"\b[a-z_]+(?:\.[A-Za-z_]\w*)+")


def _names_in(thing) -> set[str]:
    """What ``thing.name`` may name: its attributes, and for a class its fields and ``__init__``'s
    parameters (an exception's ``reason`` is set in ``__init__``)."""
    import inspect

    names = set(dir(thing))
    if inspect.isclass(thing):
        names |= set(getattr(thing, "__dataclass_fields__", {})) | set(getattr(thing, "model_fields", {}))
        names |= set(inspect.signature(thing.__init__).parameters)
    return names


def _missing_references(comments: list[str]) -> list[str]:
    """The ``module.Name`` (``module.Class.field``) references in ``comments`` that name nothing: the
    module is no module of ``omrademonitor``, or has no such name. A store table's column
    (``observations.status``), a folder's module (``ui.auth``) and a file (``map.py``) are no references."""
    import importlib
    import pkgutil

    import omrademonitor

    modules = {
        m.name.removeprefix("omrademonitor.") for m in pkgutil.walk_packages(omrademonitor.__path__, "omrademonitor.")
    }
    schema = (PROJECT_ROOT / "omrademonitor" / "schema.py").read_text("utf-8")
    others = set(re.findall(r"CREATE TABLE (\w+)", schema)) | {"ui", "pages", "tests", "scripts"}
    missing = []
    for comment in comments:
        for reference in REFERENCE.findall(comment):
            parts = reference.split(".")
            depth = next((i for i in range(len(parts) - 1, 0, -1) if ".".join(parts[:i]) in modules), 0)
            if not depth:
                if parts[0] not in others and parts[-1] != "py":
                    missing.append(reference)
                continue
            thing = importlib.import_module("omrademonitor." + ".".join(parts[:depth]))
            for name in parts[depth:]:
                if name not in _names_in(thing):
                    missing.append(reference)
                    break
                thing = getattr(thing, name, None)
    return missing


def test_the_label_maps_name_enumerations_that_exist():
    """Each label map in ``omrademonitor/labels.py`` says in a comment which enumeration it names
    (``indicator_registry.Unit``, ``vocabulary.AreaLevel``): every such name exists."""
    source = (PROJECT_ROOT / "omrademonitor" / "labels.py").read_text("utf-8")
    comments = [line for line in source.splitlines() if line.lstrip().startswith("#")]
    assert not _missing_references(comments), _missing_references(comments)
    # the check can fail: the names these comments had before the modules were renamed
    assert _missing_references(["# registry.Unit", "# geography.LEVEL_NAMES", "# did.PreTrendTests.primary"]) == [
        "registry.Unit",
        "geography.LEVEL_NAMES",
        "did.PreTrendTests.primary",
    ]


# A symbol among the overview's symbols (◎ ◆ … – ?), not the mark for no value.
DASH_ALLOWED = {("omrademonitor/presentation/tracking_tables.py", "STATUS_SYMBOL")}


def _dashes(tree, relative: str) -> list[int]:
    """Lines where a module writes the dash for "no value" ('–') itself instead of ``formatting.NO_VALUE``."""
    found = []
    for statement in tree.body:
        targets = [t.id for t in getattr(statement, "targets", []) if isinstance(t, ast.Name)]
        if (relative, "NO_VALUE" if "NO_VALUE" in targets else None) == (
            "omrademonitor/presentation/formatting.py",
            "NO_VALUE",
        ) or any((relative, target) in DASH_ALLOWED for target in targets):
            continue
        ranges = {id(part) for n in ast.walk(statement) if isinstance(n, ast.JoinedStr) for part in n.values}
        found += [
            n.lineno
            for n in ast.walk(statement)
            if isinstance(n, ast.Constant) and n.value == "–" and id(n) not in ranges  # f"{a}–{b}": a range
        ]
    return found


def test_the_dash_for_no_value_is_written_once():
    """``presentation.formatting.NO_VALUE`` is the '–' a number, a date, a cell or an empty list shows; the
    presentation package, ``ui/`` and ``pages/`` use it (a docstring that mentions it is no use)."""
    written = {}
    for folder in ("omrademonitor/presentation", "ui", "pages"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            relative = str(path.relative_to(PROJECT_ROOT))
            if found := _dashes(ast.parse(path.read_text("utf-8")), relative):
                written[relative] = found
    assert not written, f"'–' written outside formatting.NO_VALUE: {written}"
    source = 'NO_VALUE = "–"\ndef f(x, a, b):\n    """\'–\' when none."""\n    return x or "–", f"{a}–{b}"\n'
    assert _dashes(ast.parse(source), "omrademonitor/presentation/formatting.py") == [4]
    assert _dashes(ast.parse(source), "ui/x.py") == [1, 4]


def _hidden_words(tree) -> list[int]:
    """Lines where a module translates 'suppressed' itself (``t("suppressed", …)``), not through
    ``formatting.status_text`` / ``no_figure_text``."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)) == "t"
        and node.args
        and any(isinstance(k, ast.Constant) and k.value == "suppressed" for k in ast.walk(node.args[0]))
    ]


def test_what_a_figure_without_a_value_says_is_decided_once():
    """``formatting.no_figure_text`` (over ``status_text`` and ``labels.FIGURE_NOTE_LABEL_KEYS``) decides
    what stands for a hidden or a missing figure: a table cell, a headline card, a map's legend."""
    from omrademonitor.presentation.formatting import NO_VALUE, no_figure_text
    from omrademonitor.presentation.texts import headline_cell

    for lang, hidden, missing in (("nb", "Skjermet", "Mangler data"), ("en", "Suppressed", "No data")):
        assert no_figure_text("suppressed", lang) == no_figure_text("suppressed", lang, alone=True) == hidden
        assert no_figure_text("missing", lang) == no_figure_text(None, lang) == NO_VALUE == "–"
        assert no_figure_text("no_data", lang, alone=True) == missing
        for state, text in (("suppressed", hidden), ("no_data", missing)):
            row = {"latest_value": None, "latest_state": state, "change": None, "vs_reference": "not_assessed"}
            assert headline_cell(row, "percent", 1, 2021, lang)["value"] == text
    translating = {}
    for folder in ("omrademonitor", "ui", "pages"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            if found := _hidden_words(ast.parse(path.read_text("utf-8"))):
                translating[str(path.relative_to(PROJECT_ROOT))] = found
    assert not translating, f"a hidden figure's word written outside formatting.status_text: {translating}"
    # the headline's old words, and the series table's
    assert _hidden_words(ast.parse('x = t("suppressed" if s else "no_data", lang) or t("suppressed", lang)')) == [1, 1]
    assert _hidden_words(ast.parse('x = t(labels.FIGURE_NOTE_LABEL_KEYS[s], lang) if s else "–"')) == []
