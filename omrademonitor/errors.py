"""Errors the core raises to its callers."""


class WriteError(ValueError):
    """A write was refused; nothing was changed."""
