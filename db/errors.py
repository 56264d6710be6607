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


class Cancelled(ParleyError):
    """A background read was cancelled: a newer request superseded it (db.storage.cancel)."""


class DatabaseFileError(ParleyError):
    """The database file cannot be opened as a Parley database (corrupt, locked, newer…)."""


class ImportDataError(ParleyError):
    """Imported data is malformed or conflicts with the database; nothing was written."""


class InUseError(ValidationError):
    """A codebook entry or source cannot be deleted because records use it."""

    def __init__(self, message: str, count: int):
        self.count = count
        super().__init__(message)


class ConflictError(ParleyError):
    """A record was changed (or deleted) by someone else since this copy of it was read: the
    write was refused, nothing changed. `theirs` is the record as it is now (the same kind of
    *Input the caller wrote; None when it was deleted), `version` its version, `by` and `at`
    who changed it last and when."""

    def __init__(self, what: str, record_id: int, theirs: object | None, version: int | None,
                 by: str = "", at: str = ""):
        self.record_id, self.theirs, self.version, self.by, self.at = (
            record_id, theirs, version, by, at)
        if theirs is None:
            message = f"{what} {record_id} was deleted by someone else since you opened it"
        else:
            who = f" by {by or 'unknown'}" if by is not None else ""
            when = f" at {at}" if at else ""
            message = (f"{what} {record_id} was changed{who}{when} since you opened it; "
                       "nothing was saved")
        super().__init__(message)
