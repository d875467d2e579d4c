"""The string catalogues (``omrademonitor/translations/<lang>/<domain>.yml``) against the code: every
key the code uses exists in both languages (written at the call, or kept in a table of keys, a name or a
loop that the test follows back to where it is written), every key defined is used, keys are written
out in full, every value of every enumeration the UI names has a label, and both languages of a key
take the same placeholders. The loader refuses broken catalogues with the file and key named."""

from __future__ import annotations

import ast
import re
import string
import typing
from pathlib import Path

import pytest

from omrademonitor import PROJECT_ROOT, labels
from omrademonitor.i18n import DOMAIN_OF, LANGUAGES, STRINGS, TRANSLATIONS, CatalogueError, load_catalogues

CODE_DIRS = ("omrademonitor", "pages", "ui")


def _code_files() -> list[Path]:
    files = [PROJECT_ROOT / "app.py"]
    for folder in CODE_DIRS:
        files += sorted((PROJECT_ROOT / folder).rglob("*.py"))
    return files


TREES = {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in _code_files()}


def _literals() -> set[str]:
    """Every whole string literal in the code (f-string pieces are not whole literals)."""
    joined = [j for tree in TREES.values() for j in ast.walk(tree) if isinstance(j, ast.JoinedStr)]
    pieces = {id(n) for j in joined for n in j.values}
    return {
        node.value
        for tree in TREES.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in pieces
    }


def _t_calls():
    """(path, line, first argument) of every call of ``t(...)``."""
    for path, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                if name == "t":
                    yield path.relative_to(PROJECT_ROOT), node.lineno, node.args[0]


def _constant_keys(node) -> list[str]:
    """The keys a first argument names when it is written out: "key", or "a" if … else "b"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constant_keys(node.body) + _constant_keys(node.orelse)
    return []


def _placeholders(text: str) -> set[tuple[str, str]]:
    # a plural choice ``{n:# rad|# rader}`` (omrademonitor.plurals) has words of its own language in its spec
    return {
        (name, "plural" if "|" in (spec or "") else spec or "")
        for _, name, spec, _ in string.Formatter().parse(text)
        if name is not None
    }


def test_each_language_has_every_domain_file_and_no_strings_module_is_left():
    """The catalogues load (more than 600 keys, each in one domain), every domain is a file in each
    language, and no ``strings_*.py`` module of texts is left in ``omrademonitor/``."""
    assert len(STRINGS) > 600
    assert set(DOMAIN_OF) == set(STRINGS)
    assert not list((PROJECT_ROOT / "omrademonitor").glob("strings_*.py")), "texts go in the catalogues (translations/)"
    for lang in LANGUAGES:
        assert sorted(p.stem for p in (TRANSLATIONS / lang).glob("*.yml")) == sorted(set(DOMAIN_OF.values()))


def test_the_readme_names_every_domain_and_no_other():
    """The README's table of domains is the catalogue files (a new domain file is documented, a merged one
    leaves the table)."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Texts and translations", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([a-z0-9_-]+)` \|", section, flags=re.MULTILINE)
    assert sorted(listed) == sorted(set(DOMAIN_OF.values()))
    assert len(listed) == len(set(listed))


def test_no_key_is_built_at_run_time():
    built = [
        f"{path}:{line}"
        for path, line, arg in _t_calls()
        if isinstance(arg, ast.JoinedStr | ast.BinOp) or (isinstance(arg, ast.Call) and "format" in ast.dump(arg))
    ]
    assert not built, f"t() with a key built at run time (use a map in labels.py): {built}"


def test_every_key_written_in_code_exists_in_both_languages():
    used = {(str(path), line, key) for path, line, arg in _t_calls() for key in _constant_keys(arg)}
    assert len(used) > 500
    missing = sorted(f"{path}:{line} {key}" for path, line, key in used if key not in STRINGS)
    assert not missing, missing
    for key in {key for _, _, key in used}:
        assert all(STRINGS[key].get(lang) for lang in LANGUAGES), key


# -- keys a t() call takes from a table of keys, a name or a loop ------------------------------------

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Module)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _tables_of_keys() -> dict[str, set[str]]:
    """The module-level tables a ``t()`` call takes its key from (by the table's name), and their keys.
    ``test_every_key_a_call_takes_from_elsewhere_exists_in_both_languages`` finds each such table in the
    code: a new one fails it until it is listed here."""
    from omrademonitor.presentation import import_tables, report_document, tables
    from ui import page_list, phone, streamlit_words

    return {
        "PREVIEW_COLUMNS": set(import_tables.PREVIEW_COLUMNS.values()),
        "USER_COLUMNS": set(tables.USER_COLUMNS.values()),
        "AUDIT_COLUMNS": set(tables.AUDIT_COLUMNS.values()),
        "BATCH_COLUMNS": set(tables.BATCH_COLUMNS.values()),
        "CARD_FACTS": set(phone.CARD_FACTS),
        "RULES": {key for *_, key in streamlit_words.RULES},
        "WORDS": set(report_document.WORDS),
        "PAGES": {key for page in page_list.PAGES for key in (page.title, page.title_logged_out, page.section) if key},
    }


def _parents(tree) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _scope_nodes(scope):
    """The nodes of a function (or module) body, not those of the functions and comprehensions inside it."""
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, SCOPES + COMPREHENSIONS):
            todo.extend(ast.iter_child_nodes(node))


def _path_in(target, name: str):
    """Where ``name`` sits in an assignment or loop target: () for the target itself, (i, j, …) inside
    tuples; None when it is not there."""
    if isinstance(target, ast.Name):
        return () if target.id == name else None
    if isinstance(target, ast.Tuple | ast.List):
        for i, element in enumerate(target.elts):
            inner = _path_in(element, name)
            if inner is not None:
                return (i, *inner)
    return None


def _bindings(name: str, node, parents):
    """(kind, value node, path) of every place that gives ``name`` its value where ``node`` reads it:
    'value' for an assignment (``name = …``, ``name += …``), 'each' for a loop or comprehension over
    ``value``; the enclosing comprehensions first, then the enclosing function's body."""
    found = []
    current = node
    while not isinstance(current, SCOPES):
        current = parents[id(current)]
        if isinstance(current, COMPREHENSIONS):
            for generator in current.generators:
                if (path := _path_in(generator.target, name)) is not None:
                    found.append(("each", generator.iter, path))
    if isinstance(current, ast.Lambda | ast.FunctionDef | ast.AsyncFunctionDef):
        arguments = current.args
        if name in {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}:
            return None  # a parameter: its callers decide
    for bound in _scope_nodes(current):
        if isinstance(bound, ast.Assign):
            for target in bound.targets:
                if (path := _path_in(target, name)) == ():
                    found.append(("value", bound.value, ()))
                elif path is not None:
                    found.append(("each", ast.Tuple([bound.value]), path))  # unpacking one tuple
        elif isinstance(bound, ast.AugAssign) and _path_in(bound.target, name) == ():
            found.append(("value", bound.value, ()))
        elif isinstance(bound, ast.For) and (path := _path_in(bound.target, name)) is not None:
            found.append(("each", bound.iter, path))
    return found


def _is_labels(node) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "labels"


def _table(node) -> str | None:
    """The name of a module-level table (``COLUMNS``, ``page_list.PAGES``) an expression names, else None."""
    if isinstance(node, ast.Name) and node.id.isupper():
        return node.id
    if isinstance(node, ast.Attribute) and node.attr.isupper() and not _is_labels(node):
        return node.attr
    return None


def _keys_of(node, parents):
    """What a key-valued expression can be: {("key", text)}, {("labels", map)}, {("table", name)}; None
    when it cannot be told from the code (a parameter, a value read from data)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {("key", node.value)}
    if isinstance(node, ast.IfExp):
        return _union(_keys_of(node.body, parents), _keys_of(node.orelse, parents))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
        node = ast.Subscript(node.func.value, node.args[0] if node.args else node.func)
    if isinstance(node, ast.Subscript):
        if _is_labels(node.value):
            return {("labels", node.value.attr)}
        if _table(node.value):
            return {("table", _table(node.value))}
        return None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):  # a field of a table's entry
        found = _keys_of(node.value, parents)
        return found if found and all(kind == "table" for kind, _ in found) else None
    if isinstance(node, ast.Name):
        bindings = _bindings(node.id, node, parents)
        if not bindings:
            return None
        found = set()
        for kind, value, path in bindings:
            more = _keys_of(value, parents) if kind == "value" else _each(value, path, parents)
            if more is None:
                return None
            found |= more
        return found
    return None


def _union(*found):
    return None if any(f is None for f in found) else set().union(*found)


def _each(node, path, parents):
    """The keys a loop over ``node`` gives the name at ``path`` of its target."""
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        found = set()
        for element in node.elts:
            if isinstance(element, ast.Starred):
                more = _each(element.value, path, parents)
            else:
                for position in path:
                    if not isinstance(element, ast.Tuple | ast.List) or position >= len(element.elts):
                        return None
                    element = element.elts[position]
                more = _keys_of(element, parents)
            if more is None:
                return None
            found |= more
        return found
    if isinstance(node, ast.IfExp):
        return _union(_each(node.body, path, parents), _each(node.orelse, path, parents))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _union(_each(node.left, path, parents), _each(node.right, path, parents))
    if _table(node):
        return {("table", _table(node))}
    if _is_labels(node):
        return {("labels", node.attr)}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("items", "values"):
        owner = node.func.value
        return _each(owner, (), parents) if _table(owner) or _is_labels(owner) else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("zip", "enumerate"):
        if not path:
            return None
        if node.func.id == "enumerate":
            return set() if path[0] == 0 else _each(node.args[0], path[1:], parents)  # the count is no key
        return _each(node.args[path[0]], path[1:], parents)
    if isinstance(node, ast.Name):  # a local list or tuple: what was assigned to it
        bindings = _bindings(node.id, node, parents)
        if not bindings or any(kind != "value" for kind, _, _ in bindings):
            return None
        return _union(*(_each(value, path, parents) for _, value, _ in bindings))
    return None


def _keys_taken_from_elsewhere():
    """(where, what) for each ``t()`` call whose key is not written at the call: what it can be, as
    ``_keys_of`` tells it (None: it cannot be told)."""
    parents = {path: _parents(tree) for path, tree in TREES.items()}
    for path, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                if name == "t" and not _constant_keys(node.args[0]):
                    yield f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}", _keys_of(node.args[0], parents[path])


def test_every_key_a_call_takes_from_elsewhere_exists_in_both_languages():
    """A key not written out at its ``t()`` call comes from a name, a loop or a table of keys (a dict of
    column → key, a tuple of keys, the page list): each is followed back to where it is written, and
    must exist in both languages. A table of keys must be one ``_tables_of_keys`` lists, so a new one is
    checked from the start; a key that cannot be followed back fails."""
    tables = _tables_of_keys()
    found = dict(_keys_taken_from_elsewhere())
    assert len(found) > 80
    unknown = sorted(where for where, what in found.items() if what is None)
    assert not unknown, f"t() with a key that cannot be followed back to where it is written: {unknown}"
    named = {(kind, name) for what in found.values() for kind, name in what}
    assert {name for kind, name in named if kind == "table"} == set(tables), "list the table in _tables_of_keys"
    assert {name for kind, name in named if kind == "labels"} <= set(labels.LABEL_MAPS)
    keys = {name for kind, name in named if kind == "key"} | set().union(*tables.values())
    missing = sorted(key for key in keys if not all(STRINGS.get(key, {}).get(lang) for lang in LANGUAGES))
    assert not missing, f"keys taken from elsewhere that are not in both catalogues: {missing}"


def test_every_key_a_label_map_names_exists_in_both_languages():
    assert len(labels.LABEL_MAPS) >= 30
    for name, mapping in labels.LABEL_MAPS.items():
        assert mapping, name
        for value, key in mapping.items():
            assert key in STRINGS, f"labels.{name}[{value!r}] = {key!r} is in no catalogue"
            assert all(STRINGS[key].get(lang) for lang in LANGUAGES), key


def test_every_key_defined_is_used():
    literals = _literals()
    unused = sorted(key for key in STRINGS if key not in literals)
    assert not unused, f"keys no code names (delete them, or name them in full where used): {unused}"


def test_both_languages_of_a_key_take_the_same_placeholders():
    differ = {
        key: (sorted(_placeholders(texts["nb"])), sorted(_placeholders(texts["en"])))
        for key, texts in STRINGS.items()
        if _placeholders(texts["nb"]) != _placeholders(texts["en"])
    }
    assert not differ, differ


def test_no_two_keys_hold_the_same_long_text():
    """Folded duplicates stay folded: the same sentence in both languages under two keys is one key.
    (Single words such as "Status" may stand under several keys where they name different things.)"""
    seen: dict[tuple[str, str], str] = {}
    twice = []
    for key, texts in STRINGS.items():
        pair = (texts["nb"], texts["en"])
        if len(pair[1]) > 24 and pair in seen:
            twice.append((seen[pair], key))
        seen.setdefault(pair, key)
    assert not twice, twice


# -- every enumeration has a label -------------------------------------------------------------


def _enum_cases():
    from omrademonitor.access import Permission, Role
    from omrademonitor.accessibility import KNOWN_ISSUES
    from omrademonitor.analysis import Assessment
    from omrademonitor.breakdowns import BREAKDOWNS, TOTAL
    from omrademonitor.downloads import SSB_SYMBOLS
    from omrademonitor.effects import Comparison
    from omrademonitor.errors import Refusal
    from omrademonitor.figures import demo_state
    from omrademonitor.geography import LEVELS
    from omrademonitor.importing.measures import COLUMNS
    from omrademonitor.importing.spec import FIELDS
    from omrademonitor.indicator_registry import Direction, Unit
    from omrademonitor.measures import MeasureStatus, Recommendation
    from omrademonitor.open_data import FIGURE_COLUMNS
    from omrademonitor.periods import PeriodType
    from omrademonitor.presentation.import_tables import REPORT_COLUMNS
    from omrademonitor.progress import ProgressStatus
    from omrademonitor.schedule import ScheduleStatus
    from omrademonitor.tracking import StatusGroup, TargetKind

    return {
        "PROGRESS_LABEL_KEYS": set(ProgressStatus),
        "GROUP_LABEL_KEYS": set(StatusGroup),
        "ASSESSMENT_LABEL_KEYS": set(Assessment),
        "TREND_LABEL_KEYS": set(Assessment),
        "UNIT_LABEL_KEYS": set(Unit),
        "DIRECTION_LABEL_KEYS": set(Direction),
        "MEASURE_STATUS_LABEL_KEYS": set(MeasureStatus),
        "SCHEDULE_LABEL_KEYS": set(ScheduleStatus) - {ScheduleStatus.UNKNOWN},
        "RECOMMENDATION_LABEL_KEYS": set(Recommendation),
        "ROLE_LABEL_KEYS": set(Role),
        "TARGET_KIND_LABEL_KEYS": set(TargetKind),
        "COMPARISON_LABEL_KEYS": set(Comparison) - {Comparison.DESIGNATED},
        "LEVEL_LABEL_KEYS": set(LEVELS),
        "DATA_KIND_LABEL_KEYS": {demo_state(flags) for flags in ([], [True], [False], [True, False])},
        "SHOWN_ALL_LABEL_KEYS": {demo_state([True]), demo_state([False])},
        "IMPORT_FIELD_LABEL_KEYS": set(FIELDS),
        "IMPORT_REPORT_COLUMN_LABEL_KEYS": set(REPORT_COLUMNS),
        "MEASURE_COLUMN_LABEL_KEYS": set(COLUMNS),
        "MONTH_LABEL_KEYS": set(range(1, 13)),
        "MONTH_SHORT_LABEL_KEYS": set(range(1, 13)),
        "UNIT_VALUE_LABEL_KEYS": set(Unit),
        "BREAKDOWN_LABEL_KEYS": set(BREAKDOWNS) | {TOTAL},
        "CATEGORY_LABEL_KEYS": {(b.id, c.id) for b in BREAKDOWNS.values() for c in b.categories},
        "KNOWN_ISSUE_LABEL_KEYS": {issue.id for issue in KNOWN_ISSUES},
        "PERIOD_MEANING_LABEL_KEYS": set(PeriodType),
        "REFUSAL_LABEL_KEYS": set(Refusal),
        "PERMISSION_LABEL_KEYS": set(Permission),
        "OPEN_DATA_COLUMN_LABEL_KEYS": set(FIGURE_COLUMNS),
        "OPEN_DATA_SYMBOL_LABEL_KEYS": set(SSB_SYMBOLS.values()),
    }


@pytest.mark.parametrize("name", sorted(_enum_cases()))
def test_every_value_of_an_enumeration_has_a_label(name):
    assert set(labels.LABEL_MAPS[name]) == _enum_cases()[name]


def test_the_designated_comparison_is_named_for_every_basis_a_programme_can_give():
    from omrademonitor.programme import Programme

    bases = set(typing.get_args(typing.get_type_hints(Programme)["comparison_basis"]))
    assert bases and set(labels.DESIGNATED_COMPARISON_LABEL_KEYS) == bases


def _check_list(name: str) -> set[str]:
    """The values a CHECK ... IN list of the schema allows (schema.py writes them from the enums)."""
    from omrademonitor import schema

    return set(re.findall(r"'([a-z_]+)'", getattr(schema, name)))


@pytest.mark.parametrize(
    ("name", "check_list"),
    [
        ("OBSERVATION_STATUS_LABEL_KEYS", "OBSERVATION_STATUSES"),
        ("BATCH_KIND_LABEL_KEYS", "BATCH_KINDS"),
        ("LOGIN_METHOD_LABEL_KEYS", "AUTH_KINDS"),
    ],
)
def test_every_value_the_schema_allows_has_a_label(name, check_list):
    allowed = _check_list(check_list)
    assert allowed and set(labels.LABEL_MAPS[name]) == allowed


def test_a_figure_is_noted_for_every_status_the_schema_allows_but_final():
    """A public table notes a figure's status beside it (``formatting.status_text``); a final one needs none."""
    allowed = _check_list("OBSERVATION_STATUSES")
    assert "final" in allowed and set(labels.FIGURE_NOTE_LABEL_KEYS) == allowed - {"final"}


def test_the_measure_statuses_of_the_schema_have_labels():
    from omrademonitor.schema import MEASURE_STATUSES

    assert set(re.findall(r"'([a-z_]+)'", MEASURE_STATUSES)) == set(labels.MEASURE_STATUS_LABEL_KEYS)


def _called_with(module: str, callee: str, position: int) -> set[str]:
    """The string literals passed at ``position`` (or as ``code=``) to ``callee`` in ``module``."""
    found = set()
    for path, tree in TREES.items():
        if module not in str(path.relative_to(PROJECT_ROOT)):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name != callee:
                continue
            args = [*node.args[position : position + 1], *(k.value for k in node.keywords if k.arg == "code")]
            found |= {key for a in args for key in _constant_keys(a)}
    return found


def _assigned_to(module: str, variable: str) -> set[str]:
    """The string literals assigned to ``variable`` in ``module`` (``code = "a" if … else "b"``)."""
    found = set()
    for path, tree in TREES.items():
        if module in str(path.relative_to(PROJECT_ROOT)):
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name | ast.Tuple):
                    targets = node.targets[0].elts if isinstance(node.targets[0], ast.Tuple) else node.targets
                    values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                    for target, value in zip(targets, values, strict=False):
                        if isinstance(target, ast.Name) and target.id == variable:
                            found |= set(_constant_keys(value))
    return found


def test_every_problem_an_import_reports_has_a_message():
    from omrademonitor.importing.cells import PERIOD_TYPES

    raised = (
        _called_with("omrademonitor", "Issue", 1)
        | _called_with("omrademonitor", "issue", 0)
        | _called_with("omrademonitor", "problem", 1)
        | _called_with("omrademonitor", "Problem", 1)
        | _called_with("importing/measures", "fail", 1)
        | _assigned_to("importing", "code")
        | {f"jsonstat_{what}" for what in _called_with("importing/jsonstat", "_Invalid", 0)}
        | {f"period_is_{kind}" for kind, _ in PERIOD_TYPES}
    )
    assert len(raised) > 70
    assert not raised - set(labels.ISSUE_MESSAGE_KEYS), raised - set(labels.ISSUE_MESSAGE_KEYS)
    assert not set(labels.ISSUE_MESSAGE_KEYS) - raised, set(labels.ISSUE_MESSAGE_KEYS) - raised


def test_every_stop_and_error_of_the_sql_console_has_a_message():
    stops = _called_with("sql_console", "ConsoleStopped", 0)
    errors = _called_with("sql_console", "ConsoleError", 1) | {"failed"}  # ConsoleError's default kind
    assert stops == set(labels.SQL_STOP_LABEL_KEYS)
    assert errors == set(labels.SQL_ERROR_LABEL_KEYS)


def test_every_audited_action_and_actor_has_a_name():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "omrademonitor").glob("*.py"))
    recorded = set(re.findall(r'_audited\(\s*[^,]+,\s*[^,]+,\s*"([a-z_]+)"', source))
    assert recorded == set(labels.AUDIT_ACTION_LABEL_KEYS)
    from omrademonitor.access import ANONYMOUS, SYSTEM

    assert set(labels.ACTOR_LABEL_KEYS) == {SYSTEM.username, ANONYMOUS.username}


def test_every_string_vocabulary_is_named_where_it_is_made():
    """Maps over words that are no enum: each value is written where it is produced."""
    where = {
        "INSUFFICIENT_LABEL_KEYS": ("omrademonitor/effects.py",),
        "PRETREND_TEST_LABEL_KEYS": ("omrademonitor/did.py",),
        "PRETREND_RESTS_ON_LABEL_KEYS": ("omrademonitor/did.py",),
        "PRETREND_VERDICT_LABEL_KEYS": ("omrademonitor/did.py",),
        "REGENERATED_LABEL_KEYS": ("omrademonitor/report.py",),
        "MEASURE_EVENT_LABEL_KEYS": ("omrademonitor/presentation/tracking_tables.py",),
        "INDICATOR_ROLE_LABEL_KEYS": ("omrademonitor/tracking.py",),
        "NETWORK_KIND_LABEL_KEYS": ("omrademonitor/crossviews.py",),
    }
    for name, files in where.items():
        literals = {
            node.value
            for path, tree in TREES.items()
            if str(path.relative_to(PROJECT_ROOT)) in files
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
        assert set(labels.LABEL_MAPS[name]) <= literals, (name, set(labels.LABEL_MAPS[name]) - literals)


def test_every_label_map_is_checked_against_its_source():
    checked = set(_enum_cases()) | {
        "DESIGNATED_COMPARISON_LABEL_KEYS",
        "OBSERVATION_STATUS_LABEL_KEYS",
        "FIGURE_NOTE_LABEL_KEYS",
        "BATCH_KIND_LABEL_KEYS",
        "LOGIN_METHOD_LABEL_KEYS",
        "ISSUE_MESSAGE_KEYS",
        "SQL_STOP_LABEL_KEYS",
        "SQL_ERROR_LABEL_KEYS",
        "AUDIT_ACTION_LABEL_KEYS",
        "ACTOR_LABEL_KEYS",
        "INSUFFICIENT_LABEL_KEYS",
        "PRETREND_TEST_LABEL_KEYS",
        "PRETREND_RESTS_ON_LABEL_KEYS",
        "PRETREND_VERDICT_LABEL_KEYS",
        "REGENERATED_LABEL_KEYS",
        "MEASURE_EVENT_LABEL_KEYS",
        "INDICATOR_ROLE_LABEL_KEYS",
        "NETWORK_KIND_LABEL_KEYS",
        "MAP_MODE_LABEL_KEYS",  # pages/map.py offers exactly the map's keys
    }
    assert set(labels.LABEL_MAPS) == checked


# -- the loader -----------------------------------------------------------------------------------


def _write(folder: Path, lang: str, domain: str, text: str) -> None:
    (folder / lang).mkdir(parents=True, exist_ok=True)
    (folder / lang / f"{domain}.yml").write_text(text, encoding="utf-8")


def test_the_loader_reads_a_translators_file(tmp_path):
    _write(tmp_path, "nb", "a", "greeting: Hei, {name}!\n'yes': Ja\n# a translator's comment\n")
    _write(tmp_path, "en", "a", "greeting: Hello, {name}!\n'yes': 'Yes'\n")
    texts, domains = load_catalogues(tmp_path)
    assert texts == {"greeting": {"nb": "Hei, {name}!", "en": "Hello, {name}!"}, "yes": {"nb": "Ja", "en": "Yes"}}
    assert domains == {"greeting": "a", "yes": "a"}


@pytest.mark.parametrize(
    ("nb", "en", "expected"),
    [
        ("a: Hei\nb: Ja\n", "a: Hello\n", r"en[/\\]d\.yml: b: missing"),
        ("a: Hei\n", "a: Hello\na: Hi\n", r"en[/\\]d\.yml: not valid YAML \(line 2: a is written twice\)"),
        ("a: Hei\nyes: Ja\n", "a: Hello\n'yes': 'Yes'\n", r"nb[/\\]d\.yml: key True is not text"),
        ("a: Hei\nb: No\n", "a: Hello\nb: 'No'\n", r"nb[/\\]d\.yml: b: the text must be a non-empty string"),
        ("a: Hei\nb: ''\n", "a: Hello\nb: x\n", r"nb[/\\]d\.yml: b: the text must be a non-empty string"),
        ("a: [Hei\n", "a: Hello\n", r"nb[/\\]d\.yml: not valid YAML"),
        ("- a\n", "a: Hello\n", r"nb[/\\]d\.yml: not a mapping"),
    ],
)
def test_the_loader_refuses_a_broken_catalogue_naming_file_and_key(tmp_path, nb, en, expected):
    _write(tmp_path, "nb", "d", nb)
    _write(tmp_path, "en", "d", en)
    with pytest.raises(CatalogueError, match=expected):
        load_catalogues(tmp_path)


def test_the_loader_refuses_a_key_in_two_domains_or_a_domain_in_one_language(tmp_path):
    _write(tmp_path, "nb", "a", "k: Hei\n")
    _write(tmp_path, "en", "a", "k: Hello\n")
    _write(tmp_path, "nb", "b", "k: Hei\n")
    _write(tmp_path, "en", "b", "k: Hello\n")
    _write(tmp_path, "nb", "c", "m: Hei\n")
    with pytest.raises(CatalogueError) as refused:
        load_catalogues(tmp_path)
    assert "k: already defined in a.yml" in str(refused.value)
    assert "c.yml: missing (the domain exists in another language)" in str(refused.value)


def test_every_word_the_report_templates_name_is_passed_to_them_and_exists():
    from omrademonitor.presentation.report_document import WORDS

    templates = PROJECT_ROOT / "omrademonitor" / "templates"
    named = {m for p in templates.rglob("*.j2") for m in re.findall(r"\bwords\.([a-z_]+)", p.read_text("utf-8"))}
    assert named and named <= set(WORDS), named - set(WORDS)
    assert set(WORDS) <= set(STRINGS), set(WORDS) - set(STRINGS)
