"""Writing the objects a list shows to a CSV or JSON file in the user's data folder.

Both hold every field the server sent for each object (ids, full timestamps, nested values),
not the columns as drawn on screen. Exports are the user's data: files are 0600 in a 0700
folder. Outside text never reaches a file with raw terminal controls, so `cat` of an export
cannot replay an escape sequence a server put into a name.
"""

from __future__ import annotations

import csv
import json
import os
import re
import textwrap
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from tui.resources.base import ResourceSpec
from tui.text import safe

# JSON escapes C0 controls itself; C1 controls and bidi overrides are escaped here, which is
# valid JSON because they can only occur inside strings.
_UNSAFE_IN_JSON = re.compile("[\u0080-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")


class Objects(Protocol):
    def many(self, keys: Iterable[str], convert: Any) -> list[Any]: ...


def export_dir() -> Path:
    from tui.settings.locations import data_dir

    path = data_dir() / "exports"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)  # a folder made by an older version may be 0755
    return path


def export(spec: ResourceSpec, fmt: str, keys: list[str], objects: Objects, folder: Path | None = None) -> Path:
    """Write the objects of `keys` (in that order) as `fmt`; the file's path.

    Objects are turned into records one page at a time (`objects.many`), so exporting 100k rows
    holds the records, never 100k live objects.
    """
    folder = folder or export_dir()
    path = folder / f"{spec.id}-{datetime.now():%Y%m%d-%H%M%S}.{fmt}"
    if fmt == "json":
        _write(path, _json_text(objects.many(keys, _json_record)))
    else:
        records = objects.many(keys, _fields)
        columns = _columns(records)
        _write(path, _csv_text(columns, records))
    return path


def export_rows(name: str, fmt: str, columns: list[str], rows: Iterable[list[Any]], folder: Path | None = None) -> Path:
    """Write rows of a query's answer (`columns` name their values) as `fmt`; the file's path.

    CSV cells are `_cell`'s; JSON holds one object per row, values as the server sent them.
    """
    folder = folder or export_dir()
    path = folder / f"{name}-{datetime.now():%Y%m%d-%H%M%S}.{fmt}"
    if fmt == "json":
        _write(path, _json_text([_json_safe(json.dumps(dict(zip(columns, row)), indent=2, ensure_ascii=False,
                                                       default=str)) for row in rows]))
    else:
        _write(path, _csv_text(columns, [{c: _cell(v) for c, v in zip(columns, row)} for row in rows]))
    return path


def _json_safe(text: str) -> str:
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _json_record(obj: Any) -> str:
    return _json_safe(json.dumps(obj.model_dump(mode="json"), indent=2, ensure_ascii=False))


def _json_text(records: list[str]) -> Iterable[str]:
    """The same text as one `json.dumps(list, indent=2)`, written without building that list."""
    if not records:
        yield "[]"
        return
    yield "["
    for index, text in enumerate(records):
        yield ("\n" if index == 0 else ",\n") + textwrap.indent(text, "  ")
    yield "\n]"


def _fields(obj: Any) -> dict[str, str]:
    """One object as CSV cells: scalars as text, nested values as JSON, nothing as empty."""
    return {key: _cell(value) for key, value in obj.model_dump(mode="json").items()}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    return safe(value, multiline=True)


def _columns(records: list[dict[str, str]]) -> list[str]:
    """Every field any record has, in the order they first appear (the model's order)."""
    seen: dict[str, None] = {}
    for record in records:
        seen.update(dict.fromkeys(record))
    return list(seen)


class _Lines:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)


def _csv_text(columns: list[str], records: list[dict[str, str]]) -> Iterable[str]:
    out = _Lines()
    writer = csv.writer(out)
    writer.writerow(columns)
    yield from out.parts
    for record in records:
        out.parts.clear()
        writer.writerow([record.get(column, "") for column in columns])
        yield from out.parts


def _write(path: Path, chunks: Iterable[str]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        for chunk in chunks:
            handle.write(chunk)
