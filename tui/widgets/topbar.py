"""The one-line bar on top of every screen: where you are, and which project you are touching."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui.text import safe


class TopBar(Static):
    def __init__(self, heading: str) -> None:
        super().__init__(id="topbar")
        self.heading = heading

    def on_mount(self) -> None:
        self.refresh_text()

    def refresh_text(self, heading: str | None = None) -> None:
        if heading is not None:
            self.heading = heading
        self.update(Content(safe(f"posthog-tui · {self.heading} · {self.app.chrome_text()}")))
        # A protected profile gets a banner colour so nobody forgets it is production.
        self.set_class(self.app.protected, "-protected")
