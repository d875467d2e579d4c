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
