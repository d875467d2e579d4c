"""Deployment settings: defaults, file and environment, clear errors, and documentation."""

import re
from dataclasses import fields

import pytest

from omrademonitor import PROJECT_ROOT
from omrademonitor.settings import Settings, SettingsError, load_settings


def test_defaults_for_the_embedded_deployment():
    settings = load_settings({})
    assert settings == Settings()
    assert settings.anonymous_read and settings.auth == "local"


def test_file_then_environment(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('anonymous_read = false\nauth = "oidc"\ndisclosure_min_count = 10\n', encoding="utf-8")
    settings = load_settings({"OMRADEMONITOR_SETTINGS": str(path), "OMRADEMONITOR_DISCLOSURE_MIN_COUNT": "20"})
    assert (settings.anonymous_read, settings.auth, settings.disclosure_min_count) == (False, "oidc", 20)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"OMRADEMONITOR_ANONYMOUS_READ": "maybe"}, "OMRADEMONITOR_ANONYMOUS_READ: expected true or false"),
        ({"OMRADEMONITOR_MAX_UPLOAD_MB": "lots"}, "expected a whole number"),
        ({"OMRADEMONITOR_AUTH": "ldap"}, "auth must be 'local' or 'oidc'"),
        ({"OMRADEMONITOR_OIDC_DEFAULT_ROLE": "admin"}, "oidc_default_role may only be"),
        ({"OMRADEMONITOR_MAX_UPLOAD_MB": "0"}, "between 1 and 500"),
    ],
)
def test_bad_values_are_named(environ, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        load_settings(environ)


def test_unknown_keys_in_the_file_are_refused(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("anonymous_reed = true\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="unknown settings anonymous_reed"):
        load_settings({"OMRADEMONITOR_SETTINGS": str(path)})


def test_every_setting_is_documented_in_the_readme():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for field in fields(Settings):
        assert f"| `{field.name}` |" in readme, f"setting {field.name} has no row in the README's settings table"
