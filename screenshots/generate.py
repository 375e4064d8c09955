"""Regenerate the README screenshots from the real app, headless, against a seeded demo server.

    .venv/bin/python screenshots/generate.py            # every screenshot
    .venv/bin/python screenshots/generate.py help       # only the scenes named

The scenes are the ones the snapshot tests check (tests/pilot.py), on a demo server with a
fixed clock, so the pictures only change when the app does.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `tests.pilot` from a plain script run

from tests.pilot import SCENES, make_app  # noqa: E402
from tui.demo import DemoOptions, DemoServer  # noqa: E402

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

# (file stem, scene, terminal size)
SHOTS: tuple[tuple[str, str, tuple[int, int]], ...] = (
    ("definitions-120x40", "definitions", (120, 40)),
    ("definitions-80x24", "definitions", (80, 24)),
    ("property-groups-120x40", "property-groups", (120, 40)),
    ("dashboards-120x40", "dashboards", (120, 40)),
    ("dashboard-120x40", "dashboard", (120, 40)),
    ("dashboard-80x24", "dashboard", (80, 24)),
    ("dashboard-kinds-120x40", "dashboard-kinds", (120, 40)),
    ("events-120x40", "events", (120, 40)),
    ("actions-120x40", "actions", (120, 40)),
    ("detail-120x40", "detail", (120, 40)),
    ("help-120x40", "help", (120, 40)),
    ("edit-80x24", "edit", (80, 24)),
    ("preview-120x40", "preview", (120, 40)),
    ("diff-120x40", "diff", (120, 40)),
    ("console-120x40", "console", (120, 40)),
    ("triage-120x40", "triage", (120, 40)),
    ("triage-80x24", "triage", (80, 24)),
    ("triage-drift-120x40", "triage-drift", (120, 40)),
)


async def shoot(server: DemoServer, scene: str, size: tuple[int, int]) -> str:
    app = make_app(server)
    async with app.run_test(size=size) as pilot:
        await SCENES[scene](pilot)
        return app.export_screenshot(title="posthog-tui")


def browser_shot() -> None:
    """`posthog-tui serve --demo` in headless Chromium (the browser test's own run)."""
    from tests.e2e import browser

    if not browser.available():
        print("screenshots/browser-demo.png skipped: Chromium is not installed")
        return
    seen = browser.visit(until="loaded")
    (HERE / "browser-demo.png").write_bytes(seen.screenshot)
    print("screenshots/browser-demo.png")


async def main(only: set[str]) -> None:
    with DemoServer(DemoOptions(now=NOW)) as server:
        for stem, scene, size in SHOTS:
            if only and scene not in only and stem not in only:
                continue
            svg = await shoot(server, scene, size)
            if server.api_key in svg:
                raise SystemExit(f"{stem}: the API key is on screen; not writing it")
            (HERE / f"{stem}.svg").write_text(svg, encoding="utf-8")
            print(f"screenshots/{stem}.svg")


if __name__ == "__main__":
    names = set(sys.argv[1:])
    if not names or names - {"browser"}:
        asyncio.run(main(names - {"browser"}))
    if not names or "browser" in names:
        browser_shot()
