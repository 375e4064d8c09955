"""The setup package is shared by the command line and the app: it must load without the UI toolkit."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import tui.setup.apply, tui.setup.render, tui.setup.schema, tui.setup.sides, tui.cli.setup_apply, tui.cli.setup_file
print(",".join(sorted(m for m in sys.modules if m == "textual" or m.startswith(("textual.", "rich.")))))
"""


def test_importing_the_setup_package_and_its_commands_loads_no_textual():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=30, check=True)
    assert result.stdout.strip() == ""
