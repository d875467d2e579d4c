"""Loading declarative YAML definitions with errors that name the file and the field."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError


class DefinitionError(ValueError):
    """A definition file is malformed; the message names the file and the field."""

    def __init__(self, path: Path | str, field: str, reason: str) -> None:
        self.path = Path(path)
        self.field = field
        self.reason = reason
        where = f"{self.path}: field '{field}'" if field else str(self.path)
        super().__init__(f"{where}: {reason}")


class Strict(BaseModel):
    """Base model for definition files: unknown keys are errors, instances are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in Norwegian bokmål (required) and English (required)."""

    nb: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` ("nb" or "en")."""
        return self.en if lang == "en" else self.nb


M = TypeVar("M", bound=BaseModel)

# libyaml's safe loader where PyYAML was built with it (the same YAML, parsed in C: the pure-Python one
# spent about 0.3 s of CPU on the definitions each time they were read); i18n reads its catalogues so too
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml_text(text: str):
    """``yaml.safe_load`` of ``text`` through ``SAFE_LOADER``."""
    return yaml.load(text, Loader=SAFE_LOADER)


def read_yaml(path: Path) -> dict:
    """Parse one YAML mapping, raising DefinitionError on syntax errors or non-mappings."""
    try:
        data = load_yaml_text(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DefinitionError(path, "", f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise DefinitionError(path, "", "the file must hold a mapping of fields")
    return data


def parse_model(model: type[M], path: Path, data: dict) -> M:
    """Validate ``data`` against ``model``; the first error names the file and the field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        reason = first["msg"]
        if first["type"] == "extra_forbidden":
            reason = "unknown field"
        elif first["type"] == "missing":
            reason = "required field is missing"
        raise DefinitionError(path, field, reason) from exc


def load_model(model: type[M], path: Path) -> M:
    """Read and validate one YAML definition file."""
    return parse_model(model, path, read_yaml(path))
