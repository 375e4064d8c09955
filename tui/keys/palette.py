"""Which keys are live where you are, for the `?` help and the command palette."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from tui.keys import registry
from tui.keys.registry import KeyAction


def scopes_here(screen: Any) -> Iterator[tuple[DOMNode, str]]:
    """(node, scope) along the focus chain: the focused widget and its containers, the screen,
    then the app. Each key scope appears once, at the node nearest the focus."""
    seen: set[str] = set()
    focused = screen.focused
    nodes = list(focused.ancestors_with_self) if focused is not None else [screen, screen.app]
    if screen not in nodes:
        nodes += [screen, screen.app]
    for node in nodes:
        for scope in getattr(node, "KEY_SCOPES", ()):
            if scope not in seen:
                seen.add(scope)
                yield node, scope
    if "app" not in seen:
        yield screen.app, "app"


def valid_on(node: Any, action: KeyAction, screen: Any) -> bool:
    """Whether an action does something on `node` of `screen` now (its `check_action` decides;
    the app's printable keys work only on the browsing screens)."""
    if action.browse_only:
        return bool(getattr(screen, "BROWSING", False))
    check = getattr(node, "check_action", None)
    return check is None or check(registry.action_name(action), ()) is not False


def live_keys(screen: Any) -> Iterator[tuple[DOMNode, str, list[KeyAction]]]:
    """The keys that work on `screen`, grouped by scope: the screen's own first, then those of
    the focused widget and its containers, then the app's."""
    here = list(scopes_here(screen))
    here.sort(key=lambda pair: 0 if pair[0] is screen else 2 if pair[0] is screen.app else 1)
    for node, scope in here:
        actions = [a for a in registry.for_scopes(scope) if valid_on(node, a, screen)]
        if actions:
            yield node, scope, actions


class ActionCommands(Provider):
    """Every key that works on the current screen, by its description (and its key)."""

    def _candidates(self) -> Iterator[tuple[str, Any, str]]:
        keymap = getattr(self.app, "user_keymap", {})
        read_only = getattr(self.app, "read_only", False)
        for node, _scope, actions in live_keys(self.screen):
            for action in actions:
                if action.palette and not (action.writes and read_only):
                    runner = partial(node.run_action, registry.action_name(action) + _arguments(action))
                    yield f"{action.description} ({registry.key_label(keymap, action)})", runner, action.id

    async def discover(self) -> Hits:
        for text, runner, help_text in self._candidates():
            yield DiscoveryHit(text, runner, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, runner, help_text in self._candidates():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), runner, help=help_text)


def _arguments(action: KeyAction) -> str:
    _, paren, rest = action.action.partition("(")
    return paren + rest
