"""Writing what a list shows to a CSV or JSON file in the user's data folder."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.resources.base import ResourceSpec


def export_dir() -> Path:
    from tui.locations import data_dir

    path = data_dir() / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def write(spec: ResourceSpec, objects: list[Any], fmt: str, folder: Path | None = None) -> Path:
    """CSV holds the columns as shown; JSON holds every field the server sent."""
    folder = folder or export_dir()
    path = folder / f"{spec.id}-{datetime.now():%Y%m%d-%H%M%S}.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps([o.model_dump(mode="json") for o in objects], indent=2, ensure_ascii=False))
    else:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([c.label for c in spec.columns])
            writer.writerows([str(cell) for cell in spec.cells(o)] for o in objects)
    return path
