"""The `:` prompt: switch to another resource by name, alias or prefix."""

from __future__ import annotations

from tui.resources import switchable
from tui.screens.picker import PickerScreen


class SwitchScreen(PickerScreen):
    def __init__(self) -> None:
        options = [(f"{spec.title} ({spec.number}) {' '.join(spec.aliases)}", spec.id) for spec in switchable()]
        super().__init__(":switch to", options, placeholder="definitions, schemas, dashboards, events, actions")
