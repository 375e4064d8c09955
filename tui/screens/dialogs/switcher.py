"""The `:` prompt: switch resource by name, alias or prefix; or project and profile."""

from __future__ import annotations

from tui.resources import switchable
from tui.screens.dialogs.picker import PickerScreen

PROJECT = "@project"
PROFILE = "@profile"


class SwitchScreen(PickerScreen):
    def __init__(self) -> None:
        options = [(f"{spec.title} ({spec.number}) {' '.join(spec.aliases)}", spec.id) for spec in switchable()]
        options += [("project: switch project", PROJECT), ("profile: switch profile", PROFILE)]
        super().__init__(":switch to", options, placeholder="definitions, schemas, dashboards, events, actions, project, profile")
