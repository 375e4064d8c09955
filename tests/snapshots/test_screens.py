"""Every explorer screen, fully loaded from the seeded demo (fixed clock), at 80x24 and 120x40.

The scenes are shared with `screenshots/generate.py`, so the README pictures are these screens.
Refresh after an intended change: `pytest tests/snapshots --snapshot-update`, then look at them.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.pilot import SCENES, make_app


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("scene", list(SCENES))
def test_screen(snap_compare, demo, monkeypatch, scene, size):
    # The console says how long its query took; a stopped clock makes that "0.0 s" every time.
    monkeypatch.setattr("tui.screens.console.time", SimpleNamespace(monotonic=lambda: 100.0))
    assert snap_compare(make_app(demo), terminal_size=size, run_before=SCENES[scene])
