"""Reading a JSON export for `import-data` a record at a time (ijson's C parser), never the
whole file: `json.loads` of a million-record export (~1 GB) held it all as Python objects,
several GB, before the first record was checked.

`open_payload(path)` reads the file once through to check its shape — valid JSON, one
object, each top-level key once, the format version, each section a list — then each
section is read again when the import asks for it, record by record (a record's own keys
are checked for duplicates as it is built). The import stays one transaction
(db.exchange.json_csv.import_data): a bad record anywhere leaves the database as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from db.errors import ImportDataError, ParleyError

SECTIONS = ("parties", "issues", "events", "sources", "positions")


class _Record(dict):
    """A JSON object as ijson builds it, remembering a key given twice (json.loads would
    keep the last value silently). It cannot refuse there and then: ijson's C builder
    carries on past an exception raised inside it, so `_refuse_repeats` asks afterwards."""

    __slots__ = ("repeated",)

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self and getattr(self, "repeated", None) is None:
            self.repeated = (key, next(((k, self[k]) for k in ("format_version", "key", "id")
                                        if k in self and isinstance(self[k], str | int)), None))
        super().__setitem__(key, value)


def _refuse_repeats(item: Any) -> None:
    if isinstance(item, _Record):
        repeated = getattr(item, "repeated", None)
        if repeated is not None:
            key, named = repeated
            where = f" (the one with “{named[0]}”: {_shown(named[1])})" if named else ""
            raise ImportDataError(f"The file names “{key}” twice in one object{where}; a "
                                  "Parley export never does, so the file was edited: keep one "
                                  "and import it again")
        for value in item.values():
            if isinstance(value, dict | list):
                _refuse_repeats(value)
    elif isinstance(item, list):
        for value in item:
            if isinstance(value, dict | list):
                _refuse_repeats(value)


def _shown(value: str | int) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def _ijson() -> Any:
    import ijson

    return ijson


class StreamedPayload:
    """A checked export file whose sections are read on demand (`get`, like a dict's)."""

    def __init__(self, path: Path, present: set[str]):
        self.path = path
        self.present = present

    def get(self, name: str, default: Any = None) -> Any:
        if name == "format_version":
            from db.exchange.export_stream import FORMAT_VERSION

            return FORMAT_VERSION
        if name not in SECTIONS or name not in self.present:
            return default
        return self._items(name)

    def _items(self, name: str) -> Iterator[Any]:
        ijson = _ijson()
        try:
            with self.path.open("rb") as fh:
                for item in ijson.items(fh, f"{name}.item", map_type=_Record, use_float=True):
                    _refuse_repeats(item)
                    check_plain_json(item)
                    yield item
        except OSError as exc:
            raise ImportDataError(f"Cannot read {self.path}: {exc.strerror or exc}") from None
        except ijson.JSONError as exc:
            raise ImportDataError(f"The file is not valid JSON: {exc}") from None


def check_plain_json(item: Any) -> None:
    """What json.loads can give but a Parley export never holds: broken surrogates, or
    something json.dumps cannot write back."""
    try:
        json.dumps(item, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ImportDataError("The file contains invalid characters (broken UTF-16 "
                              "surrogates); it was not written by Parley") from None
    except (TypeError, ValueError, RecursionError):
        raise ImportDataError("The data is not plain JSON") from None


def open_payload(path: Path) -> StreamedPayload:
    """Check an export file's shape in one streamed pass (see the module); ImportDataError
    says what is wrong, ParleyError when it cannot be read."""
    from db.exchange.export_stream import FORMAT_VERSION
    from db.storage.file_guard import open_here_or_beside

    # Read with plain open(), once for the check and once per section while the import
    # writes: never the database this process has open, whose locks a close would drop.
    if open_here_or_beside(path):
        raise ImportDataError(f"{path} is the open Parley database (or one of its files), "
                              "not an export")
    ijson = _ijson()
    seen: set[str] = set()
    version: Any = None
    depth = 0
    key: str | None = None
    try:
        with path.open("rb") as fh:
            for event, value in ijson.basic_parse(fh, use_float=True):
                if depth == 1 and event != "end_map":
                    if event == "map_key":
                        if value in seen:
                            raise ImportDataError(
                                f"The file names “{value}” twice in one object; a Parley "
                                "export never does, so the file was edited: keep one and "
                                "import it again")
                        seen.add(value)
                        key = value
                        continue
                    if key == "format_version":
                        version = value if event in ("number", "string", "boolean") else event
                    elif key in SECTIONS and event != "start_array":
                        raise ImportDataError(f"“{key}” must be a list")
                elif depth == 0 and event != "start_map":
                    raise ImportDataError(
                        "The file is JSON but not a Parley export (expected an object)")
                if event in ("start_map", "start_array"):
                    depth += 1
                elif event in ("end_map", "end_array"):
                    depth -= 1
    except OSError as exc:
        raise ParleyError(f"Cannot read {path}: {exc.strerror or exc}") from None
    except ijson.IncompleteJSONError as exc:
        raise ImportDataError(f"The file is not valid JSON: {exc}") from None
    except ijson.JSONError as exc:
        raise ImportDataError(f"The file is not valid JSON: {exc}") from None
    except RecursionError:
        raise ImportDataError("The file is not a Parley export (nested too deeply)") from None
    if type(version) is not int or version != FORMAT_VERSION:
        raise ImportDataError(
            f"Unsupported format_version {version!r}: this Parley reads version {FORMAT_VERSION}")
    return StreamedPayload(path, seen & set(SECTIONS))
