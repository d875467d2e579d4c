"""Deployment settings: from an optional TOML file and environment variables.

Every field is documented in the README's settings table (a test checks this).
Environment variables are ``OMRADEMONITOR_`` + the field name in capitals; the TOML file is
named by ``OMRADEMONITOR_SETTINGS`` and holds the fields at top level. Environment wins.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from omrademonitor.vocabulary import AuthKind

# The disclosure rule's defaults, decided here only (SSB and FHI practice for small areas: no figure
# resting on fewer than 5 cases or on a population under 10). They are the deployment's floor below,
# the default ``disclosure.Policy`` and the default of every indicator's ``disclosure:`` in
# ``registry.Disclosure``; the map note and the report's appendix state the rule from the policy in force.
DISCLOSURE_MIN_COUNT = 5
DISCLOSURE_MIN_DENOMINATOR = 10


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names it."""


@dataclass(frozen=True)
class Settings:
    """How this deployment behaves."""

    anonymous_read: bool = True
    auth: str = "local"
    oidc_provider: str = ""
    oidc_default_role: str = ""
    session_hours: int = 12
    disclosure_min_count: int = DISCLOSURE_MIN_COUNT
    disclosure_min_denominator: int = DISCLOSURE_MIN_DENOMINATOR
    max_upload_mb: int = 20
    sql_time_limit_s: int = 10
    sql_memory_limit_mb: int = 2048
    feedback_contact: str = ""
    data_licence: str = ""
    default_programme: str = "trondheim"  # the programme a view opens on without ?programme= (empty: the first)

    def __post_init__(self) -> None:
        if self.auth not in tuple(AuthKind):
            raise SettingsError(f"auth must be {' or '.join(repr(a.value) for a in AuthKind)}, not '{self.auth}'")
        if self.oidc_default_role not in ("", "viewer", "researcher"):
            raise SettingsError("oidc_default_role may only be '', 'viewer' or 'researcher'")
        if not 1 <= self.session_hours <= 720:
            raise SettingsError("session_hours must be between 1 and 720")
        if self.disclosure_min_count < 0 or self.disclosure_min_denominator < 0:
            raise SettingsError("disclosure thresholds cannot be negative")
        if not 1 <= self.max_upload_mb <= 500:
            raise SettingsError("max_upload_mb must be between 1 and 500")
        if not 1 <= self.sql_time_limit_s <= 300:
            raise SettingsError("sql_time_limit_s must be between 1 and 300")
        if not 1536 <= self.sql_memory_limit_mb <= 65536:
            raise SettingsError("sql_memory_limit_mb must be between 1536 and 65536")


def _parse(name: str, kind: type, raw):
    if isinstance(raw, kind) and not (kind is int and isinstance(raw, bool)):
        return raw
    text = str(raw).strip()
    if kind is bool:
        if text.lower() in ("1", "true", "yes", "on"):
            return True
        if text.lower() in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"{name}: expected true or false, got '{raw}'")
    if kind is int:
        try:
            return int(text)
        except ValueError:
            raise SettingsError(f"{name}: expected a whole number, got '{raw}'") from None
    return text


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Settings from the TOML file named by ``OMRADEMONITOR_SETTINGS`` (if any), then the environment."""
    environ = os.environ if environ is None else environ
    values: dict = {}
    path = environ.get("OMRADEMONITOR_SETTINGS")
    if path:
        try:
            values = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"{path}: {exc}") from exc
        unknown = set(values) - {f.name for f in fields(Settings)}
        if unknown:
            raise SettingsError(f"{path}: unknown settings {', '.join(sorted(unknown))}")
    kinds = {"bool": bool, "int": int, "str": str}
    parsed = {}
    for field in fields(Settings):
        kind = kinds[field.type] if isinstance(field.type, str) else field.type
        env_name = f"OMRADEMONITOR_{field.name.upper()}"
        if env_name in environ:
            parsed[field.name] = _parse(env_name, kind, environ[env_name])
        elif field.name in values:
            parsed[field.name] = _parse(field.name, kind, values[field.name])
    return Settings(**parsed)
