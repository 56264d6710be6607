"""One row by id, for the writes and reads that act on a record the user picked: the record
may have gone meanwhile (deleted in another window, or its creation undone)."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, SQLModel

from db.errors import ValidationError

M = TypeVar("M", bound=SQLModel)


def get_existing(s: Session, model: type[M], row_id: int, what: str) -> M:
    """The row of `model` with `row_id`; refused (ValidationError, "Party 7 no longer exists")
    when there is none."""
    row = s.get(model, row_id)
    if row is None:
        raise ValidationError(f"{what} {row_id} no longer exists")
    return row
