"""Refusals are typed and written in the user's language: every reason code (``errors.Refusal``) has a
text in both languages taking only the facts its raise sites pass, the pages show that text (not the
English ``str(exc)``, which stays for the command line), and numbers in it are written the
language's way (12,5 MB)."""

from __future__ import annotations

import ast
import string

import pytest

from omrademonitor import PROJECT_ROOT, labels
from omrademonitor.access import AccessDenied, Permission, Principal, Role, require
from omrademonitor.errors import SENTENCES, DatabaseBusy, Refusal, RepeatedKeys, WriteError
from omrademonitor.i18n import LANGUAGES, STRINGS
from omrademonitor.measures import Problem
from omrademonitor.presentation.refusals import refusal_text
from omrademonitor.settings import Settings
from omrademonitor.uploads import UploadError, check_upload
from tests.test_pages_roles import log_in, new_app, with_admin


def raise_sites(trees: dict[str, ast.AST]) -> list[tuple[str, int, Refusal, set[str]]]:
    """(file, line, reason, facts passed) of every call whose first argument is ``Refusal.<NAME>``."""
    sites = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Attribute)):
                continue
            first = node.args[0]
            if isinstance(first.value, ast.Name) and first.value.id == "Refusal":
                facts = {k.arg for k in node.keywords if k.arg is not None}
                sites.append((path, node.lineno, Refusal[first.attr], facts))
    return sites


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def gaps(sites, texts) -> list[str]:
    """Texts naming a fact some raise site of their reason does not pass (``t()`` would fail there)."""
    found = []
    for path, line, reason, facts in sites:
        for where, text in texts(reason):
            if placeholders(text) - facts:
                found.append(f"{path}:{line} {reason}: {where} needs {sorted(placeholders(text) - facts)}")
    return found


def _trees() -> dict[str, ast.AST]:
    return {
        str(path.relative_to(PROJECT_ROOT)): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted((PROJECT_ROOT / "omrademonitor").rglob("*.py"))
    }


def _texts(reason: Refusal) -> list[tuple[str, str]]:
    key = labels.REFUSAL_LABEL_KEYS[reason]
    return [("English sentence", SENTENCES[reason])] + [(f"{lang} {key}", STRINGS[key][lang]) for lang in LANGUAGES]


def test_every_reason_is_raised_and_has_a_text_in_both_languages_taking_the_facts_it_is_given():
    sites = raise_sites(_trees())
    assert len(sites) >= 35
    assert {reason for *_, reason, _ in sites} == set(Refusal), "a reason no code raises"
    assert set(SENTENCES) == set(Refusal)
    assert set(labels.REFUSAL_LABEL_KEYS) == set(Refusal)
    for reason in Refusal:
        assert all(text for _, text in _texts(reason)), reason
    assert not gaps(sites, _texts)


SAMPLE_FACTS = {
    "role": Role.EDITOR,
    "permission": Permission.IMPORT,
    "problems": [("m-1", Problem("area_codes", "measure_required"))],
    "first": {"indicator_id": "a", "period": 2020},
    "codes": ["5001", "5006"],
    "levels": ["grunnkrets", "bydel"],
}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_raise_site_can_be_written_with_the_facts_it_passes(lang):
    """Each site's facts, given as values of their kind, fill its texts (no name clashes with ``t``'s own)."""
    for path, line, reason, facts in raise_sites(_trees()):
        values = {name: SAMPLE_FACTS.get(name, 1.5 if name in ("size_mb", "waited_s") else "x") for name in facts}
        refused = WriteError(reason, **values)
        assert str(refused) and refusal_text(refused, lang), f"{path}:{line}"
        assert "{" not in refusal_text(refused, lang), f"{path}:{line}"


def test_a_count_takes_the_number_it_calls_for():
    from omrademonitor.errors import RepeatedKeys

    assert "gir 1 nøkkel mer" in refusal_text(RepeatedKeys(1, {"period": 2020}), "nb")
    assert "gives 12 000 keys more" in refusal_text(RepeatedKeys(12000, {"period": 2020}), "en")


def test_the_placeholder_check_finds_a_fact_no_raise_site_passes():
    source = "raise WriteError(Refusal.USER_EXISTS, name='ola')\nraise WriteError(Refusal.NO_USER, username='x')\n"
    sites = raise_sites({"x.py": ast.parse(source)})
    assert [(line, reason, facts) for _, line, reason, facts in sites] == [
        (1, Refusal.USER_EXISTS, {"name"}),
        (2, Refusal.NO_USER, {"username"}),
    ]
    assert gaps(sites, _texts) == [
        f"x.py:1 user_exists: {where} needs ['username']"
        for where in ("English sentence", "nb refusal_user_exists", "en refusal_user_exists")
    ]


def test_the_english_sentence_stays_for_the_command_line_and_the_page_says_it_in_its_language():
    refused = WriteError(Refusal.USER_EXISTS, username="ola")
    assert str(refused) == "user 'ola' exists already"
    assert (refused.reason, refused.facts) == (Refusal.USER_EXISTS, {"username": "ola"})
    assert refusal_text(refused, "nb") == "Brukeren «ola» finnes allerede."
    assert refusal_text(refused, "en") == "The user «ola» exists already."


def test_a_role_and_a_permission_are_named_by_their_labels():
    with pytest.raises(AccessDenied) as denied:
        require(Principal("rolf", Role.RESEARCHER), Permission.IMPORT)
    assert str(denied.value) == "rolf (researcher) may not 'import'"
    assert refusal_text(denied.value, "nb").startswith("Med rollen forsker kan du ikke importere tall")
    assert refusal_text(denied.value, "en").startswith("With the role researcher you may not import figures")


def test_lists_and_keys_are_joined_alike_in_the_sentence_and_on_the_page():
    broken = WriteError(Refusal.AREA_HIERARCHY_BROKEN, problems=["5001 has no parent", "5006 twice"])
    unknown = WriteError(Refusal.UNKNOWN_PARENTS, codes=["5001", "5006"])
    repeated = WriteError(Refusal.REPEATED_KEYS, count=2, first={"indicator_id": "a", "period": 2020})
    for refused, written in [
        (broken, "5001 has no parent; 5006 twice"),
        (unknown, "5001, 5006"),
        (repeated, "indicator_id a, period 2020"),
    ]:
        assert written in str(refused)
        assert all(written in refusal_text(refused, lang) for lang in LANGUAGES), (refused.reason, written)


def test_a_measures_problems_are_written_with_their_import_messages():
    refused = WriteError(Refusal.MEASURE_REFUSED, problems=[("m-1", Problem("area_codes", "measure_required"))])
    assert str(refused) == "measure refused: m-1: area_codes (measure_required {})"
    nb = refusal_text(refused, "nb")
    assert nb.startswith("Tiltaket ble ikke lagret: m-1: area_codes: ") and "measure_required" not in nb


@pytest.mark.parametrize(("lang", "expected"), [("nb", "er på 2,5 MB, men grensen er 1 MB."), ("en", "is 2.5 MB")])
def test_an_upload_over_the_limit_is_written_with_the_languages_decimal_mark(lang, expected):
    with pytest.raises(UploadError) as refused:
        check_upload("big.xlsx", int(2.5 * 1024 * 1024), Settings(max_upload_mb=1))
    assert str(refused.value) == "big.xlsx: the file is 2.5 MB; the limit is 1 MB"
    assert expected in refusal_text(refused.value, lang)


# -- on the pages --------------------------------------------------------------------------------

USERS_PAGE_TEXTS = {
    "nb": ("Opprett", "Brukeren «ada» finnes allerede.", "Passordet må ha minst 12 tegn."),
    "en": ("Create", "The user «ada» exists already.", "The password needs at least 12 characters."),
}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_users_page_refuses_in_the_users_language(demo_copy, monkeypatch, lang):
    create, exists, too_short = USERS_PAGE_TEXTS[lang]
    with_admin(demo_copy)
    app = log_in(new_app(demo_copy, monkeypatch, lang=lang), "ada")
    app.switch_page("pages/users.py").run()
    app.text_input(key="new_username").input("ada")
    app.text_input(key="new_password").input("ada-password-12")
    app.button(key=f"FormSubmitter:new_user-{create}").click().run()
    assert not app.exception, app.exception
    assert [e.value for e in app.error] == [exists]
    app.text_input(key="new_username").input("nina")
    app.text_input(key="new_password").input("short")
    app.button(key=f"FormSubmitter:new_user-{create}").click().run()
    assert not app.exception, app.exception
    assert [e.value for e in app.error] == [too_short]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", "Filen «big.csv» er på 1,5 MB, men grensen er 1 MB."),
        ("en", "The file «big.csv» is 1.5 MB, but the limit is 1 MB."),
    ],
)
def test_the_import_page_refuses_a_file_over_the_limit_with_the_languages_decimal_mark(
    demo_copy, monkeypatch, lang, expected
):
    with_admin(demo_copy)
    app = log_in(new_app(demo_copy, monkeypatch, lang=lang, max_upload_mb="1"), "ada")
    app.switch_page("pages/import_data.py").run()
    app.file_uploader[0].set_value(("big.csv", b"x" * int(1.5 * 1024 * 1024), "text/csv")).run()
    assert not app.exception, app.exception
    assert [e.value for e in app.error] == [expected]


@pytest.mark.parametrize(
    "refused",
    [
        WriteError(Refusal.USER_EXISTS, username="ola"),
        AccessDenied(Refusal.NOT_PERMITTED, username="ola", role=Role.VIEWER, permission=Permission.SQL_CONSOLE),
        UploadError(Refusal.UPLOAD_EMPTY, file="tom.csv"),
        DatabaseBusy("/srv/omrademonitor.duckdb", 30.0),
        RepeatedKeys(2, {"indicator_id": "x", "area_code": "5001", "period": 2024}),
    ],
    ids=lambda refused: type(refused).__name__,
)
def test_a_refusal_is_copied_and_pickled_whole(refused):
    """A refusal crosses a copy or a process boundary (pickle) with its type, reason, facts, attributes and
    English sentence; its ``args`` hold the sentence, which no subclass's ``__init__`` takes."""
    import copy
    import pickle

    for again in (copy.copy(refused), pickle.loads(pickle.dumps(refused))):
        assert type(again) is type(refused)
        assert (again.reason, again.facts, str(again)) == (refused.reason, refused.facts, str(refused))
        assert vars(again) == vars(refused)
