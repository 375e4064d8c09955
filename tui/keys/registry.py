"""The action registry: every key the app answers to, by stable id.

One table feeds the key bindings of each screen, the `?` help, the command palette and
the user's keymap (`[keymap]` in the config file maps an id to other keys).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class AppAction:
    id: str
    key: str
    action: str
    description: str
    scope: str
    writes: bool = False
    show: bool = True
    palette: bool = True
    priority: bool = False


_A = AppAction

REGISTRY: tuple[AppAction, ...] = (
    # Everywhere.
    _A("app.quit", "q", "app.quit", "Quit", "app"),
    _A("app.help", "question_mark,f1", "app.help", "Help", "app"),
    _A("app.switch", "colon", "app.switch_resource", "Switch resource", "app", show=False),
    _A("app.goto.event_definitions", "1", "app.goto('event_definitions')", "Event definitions", "app", show=False),
    _A("app.goto.property_groups", "2", "app.goto('property_groups')", "Event schemas", "app", show=False),
    _A("app.goto.dashboards", "3", "app.goto('dashboards')", "Dashboards", "app", show=False),
    _A("app.goto.events", "4", "app.goto('events')", "Events", "app", show=False),
    _A("app.goto.actions", "5", "app.goto('actions')", "Actions", "app", show=False),
    _A("app.theme", "ctrl+t", "app.toggle_theme", "Light/dark theme", "app", show=False),
    _A("app.project", "P", "app.switch_project", "Switch project", "app", show=False),
    _A("app.profile", "alt+p", "app.switch_profile", "Switch profile", "app", show=False),
    # Any list of a resource.
    _A("resource.open", "enter", "open", "Open", "resource", show=False),
    _A("resource.filter", "slash", "filter", "Filter", "resource"),
    _A("resource.back", "escape", "back", "Back / clear filter", "resource", show=False),
    _A("resource.refresh", "r", "refresh", "Refresh", "resource"),
    _A("resource.copy", "y", "copy_id", "Copy id/name", "resource", show=False),
    _A("resource.export", "ctrl+s", "export", "Export CSV/JSON", "resource", show=False),
    _A("resource.order", "o", "cycle_order", "Sort order", "resource", show=False),
    _A("resource.scope", "t", "cycle_scope", "Cycle type filter", "resource", show=False),
    _A("resource.more_filters", "f", "more_filters", "Filters", "resource", show=False),
    _A("resource.edit", "e", "edit", "Edit", "resource", writes=True),
    _A("resource.edit_external", "E", "edit_external", "Edit in $EDITOR", "resource", writes=True, show=False),
    _A("resource.new", "n", "new", "New", "resource", writes=True, show=False),
    _A("resource.delete", "d", "delete", "Delete/archive", "resource", writes=True, show=False),
    _A("resource.archived", "A", "toggle_archived", "Show archived", "resource", show=False),
    _A("resource.bulk", "b", "bulk", "Bulk edit marked", "resource", writes=True, show=False),
    _A("resource.undo", "u", "undo", "Undo last write", "resource", writes=True, show=False),
    _A("resource.related", "R", "related", "Related objects", "resource", show=False),
    _A("resource.tail", "T", "toggle_tail", "Live tail", "events", show=False),
    # A single object.
    _A("detail.back", "escape", "back", "Back", "detail", show=False),
    _A("detail.related", "R", "related", "Related objects", "detail"),
    _A("detail.edit", "e", "edit", "Edit", "detail", writes=True),
    _A("detail.edit_external", "E", "edit_external", "Edit in $EDITOR", "detail", writes=True, show=False),
    _A("detail.copy", "y", "copy_id", "Copy id/name", "detail", show=False),
    _A("detail.refresh", "r", "refresh", "Refresh", "detail", show=False),
    _A("detail.delete", "d", "delete", "Delete/archive", "detail", writes=True, show=False),
    _A("detail.undo", "u", "undo", "Undo last write", "detail", writes=True, show=False),
    # A dashboard's tiles.
    _A("dashboard.back", "escape", "back", "Back", "dashboard", show=False),
    _A("dashboard.save_order", "ctrl+s", "save_order", "Save tile order", "dashboard", writes=True),
    _A("dashboard.layout", "L", "cycle_layout", "Layout mode", "dashboard", show=False),
    _A("dashboard.copy_tile", "c", "copy_tile", "Copy tile to…", "dashboard", writes=True),
    _A("dashboard.move_tile", "m", "move_tile", "Move tile to…", "dashboard", writes=True),
    _A("dashboard.sharing", "s", "sharing", "Sharing", "dashboard"),
    _A("dashboard.snapshot", "N", "snapshot", "Snapshot and analyse", "dashboard", show=False),
    _A("dashboard.edit", "e", "edit", "Edit dashboard", "dashboard", writes=True, show=False),
    _A("dashboard.refresh", "r", "refresh", "Refresh", "dashboard", show=False),
    # The edit form (ctrl+s saves: the form's own binding).
    _A("edit.back", "escape", "leave", "Back (asks before dropping changes)", "edit"),
    # A bulk edit's progress and report.
    _A("bulk.close", "escape", "close", "Close", "bulk"),
    # A dashboard's sharing.
    _A("sharing.toggle", "space", "toggle_enabled", "Sharing on/off", "sharing", writes=True),
    _A("sharing.rotate", "r", "rotate", "New link (rotate token)", "sharing", writes=True),
    _A("sharing.require_password", "p", "toggle_password", "Password on/off", "sharing", writes=True),
    _A("sharing.new_password", "n", "new_password", "New password", "sharing", writes=True),
    _A("sharing.delete_password", "d", "delete_password", "Delete password", "sharing", writes=True),
    _A("sharing.copy_link", "y", "copy_link", "Copy link", "sharing"),
    _A("sharing.close", "escape", "close", "Close", "sharing"),
    # A text shown once (a new password) or a long answer (an analysis).
    _A("notice.copy", "c", "copy", "Copy", "notice"),
    _A("notice.close", "escape,enter", "close", "Close", "notice"),
)

_BY_ID = {a.id: a for a in REGISTRY}


def get(action_id: str) -> AppAction:
    return _BY_ID[action_id]


def for_scopes(*scopes: str) -> list[AppAction]:
    return [a for a in REGISTRY if a.scope in scopes]


def bindings(*scopes: str) -> list[Binding]:
    return [
        Binding(a.key, a.action, a.description, show=a.show, id=a.id, priority=a.priority)
        for a in for_scopes(*scopes)
    ]


def normalize_keymap(keymap: dict[str, str]) -> dict[str, str]:
    """Key names as people write them ("F5", "Ctrl+S") as Textual names them ("f5", "ctrl+s");
    single characters keep their case, since "R" and "r" are different keys."""
    return {
        action_id: ",".join(k.strip() if len(k.strip()) == 1 else k.strip().lower() for k in keys.split(","))
        for action_id, keys in keymap.items()
    }


def unknown_ids(keymap: dict[str, str]) -> list[str]:
    """Keymap entries that name no action, so the user hears about a typo."""
    return sorted(set(keymap) - set(_BY_ID))
