"""Errors the core raises to its callers.

A refusal (``Refused``: ``WriteError``, ``access.AccessDenied``, ``uploads.UploadError``,
``pdf.PdfError``, ``accounts.IdentityRefused``) carries a reason code (``Refusal``) and the facts
as values (numbers, names, lists): ``WriteError(Refusal.USER_EXISTS, username="ola")``. ``str()``
of it is the English sentence of ``SENTENCES``, for the command line and the logs; pages show
``presentation.refusals.refusal_text``, written in the user's language from the catalogue
(``labels.REFUSAL_LABEL_KEYS``).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum


class Refusal(StrEnum):
    """Why something was refused; the facts each raise passes are named in its sentence."""

    # users and accounts
    USERNAME_REQUIRED = "username_required"
    USER_EXISTS = "user_exists"
    NO_USER = "no_user"
    PASSWORD_ELSEWHERE = "password_elsewhere"  # the user logs in through the identity provider
    NO_ACTIVE_ADMIN_LEFT = "no_active_admin_left"
    PASSWORD_TOO_SHORT = "password_too_short"
    ADMIN_EXISTS = "admin_exists"
    PASSWORDS_DIFFER = "passwords_differ"
    NOT_LOGGED_IN = "not_logged_in"
    NOT_PERMITTED = "not_permitted"
    # a login through the identity provider that gives no access
    IDENTITY_CLAIM_MISSING = "identity_claim_missing"
    EMAIL_UNVERIFIED = "email_unverified"
    SESSION_ENDED = "session_ended"  # the provider login is older than a session, or was logged out
    NO_ROLE = "no_role"  # not in the users table (or not active), and no default role
    # events
    EVENT_TITLE_REQUIRED = "event_title_required"
    NO_EVENT = "no_event"
    # import batches, areas and shapes
    NO_BATCH = "no_batch"
    BATCH_ROLLED_BACK = "batch_rolled_back"
    AREAS_CANNOT_ROLL_BACK = "areas_cannot_roll_back"
    AREA_HIERARCHY_BROKEN = "area_hierarchy_broken"
    AREAS_STILL_OBSERVED = "areas_still_observed"
    UNKNOWN_PARENTS = "unknown_parents"
    SHAPES_OF_UNKNOWN_AREAS = "shapes_of_unknown_areas"
    SHAPE_TWICE = "shape_twice"
    BOUNDARY_LEVEL_REQUIRED = "boundary_level_required"
    REPEATED_KEYS = "repeated_keys"
    # measures and goals
    MEASURE_REFUSED = "measure_refused"
    GOALS_INVALID = "goals_invalid"
    GOALS_UNREADABLE = "goals_unreadable"
    # uploads
    UPLOAD_TOO_LARGE = "upload_too_large"
    UPLOAD_EMPTY = "upload_empty"
    # the database file, its lock and backups (met by operators)
    DATABASE_BUSY = "database_busy"
    NO_WRITE_LOCK = "no_write_lock"
    NOT_A_DATABASE = "not_a_database"
    NOT_OUR_DATABASE = "not_our_database"
    NO_DATABASE = "no_database"
    BACKUP_OVER_DATABASE = "backup_over_database"
    NO_BACKUP_FILE = "no_backup_file"
    # making a PDF
    NO_CHROMIUM = "no_chromium"
    NO_PDF_MADE = "no_pdf_made"
    NO_PDFTOTEXT = "no_pdftotext"


# The English sentence of each refusal, for the command line and the logs (``str(exc)``).
SENTENCES: dict[Refusal, str] = {
    Refusal.USERNAME_REQUIRED: "a username is required",
    Refusal.USER_EXISTS: "user '{username}' exists already",
    Refusal.NO_USER: "no user '{username}'",
    Refusal.PASSWORD_ELSEWHERE: "user '{username}' logs in through the identity provider; no password",
    Refusal.NO_ACTIVE_ADMIN_LEFT: "this would leave no active admin",
    Refusal.PASSWORD_TOO_SHORT: "a password needs at least {minimum} characters",
    Refusal.ADMIN_EXISTS: "an admin exists already; ask an admin to create further users",
    Refusal.PASSWORDS_DIFFER: "the two passwords differ",
    Refusal.NOT_LOGGED_IN: "no one is logged in; '{permission}' needs a user with the right role",
    Refusal.NOT_PERMITTED: "{username} ({role}) may not '{permission}'",
    Refusal.IDENTITY_CLAIM_MISSING: "the identity provider sent no '{claim}' claim to know the person by",
    Refusal.EMAIL_UNVERIFIED: "the identity provider has not verified the e-mail address ('{claim}')",
    Refusal.SESSION_ENDED: "the provider login has ended (too old, or logged out)",
    Refusal.NO_ROLE: "logged in through the identity provider, but with no role",
    Refusal.EVENT_TITLE_REQUIRED: "an event needs a Norwegian title",
    Refusal.NO_EVENT: "no event {event_id}",
    Refusal.NO_BATCH: "no import batch {batch_id}",
    Refusal.BATCH_ROLLED_BACK: "import batch {batch_id} was rolled back already",
    Refusal.AREAS_CANNOT_ROLL_BACK: "the area hierarchy cannot be rolled back; import a corrected table instead",
    Refusal.AREA_HIERARCHY_BROKEN: "the area hierarchy is broken: {problems}",
    Refusal.AREAS_STILL_OBSERVED: "observations exist for areas missing from the new table: {codes}",
    Refusal.UNKNOWN_PARENTS: "new areas have unknown parents: {codes}",
    Refusal.SHAPES_OF_UNKNOWN_AREAS: "shapes for unknown area codes: {codes}",
    Refusal.SHAPE_TWICE: "more than one shape for area {code}",
    Refusal.BOUNDARY_LEVEL_REQUIRED: "boundary files need --level ({levels})",
    Refusal.REPEATED_KEYS: "the batch gives {count} key(s) more than once (the first: {first}); nothing was written",
    Refusal.MEASURE_REFUSED: "measure refused: {problems}",
    Refusal.GOALS_INVALID: "{file}: field '{field}': {reason}",
    Refusal.GOALS_UNREADABLE: "{file}: {reason}",
    Refusal.UPLOAD_TOO_LARGE: "{file}: the file is {size_mb:.1f} MB; the limit is {limit_mb} MB",
    Refusal.UPLOAD_EMPTY: "{file}: the file is empty",
    Refusal.DATABASE_BUSY: (
        "{path}: the database is busy with another write (the app or a command); "
        "waited {waited_s:g} s and changed nothing; try again in a moment"
    ),
    Refusal.NO_WRITE_LOCK: "{path}: cannot take the write lock ({detail}); is this a read-only copy?",
    Refusal.NOT_A_DATABASE: "{path}: not a database this app can read ({detail})",
    Refusal.NOT_OUR_DATABASE: "{path}: not an Områdemonitor database (no schema version)",
    Refusal.NO_DATABASE: "{path}: no database to back up",
    Refusal.BACKUP_OVER_DATABASE: "{path}: a backup cannot replace the database it copies",
    Refusal.NO_BACKUP_FILE: "{path}: no such backup file",
    Refusal.NO_CHROMIUM: "Chromium is not installed (Debian: apt-get install chromium)",
    Refusal.NO_PDF_MADE: "Chromium made no PDF (exit {exit_code}): {detail}",
    Refusal.NO_PDFTOTEXT: "pdftotext is not installed (Debian: apt-get install poppler-utils)",
}


def joined(name: str, value, write: Callable[[object], str] = str) -> str | None:
    """A list or a mapping of facts as both the English sentence and a page write it: a list joined by
    commas (``problems`` by semicolons), a mapping as "column value" pairs joined by commas, each item
    written by ``write``; None for a value that is neither."""
    if isinstance(value, dict):
        return ", ".join(f"{column} {write(item)}" for column, item in value.items())
    if isinstance(value, list | tuple):
        return ("; " if name == "problems" else ", ").join(write(item) for item in value)
    return None


def english(name: str, value) -> object:
    """A fact as the English sentence writes it: a list or mapping ``joined`` (a pair in it by a colon);
    numbers and names as they are."""
    if isinstance(value, tuple):
        return ": ".join(str(item) for item in value)
    text = joined(name, value, lambda item: str(english(name, item)))
    return value if text is None else text


class Refused:
    """Mixed into an exception: a refusal with its reason code and facts; nothing was changed."""

    def __init__(self, reason: Refusal, /, **facts) -> None:
        self.reason = Refusal(reason)
        self.facts = facts
        super().__init__(SENTENCES[self.reason].format(**{name: english(name, v) for name, v in facts.items()}))

    def __reduce__(self):
        """Copied and pickled from its reason, facts and attributes (``args`` holds the English sentence,
        which no subclass's ``__init__`` takes)."""
        return _refused_again, (type(self), self.reason, self.facts, self.__dict__)


def _refused_again(kind: type, reason: Refusal, facts: dict, state: dict):
    refused = kind.__new__(kind)
    Refused.__init__(refused, reason, **facts)
    refused.__dict__.update(state)
    return refused


class WriteError(Refused, ValueError):
    """A write was refused; nothing was changed."""


class NothingChanged(Exception):
    """An import whose every figure is already stored as it is: no batch was made.

    ``figures`` is how many figures the import held; ``batch`` the active batch that imported the
    same content before, if one did.
    """

    def __init__(self, figures: int, batch: int | None = None) -> None:
        super().__init__(f"nothing changed: all {figures} figures are stored as they are")
        self.figures, self.batch = figures, batch


class DatabaseBusy(WriteError):
    """Another process kept the database busy (writing) for longer than we wait; nothing was changed."""

    def __init__(self, path, waited_s: float) -> None:
        self.path = path
        self.waited_s = waited_s
        super().__init__(Refusal.DATABASE_BUSY, path=path, waited_s=waited_s)


class RepeatedKeys(WriteError):
    """A batch of observations gave one key (indicator, area, period, breakdown, category) more than once;
    nothing was written. ``count`` is how many keys repeat, ``key`` the first of them (column → value)."""

    def __init__(self, count: int, key: dict) -> None:
        self.count, self.key = count, key
        super().__init__(Refusal.REPEATED_KEYS, count=count, first=key)
