"""Move the UI strings of a ``strings_<x>.py`` module into the YAML catalogues.

The catalogues are ``omrademonitor/translations/<lang>/<domain>.yml``: one file per language and
domain, each a flat mapping ``key: text`` a translator can edit (the Open SDG layout). ``i18n`` loads
them all once; a key lives in exactly one domain.

Modules written the old way hold module-level dicts of ``key -> (bokmål, English)`` (or
``key -> {"nb": ..., "en": ...}``). To move one into the catalogues after merging a branch::

    python tools/strings_to_yaml.py omrademonitor/strings_<x>.py            # domain <x>
    python tools/strings_to_yaml.py omrademonitor/strings_<x>.py --domain tracking
    python tools/strings_to_yaml.py omrademonitor/strings_<x>.py --dry-run  # show, write nothing

The script reads every such dict in the module (without importing ``i18n``), checks each entry
(both texts non-empty strings, the same ``{placeholders}`` in both) and appends the new keys to the
end of ``nb/<domain>.yml`` and ``en/<domain>.yml`` (created when missing; existing text and comments
are left as they are). A key already in the catalogues with the same texts is skipped; with other
texts, or a bad entry, the script stops before writing anything and names the module, dict and key.

Afterwards delete the module and the lines in ``i18n.py`` that merged it, then run
``pytest tests/test_catalogues.py``: it checks that every key the code uses exists in both
languages and that every key defined is used.
"""

from __future__ import annotations

import argparse
import importlib.util
import string
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "omrademonitor" / "translations"
LANGUAGES = ("nb", "en")


class ConversionError(ValueError):
    """A module entry that cannot become a catalogue entry; the message names module, dict and key."""


def placeholders(text: str) -> set[tuple[str, str]]:
    """The ``{name:spec}`` fields of a format string, as (name, spec) pairs."""
    # a plural choice ``{n:# rad|# rader}`` (omrademonitor.plurals) has words of its own language in its spec
    return {
        (name, "plural" if "|" in (spec or "") else spec or "")
        for _, name, spec, _ in string.Formatter().parse(text)
        if name is not None
    }


def _texts(value) -> tuple[str, str] | None:
    if isinstance(value, tuple) and len(value) == 2:
        return value
    if isinstance(value, dict) and set(value) == set(LANGUAGES):
        return value["nb"], value["en"]
    return None


def entries_from_module(path: Path) -> dict[str, tuple[str, str]]:
    """Every ``key -> (nb, en)`` entry of the module's dicts of strings, in file order."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # a module may import from omrademonitor
    spec = importlib.util.spec_from_file_location(f"_strings_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ConversionError(f"{path}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    entries: dict[str, tuple[str, str]] = {}
    for name, value in vars(module).items():
        if name.startswith("_") or not isinstance(value, dict) or not value:
            continue
        if not all(isinstance(k, str) and _texts(v) is not None for k, v in value.items()):
            continue
        for key, texts in value.items():
            nb, en = _texts(texts)
            where = f"{path}: {name}[{key!r}]"
            if not (isinstance(nb, str) and isinstance(en, str) and nb and en):
                raise ConversionError(f"{where}: both texts must be non-empty strings")
            if placeholders(nb) != placeholders(en):
                raise ConversionError(
                    f"{where}: the placeholders differ: nb {sorted(placeholders(nb))}, en {sorted(placeholders(en))}"
                )
            if key in entries and entries[key] != (nb, en):
                raise ConversionError(f"{where}: the key is defined twice in the module with different texts")
            entries[key] = (nb, en)
    if not entries:
        raise ConversionError(f"{path}: no dict of key -> (nb, en) found")
    return entries


def read_catalogue(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ConversionError(f"{path}: not a mapping of key: text")
    return data


def existing_entries(root: Path = CATALOGUES) -> dict[str, tuple[str, str, str]]:
    """Every key already in the catalogues: key -> (domain, nb, en)."""
    found: dict[str, tuple[str, str, str]] = {}
    for nb_file in sorted((root / "nb").glob("*.yml")):
        en = read_catalogue(root / "en" / nb_file.name)
        for key, nb in read_catalogue(nb_file).items():
            found[key] = (nb_file.stem, nb, en.get(key, ""))
    return found


class _Dumper(yaml.SafeDumper):
    """Writes a text with line breaks as a literal block (``key: |``), as a translator reads it."""


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_Dumper.add_representer(str, _text)


def dump_entries(entries: dict[str, str]) -> str:
    """Catalogue lines for ``entries``: ``key: text`` on one line, quoted only where YAML needs it, and
    texts with line breaks as literal blocks."""
    return yaml.dump(entries, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=float("inf"))


def append_entries(entries: dict[str, tuple[str, str]], domain: str, root: Path = CATALOGUES) -> list[str]:
    """Append the new keys of ``entries`` to ``<lang>/<domain>.yml``; the keys added, in order."""
    known = existing_entries(root)
    new: dict[str, tuple[str, str]] = {}
    for key, (nb, en) in entries.items():
        if key in known:
            where, old_nb, old_en = known[key]
            if (old_nb, old_en) != (nb, en):
                raise ConversionError(
                    f"key {key!r} is already in {where}.yml with other texts: nb {old_nb!r}, en {old_en!r}; "
                    "rename the key in the module and its users, or fold the texts"
                )
            continue
        new[key] = (nb, en)
    for i, lang in enumerate(LANGUAGES):
        if not new:
            break
        path = root / lang / f"{domain}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        before = path.read_text(encoding="utf-8") if path.exists() else ""
        if before and not before.endswith("\n"):
            before += "\n"
        path.write_text(before + dump_entries({k: texts[i] for k, texts in new.items()}), encoding="utf-8")
    return list(new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("module", type=Path, help="the strings_<x>.py module to convert")
    parser.add_argument("--domain", help="the catalogue file to add to (default: <x> of strings_<x>.py)")
    parser.add_argument("--root", type=Path, default=CATALOGUES, help="the translations folder")
    parser.add_argument("--dry-run", action="store_true", help="print the entries, write nothing")
    args = parser.parse_args(argv)
    domain = args.domain or args.module.stem.removeprefix("strings_")
    try:
        entries = entries_from_module(args.module)
        if args.dry_run:
            for i, lang in enumerate(LANGUAGES):
                print(f"# {lang}/{domain}.yml")
                print(dump_entries({k: v[i] for k, v in entries.items()}), end="")
            return 0
        added = append_entries(entries, domain, args.root)
    except ConversionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{len(added)} new keys added to {domain}.yml ({len(entries) - len(added)} already there).")
    print(f"Now delete {args.module} and its lines in omrademonitor/i18n.py, then run tests/test_catalogues.py.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
