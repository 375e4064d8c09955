"""Command palette provider: every registered action valid on the current screen."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.keys import registry as actions


def _scopes(screen) -> tuple[str, ...]:
    return ("app", *getattr(screen, "ACTION_SCOPES", ()))


def key_label(app, action: actions.AppAction) -> str:
    """The key that runs an action now, after the user's keymap."""
    keys = getattr(app, "user_keymap", {}).get(action.id, action.key)
    return keys.split(",")[0].replace("question_mark", "?").replace("slash", "/").replace("colon", ":").replace("escape", "esc")


def valid_here(screen, action: actions.AppAction) -> bool:
    """Whether an action does something on this screen (the screen's `check_action` decides)."""
    if action.scope == "app":
        return True
    check = getattr(screen, "check_action", None)
    return check is None or check(action.action.split("(")[0], ()) is not False


class ActionCommands(Provider):
    def _candidates(self):
        screen = self.screen
        read_only = getattr(self.app, "read_only", False)
        for action in actions.for_scopes(*_scopes(screen)):
            if not action.palette or (action.writes and read_only) or not valid_here(screen, action):
                continue
            target = self.app if action.scope == "app" else screen
            name = action.action.removeprefix("app.")
            runner = partial(target.run_action, name)
            yield f"{action.description} ({key_label(self.app, action)})", runner, action.id

    async def discover(self) -> Hits:
        for text, runner, help_text in self._candidates():
            yield DiscoveryHit(text, runner, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, runner, help_text in self._candidates():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), runner, help=help_text)
