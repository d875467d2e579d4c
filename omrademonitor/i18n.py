"""User-facing text in Norwegian bokmål (default) and English: the catalogues and ``t()``.

Every word the pages and the report show a reader lives in the catalogues
``translations/<lang>/<domain>.yml`` (one flat ``key: text`` file per language and domain, for
translators to edit), loaded once into ``STRINGS`` — unit signs, month names and period patterns
('4. kv. 2023') included; the only other texts shown are those stored in both languages as data (an
indicator's name and definition in its YAML, a programme's names). Code names every key in full
(``t("nav_map", lang)``); the labels of enumerations are looked up through the maps in ``labels``;
numbers, dates, periods and tables are written by ``omrademonitor.presentation``; ``t()`` is called
there and in ``pages/`` and ``ui/``. The core modules return numbers and codes and write no words
(``tests/test_sources.py`` checks that none calls ``t()``, takes a ``lang`` but to pick a stored text,
or holds Norwegian words but those it reads files by)."""

from __future__ import annotations

from pathlib import Path

import yaml

from omrademonitor.plurals import fill

LANGUAGES = ("nb", "en")
DEFAULT_LANGUAGE = "nb"
NBSP = "\u00a0"


TRANSLATIONS = Path(__file__).parent / "translations"


class CatalogueError(ValueError):
    """A translation catalogue that cannot be used; the message names the file and key."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML's safe loader, refusing a key written twice in one file (YAML would keep the last)."""


def _unique_mapping(loader, node):
    seen: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise CatalogueError(f"line {key_node.start_mark.line + 1}: {key} is written twice")
        seen[key] = loader.construct_object(value_node)
    return seen


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def load_catalogues(folder: Path = TRANSLATIONS) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Every key of the catalogues ``<folder>/<lang>/<domain>.yml`` -> {"nb": text, "en": text}, and
    each key's domain.

    Each file is a flat mapping ``key: text``. A key lives in one domain, in every language, with a
    non-empty text; anything else is refused with the file and key named."""
    problems: list[str] = []
    texts: dict[str, dict[str, str]] = {}
    domain_of: dict[str, str] = {}
    domains = sorted({p.stem for lang in LANGUAGES for p in (folder / lang).glob("*.yml")})
    if not domains:
        raise CatalogueError(f"{folder}: no catalogues (<lang>/<domain>.yml)")
    for domain in domains:
        for lang in LANGUAGES:
            path = folder / lang / f"{domain}.yml"
            if not path.exists():
                problems.append(f"{path}: missing (the domain exists in another language)")
                continue
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
            except (yaml.YAMLError, CatalogueError) as exc:
                problems.append(f"{path}: not valid YAML ({exc})")
                continue
            if not isinstance(data, dict):
                problems.append(f"{path}: not a mapping of key: text")
                continue
            for key, text in data.items():
                if not isinstance(key, str):
                    problems.append(f"{path}: key {key!r} is not text (quote it)")
                elif not isinstance(text, str) or not text:
                    problems.append(f"{path}: {key}: the text must be a non-empty string (quote it), not {text!r}")
                elif domain_of.setdefault(key, domain) != domain:
                    problems.append(f"{path}: {key}: already defined in {domain_of[key]}.yml")
                else:
                    texts.setdefault(key, {})[lang] = text
    for key, by_lang in texts.items():
        for lang in LANGUAGES:
            if lang not in by_lang:
                problems.append(f"{folder / lang / domain_of[key]}.yml: {key}: missing (present in another language)")
    if problems:
        raise CatalogueError("translation catalogues: " + "; ".join(problems))
    return texts, domain_of


STRINGS, DOMAIN_OF = load_catalogues()


def catalogue(domain: str) -> dict[str, dict[str, str]]:
    """The keys of one catalogue file (``translations/<lang>/<domain>.yml``) and their texts."""
    return {key: STRINGS[key] for key, where in DOMAIN_OF.items() if where == domain}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled in (``{n:# rad|# rader}``: the
    form the number calls for, see ``plurals``)."""
    text = STRINGS[key]["en" if lang == "en" else "nb"]
    return fill(text, **values) if values else text
