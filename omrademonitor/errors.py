"""Errors the core raises to its callers."""


class WriteError(ValueError):
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
        super().__init__(
            f"{path}: the database is busy with another write (the app or a command); "
            f"waited {waited_s:g} s and changed nothing; try again in a moment"
        )


class RepeatedKeys(WriteError):
    """A batch of observations gave one key (indicator, area, period, breakdown, category) more than once;
    nothing was written. ``count`` is how many keys repeat, ``key`` the first of them (column → value)."""

    def __init__(self, count: int, key: dict) -> None:
        self.count, self.key = count, key
        shown = ", ".join(f"{column} {value}" for column, value in key.items())
        super().__init__(f"the batch gives {count} key(s) more than once (the first: {shown}); nothing was written")
