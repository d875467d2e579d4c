"""Refusals as people read them, in their language.

A refusal (``errors.Refused``: ``WriteError``, ``access.AccessDenied``, ``uploads.UploadError``,
``pdf.PdfError``, ``accounts.IdentityRefused``) carries a reason code (``errors.Refusal``) and its
facts as values; ``str()`` of it is the English sentence for the command line and the logs.
``refusal_text`` writes it for a page from the catalogue (``translations/<lang>/refusals.yml``, keys
in ``labels.REFUSAL_LABEL_KEYS``): numbers through ``formatting`` (12,5 MB in Norwegian), a role and
a permission by their labels, a measure's problems by their import messages. A goals file's own
reason (``DefinitionError.reason``) stays English.
"""

from __future__ import annotations

from omrademonitor import labels
from omrademonitor.errors import Refused, joined
from omrademonitor.i18n import t
from omrademonitor.presentation.formatting import format_number, spaced
from omrademonitor.presentation.import_messages import measure_problem_text

IDENTIFIERS = frozenset({"batch_id", "event_id", "exit_code", "minimum", "limit_mb"})  # written as they are


def refusal_text(exc: Refused, lang: str) -> str:
    """Why it was refused, in ``lang``: the catalogue text of the reason with its facts filled in."""
    facts = {name: _written(name, value, lang) for name, value in exc.facts.items()}
    return t(labels.REFUSAL_LABEL_KEYS[exc.reason], lang, **facts)


def _written(name: str, value, lang: str) -> str:
    if name == "role":
        return t(labels.ROLE_LABEL_KEYS[value], lang)
    if name == "permission":
        return t(labels.PERMISSION_LABEL_KEYS[value], lang)
    if name == "problems" and value and isinstance(value[0], tuple):  # a measure's: (measure id, Problem)
        return "; ".join(f"{measure_id}: {measure_problem_text(problem, lang)}" for measure_id, problem in value)
    if (text := joined(name, value)) is not None:  # a list, or a key of the store (column → value)
        return text
    if isinstance(value, bool) or name in IDENTIFIERS:
        return str(value)
    if isinstance(value, float):
        return format_number(value, 1, lang)
    if isinstance(value, int):
        return spaced(value)
    return str(value)
