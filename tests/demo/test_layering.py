"""The demo backend stands alone: it must not lean on the client it is there to test."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import tui.demo, tui.demo.routes_query, tui.demo.query_run
print(",".join(sorted(m for m in sys.modules if m == "tui.api" or m.startswith(("tui.api.", "textual")))))
"""


def test_importing_the_demo_loads_neither_the_api_client_nor_textual():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=30, check=True)
    assert result.stdout.strip() == ""
