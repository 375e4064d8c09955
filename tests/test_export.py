"""Export files: CSV of the cells shown, JSON of every field, written record by record."""

from __future__ import annotations

import csv
import json

from tui.api.client import PostHogClient
from tui.listing import export
from tui.resources.actions import SPEC


async def test_json_export_is_the_same_text_as_one_dump_of_the_list(demo, tmp_path):
    async with PostHogClient(demo.url, demo.api_key, demo.project_id) as api:
        actions = (await api.actions.page(limit=5)).results
    convert = export.record(SPEC, "json")
    path = export.write(SPEC, [convert(obj) for obj in actions], "json", tmp_path)
    expected = json.dumps([obj.model_dump(mode="json") for obj in actions], indent=2, ensure_ascii=False)
    assert path.read_text(encoding="utf-8") == expected
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    assert export.write(SPEC, [], "json", nothing).read_text(encoding="utf-8") == "[]"


async def test_csv_export_holds_the_cells_as_shown(demo, tmp_path):
    async with PostHogClient(demo.url, demo.api_key, demo.project_id) as api:
        actions = (await api.actions.page(limit=3)).results
    convert = export.record(SPEC, "csv")
    path = export.write(SPEC, [convert(obj) for obj in actions], "csv", tmp_path)
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[0] == [c.label for c in SPEC.columns]
    assert rows[1:] == [[str(cell) for cell in SPEC.cells(obj)] for obj in actions]
