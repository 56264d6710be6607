"""The error types `db` raises. Their messages are written for the user to read."""

from __future__ import annotations


class ParleyError(Exception):
    """Base of every error Parley reports to the user as a plain message."""


class ValidationError(ParleyError):
    """A record is not valid. `problems` maps a field name to the reason it is wrong."""

    def __init__(self, problems: dict[str, str] | str, field: str | None = None):
        if isinstance(problems, str):
            problems = {field or "": problems}
        self.problems = dict(problems)
        super().__init__("; ".join(self.problems.values()))


class DatabaseFileError(ParleyError):
    """The database file cannot be opened as a Parley database (corrupt, locked, newer…)."""


class ImportDataError(ParleyError):
    """Imported data is malformed or conflicts with the database; nothing was written."""


class InUseError(ValidationError):
    """A codebook entry or source cannot be deleted because records use it."""

    def __init__(self, message: str, count: int):
        self.count = count
        super().__init__(message)
