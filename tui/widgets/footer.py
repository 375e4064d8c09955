"""The footer of key bindings, rebuilt only when the keys it would show change."""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer, less the rebuilds that would show the very same keys.

    Textual rebuilds its footer on every change of focus (twice: at once and after the next
    refresh) and on every suspend and resume of the screen, whether the keys changed or not. A
    rebuild makes every key a new widget, all mounted in one event-loop turn: 25-45 ms for the
    triage's 13 keys, six times while that screen opened and loaded its definitions.
    """

    _shown: Any = None

    def _keys(self) -> Any:
        """Everything `compose` reads: the bindings shown, with their state and how their keys are written."""
        app = self.app
        bindings = self.screen.active_bindings
        return (
            self._bindings_ready,
            self.show_command_palette and app.ENABLE_COMMAND_PALETTE,
            tuple(
                (key, binding.key, app.get_key_display(binding), binding.description, binding.tooltip,
                 binding.action, binding.group, enabled, tooltip)
                for key, (_, binding, enabled, tooltip) in bindings.items()
                if binding.show or key == app.COMMAND_PALETTE_BINDING
            ),
        )

    async def recompose(self) -> None:
        keys = self._keys()
        if keys == self._shown and self.children:
            return
        self._shown = keys
        await super().recompose()
