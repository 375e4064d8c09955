"""Export files: every field of the objects shown, as CSV or JSON, private, with no raw controls."""

from __future__ import annotations

import csv
import json
import stat

from tui.api.client import PostHogClient
from tui.api.models import EventDefinition
from tui.listing import export
from tui.listing.store import ObjectStore
from tui.resources.actions import SPEC as ACTIONS
from tui.resources.definitions import SPEC as DEFINITIONS


def _store(objects) -> tuple[ObjectStore, list[str]]:
    store = ObjectStore()
    store.add_page([(str(o.id), o) for o in objects])
    return store, [str(o.id) for o in objects]


async def test_json_export_is_the_same_text_as_one_dump_of_the_list(demo, tmp_path):
    async with PostHogClient(demo.url, demo.api_key, demo.project_id) as api:
        actions = (await api.actions.page(limit=5)).results
    store, keys = _store(actions)
    path = export.export(ACTIONS, "json", keys, store, tmp_path)
    expected = json.dumps([obj.model_dump(mode="json") for obj in actions], indent=2, ensure_ascii=False)
    assert path.read_text(encoding="utf-8") == expected
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    assert export.export(ACTIONS, "json", [], ObjectStore(), nothing).read_text(encoding="utf-8") == "[]"


async def test_csv_export_holds_every_field_with_nested_values_as_json(demo, tmp_path):
    async with PostHogClient(demo.url, demo.api_key, demo.project_id) as api:
        actions = (await api.actions.page(limit=3)).results
    store, keys = _store(actions)
    rows = list(csv.DictReader(export.export(ACTIONS, "csv", keys, store, tmp_path).open(encoding="utf-8")))
    assert [row["id"] for row in rows] == [str(a.id) for a in actions]
    first, action = rows[0], actions[0]
    assert first["name"] == action.name
    # Nested values are JSON, timestamps keep every digit the server sent, not minutes.
    assert json.loads(first["steps"]) == [step.model_dump(mode="json") for step in action.steps]
    assert first["created_at"] == action.model_dump(mode="json")["created_at"]
    assert len(first["created_at"]) > len("2026-01-01 00:00")


def test_exports_replay_no_terminal_controls_and_are_private(tmp_path):
    hostile = EventDefinition(id="e1", name="x \x1b]52;c;aGk=\x1b\\ \x9b2J \u202egnp.exe\x00",
                              description="line one\nline two")
    store, keys = _store([hostile])
    folder = tmp_path / "exports"
    folder.mkdir(mode=0o755)
    for fmt in ("csv", "json"):
        path = export.export(DEFINITIONS, fmt, keys, store, folder)
        raw = path.read_bytes().decode("utf-8")
        assert not any(ch in raw for ch in ("\x1b", "\x9b", "\u202e", "\x00")), fmt
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    (csv_row,) = csv.DictReader((folder / next(p.name for p in folder.iterdir() if p.suffix == ".csv")).open())
    assert csv_row["name"].startswith("x ␛]52;c;aGk=␛\\") and csv_row["description"] == "line one\nline two"
    (json_obj,) = json.loads(next(p for p in folder.iterdir() if p.suffix == ".json").read_text())
    assert json_obj["name"] == hostile.name  # JSON escapes them, so the value itself is kept


def test_the_export_folder_is_made_private(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    folder = export.export_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
