"""Checks on uploaded files before anything reads them: size, and a name that is only ever a label."""

from __future__ import annotations

from pathlib import PurePath

from omrademonitor.errors import Refusal, Refused
from omrademonitor.settings import Settings


class UploadError(Refused, ValueError):
    """An upload is refused; ``facts["file"]`` names the file, the reason code says why."""


def display_name(name: str) -> str:
    """The file's own name without any directory part, for messages and provenance; never a path to open."""
    return PurePath(name.replace("\\", "/")).name[:200] or "upload"


def check_upload(name: str, size_bytes: int, settings: Settings) -> str:
    """Refuse files over ``settings.max_upload_mb``; returns the name to record."""
    label = display_name(name)
    limit = settings.max_upload_mb * 1024 * 1024
    if size_bytes > limit:
        raise UploadError(
            Refusal.UPLOAD_TOO_LARGE, file=label, size_mb=size_bytes / 1024 / 1024, limit_mb=settings.max_upload_mb
        )
    if size_bytes == 0:
        raise UploadError(Refusal.UPLOAD_EMPTY, file=label)
    return label
