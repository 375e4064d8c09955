"""Every explorer screen, fully loaded from the seeded demo (fixed clock), at 80x24 and 120x40.

The scenes are shared with `screenshots/generate.py`, so the README pictures are these screens.
Refresh after an intended change: `pytest tests/snapshots --snapshot-update`, then look at them.
"""

from __future__ import annotations

import pytest

from tests.pilot import SCENES, make_app


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("scene", list(SCENES))
def test_screen(snap_compare, demo, scene, size):
    assert snap_compare(make_app(demo), terminal_size=size, run_before=SCENES[scene])
