"""Writing what a list shows to a CSV or JSON file in the user's data folder."""

from __future__ import annotations

import csv
import json
import textwrap
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.resources.base import ResourceSpec


def export_dir() -> Path:
    from tui.settings.locations import data_dir

    path = data_dir() / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def record(spec: ResourceSpec, fmt: str) -> Callable[[Any], Any]:
    """What one object becomes in a file of `fmt`: its JSON text, or its row of cells.

    Objects are turned into records one page at a time, so exporting 100k rows holds the
    records, never 100k live objects.
    """
    if fmt == "json":
        return lambda obj: json.dumps(obj.model_dump(mode="json"), indent=2, ensure_ascii=False)
    return lambda obj: [str(cell) for cell in spec.cells(obj)]


def write(spec: ResourceSpec, records: list[Any], fmt: str, folder: Path | None = None) -> Path:
    """CSV holds the columns as shown; JSON holds every field the server sent (see `record`)."""
    folder = folder or export_dir()
    path = folder / f"{spec.id}-{datetime.now():%Y%m%d-%H%M%S}.{fmt}"
    if fmt == "json":
        # The same text as one `json.dumps(list, indent=2)`, written without building that list.
        with path.open("w", encoding="utf-8") as handle:
            handle.write("[" if records else "[]")
            for index, text in enumerate(records):
                handle.write(("\n" if index == 0 else ",\n") + textwrap.indent(text, "  "))
            handle.write("\n]" if records else "")
    else:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([c.label for c in spec.columns])
            writer.writerows(records)
    return path
