"""Zip archives (zipped Shapefiles, .xlsx workbooks) are checked from their directory before
anything is extracted: the number of members and the size they unpack to are capped, so a
zip bomb is refused at once. Python's zipfile never unpacks more than a member's declared size."""

from __future__ import annotations

import zipfile

from omrademonitor.importing.issues import Figure, Issue
from omrademonitor.importing.limits import MAX_ZIP_MEMBERS

MB = 1 << 20


def archive_issue(archive: zipfile.ZipFile, file: str, max_bytes: int) -> Issue | None:
    """Why the archive is refused (too many members, too large unpacked), or None."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        return Issue(file, "zip_too_many_members", params={"count": Figure(len(members)), "limit": MAX_ZIP_MEMBERS})
    unpacked = sum(member.file_size for member in members)
    if unpacked > max_bytes:
        return Issue(
            file, "zip_too_large", params={"size": Figure(round(unpacked / MB)), "limit": Figure(max_bytes // MB)}
        )
    return None
