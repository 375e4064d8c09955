"""The API layer must load without the UI toolkit (it is used by the CLI and the demo tools)."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
import {module}
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(loaded))
"""


@pytest.mark.parametrize("module", ["tui.api", "tui.api.client", "tui.api.models", "tui.api.errors"])
def test_importing_the_api_layer_loads_no_textual(module):
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)], capture_output=True, text=True, timeout=30, check=True
    )
    assert result.stdout.strip() == ""


def test_package_import_is_lazy():
    probe = "import sys, tui.api; print(any(m.startswith(('httpx', 'pydantic')) for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30, check=True)
    assert result.stdout.strip() == "False"
