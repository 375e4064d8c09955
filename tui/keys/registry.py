"""The key table: every key the app answers to, by stable id, widgets' keys included.

One table feeds the bindings of every screen and widget, the `?` help (for the focused widget
and its screen), the command palette and the user's keymap (`[keymap]` in the config file maps
an id to other keys). A key that is not here does not exist in the app.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.keys import REPLACED_KEYS, Keys

# Where a key is live: the app, a screen, or a widget. Screens and widgets name theirs in
# `KEY_SCOPES`; the help and the palette read the scopes along the focus chain.
SCOPE_TITLES = {
    "app": "Everywhere",
    "resource": "This list",
    "events": "Events",
    "detail": "This object",
    "dashboard": "This dashboard",
    "edit": "This form",
    "form": "This form",
    "rows": "Rows of this field",
    "user_field": "This person field",
    "table": "Moving in the list",
    "fields": "Moving in the fields",
    "tiles": "Moving between tiles",
    "filter": "The filter box",
    "bulk": "Bulk edit",
    "sharing": "Sharing",
    "notice": "This text",
    "picker": "This list",
    "people": "Picking a person",
    "confirm": "This question",
    "preview": "This change",
    "help": "Help",
    "filter_form": "These filters",
    "prompt": "This question",
    "login": "Logging in",
    "key_prompt": "The API key",
    "diff": "This diff",
    "changes": "The changes",
    "setup_apply": "Applying",
    "console": "The HogQL console",
    "triage": "Triage",
    "triage_describe": "The description",
    "triage_drift": "Schema drift",
}


@dataclass(frozen=True)
class KeyAction:
    id: str
    keys: str
    action: str
    description: str
    scope: str
    # The API scope object a write needs ("resource": the object of the screen's resource).
    writes: str | None = None
    show: bool = True
    palette: bool = True
    priority: bool = False
    key_display: str | None = None
    # A longer description for `?` help, where the footer's would be too terse.
    help: str | None = None
    # App keys that are printable belong to whatever has focus outside the browsing screens
    # (a form's switch or button must not quit on `q`).
    browse_only: bool = False


_A = KeyAction

REGISTRY: tuple[KeyAction, ...] = (
    # Everywhere.
    _A("app.quit", "q", "app.quit_browsing", "Quit", "app", browse_only=True),
    _A("app.quit_anywhere", "ctrl+q", "app.quit", "Quit (asks first if something is unsaved)", "app", show=False,
       priority=True, palette=False),
    _A("app.quit_ctrl_c", "ctrl+c", "app.quit", "Quit (asks first if something is unsaved)", "app", show=False,
       palette=False),
    _A("app.help", "question_mark", "app.help", "Help", "app", browse_only=True),
    _A("app.help_anywhere", "f1", "app.help_anywhere", "Help (also in forms, where ? is typed)", "app", show=False,
       palette=False),
    _A("app.switch", "colon", "app.switch_resource", "Switch resource", "app", show=False, browse_only=True),
    _A("app.goto.event_definitions", "1", "app.goto('event_definitions')", "Event definitions", "app", show=False,
       browse_only=True),
    _A("app.goto.property_groups", "2", "app.goto('property_groups')", "Event schemas", "app", show=False,
       browse_only=True),
    _A("app.goto.dashboards", "3", "app.goto('dashboards')", "Dashboards", "app", show=False, browse_only=True),
    _A("app.goto.events", "4", "app.goto('events')", "Events", "app", show=False, browse_only=True),
    _A("app.goto.actions", "5", "app.goto('actions')", "Actions", "app", show=False, browse_only=True),
    _A("app.console", "6", "app.open_console", "HogQL console", "app", show=False, browse_only=True),
    _A("app.triage", "7", "app.triage", "Triage", "app", show=False, browse_only=True,
       help="Triage: the event definitions that need work, queue by queue"),
    _A("app.theme", "ctrl+t", "app.toggle_theme", "Light/dark theme", "app", show=False),
    _A("app.project", "P", "app.switch_project", "Switch project", "app", show=False, browse_only=True),
    _A("app.profile", "alt+p", "app.switch_profile", "Switch profile", "app", show=False),
    # Any list of a resource.
    _A("resource.filter", "slash", "filter", "Filter", "resource"),
    _A("resource.back", "escape", "back", "Back / clear filter", "resource", show=False),
    _A("resource.refresh", "r", "refresh", "Refresh", "resource"),
    _A("resource.copy", "y", "copy_id", "Copy id/name", "resource", show=False),
    _A("resource.export", "ctrl+s", "export", "Export CSV/JSON", "resource", show=False),
    _A("resource.order", "o", "cycle_order", "Sort order", "resource", show=False),
    _A("resource.scope", "t", "cycle_scope", "Cycle type filter", "resource", show=False),
    _A("resource.more_filters", "f", "more_filters", "Filters", "resource", show=False),
    _A("resource.edit", "e", "edit", "Edit", "resource", writes="resource"),
    _A("resource.edit_external", "E", "edit_external", "Edit in $EDITOR", "resource", writes="resource", show=False),
    _A("resource.new", "n", "new", "New", "resource", writes="resource", show=False),
    _A("resource.delete", "d", "delete", "Delete/archive", "resource", writes="resource", show=False),
    _A("resource.archived", "A", "toggle_archived", "Archived (restore)", "resource", show=False),
    _A("resource.bulk", "b", "bulk", "Bulk edit marked", "resource", writes="resource", show=False),
    _A("resource.undo", "u", "undo", "Undo last write", "resource", writes="resource", show=False),
    _A("resource.related", "R", "related", "Related objects", "resource", show=False),
    _A("resource.tail", "T", "toggle_tail", "Live tail", "events", show=False),
    _A("resource.copy_to", "C", "copy_to", "Copy marked to…", "resource", show=False,
       help="Copy the marked objects (and what they need) to another project or profile"),
    # The filter box above a list.
    _A("filter.leave", "down", "leave", "Back to the list", "filter", show=False),
    # The rows of a list.
    _A("resource_table.cursor_down", "down,j", "cursor_down", "Down", "table", show=False),
    _A("resource_table.cursor_up", "up,k", "cursor_up", "Up", "table", show=False),
    _A("resource_table.cursor_first", "home,g", "cursor_first", "First row", "table", show=False),
    _A("resource_table.cursor_last", "end,G", "cursor_last", "Last row", "table", show=False),
    _A("resource_table.page_up", "pageup", "cursor_page_up", "Page up", "table", show=False),
    _A("resource_table.page_down", "pagedown", "cursor_page_down", "Page down", "table", show=False),
    _A("resource_table.half_page_up", "ctrl+u", "cursor_half_page_up", "Half page up", "table", show=False),
    _A("resource_table.half_page_down", "ctrl+d", "cursor_half_page_down", "Half page down", "table", show=False),
    _A("resource_table.toggle_mark", "space", "toggle_mark", "Mark / unmark the row", "table", show=False),
    _A("resource_table.mark_range", "v", "mark_range", "Mark a range (from the last mark)", "table", show=False),
    _A("resource_table.activate", "enter", "activate", "Open", "table", key_display="⏎"),
    # The fields of one object.
    _A("detail.back", "escape", "back", "Back", "detail", show=False),
    _A("detail.related", "R", "related", "Related objects", "detail"),
    _A("detail.edit", "e", "edit", "Edit", "detail", writes="resource"),
    _A("detail.edit_external", "E", "edit_external", "Edit in $EDITOR", "detail", writes="resource", show=False),
    _A("detail.copy", "y", "copy_id", "Copy the field's value", "detail", show=False),
    _A("detail.refresh", "r", "refresh", "Refresh", "detail", show=False),
    _A("detail.delete", "d", "delete", "Delete/archive", "detail", writes="resource", show=False),
    _A("detail.undo", "u", "undo", "Undo last write", "detail", writes="resource", show=False),
    _A("fields.down", "down,j", "cursor_down", "Next field", "fields", show=False),
    _A("fields.up", "up,k", "cursor_up", "Previous field", "fields", show=False),
    _A("fields.first", "home,g", "first", "First field", "fields", show=False),
    _A("fields.last", "end,G", "last", "Last field", "fields", show=False),
    _A("fields.page_up", "pageup", "page_up", "Page up", "fields", show=False),
    _A("fields.page_down", "pagedown", "page_down", "Page down", "fields", show=False),
    _A("fields.activate", "enter", "select", "Open (an event property: its recent values)", "fields", show=False),
    # A dashboard's tiles.
    _A("dashboard.back", "escape", "back", "Back (asks before dropping an unsaved order)", "dashboard", show=False),
    _A("dashboard.save_order", "ctrl+s", "save_order", "Save order", "dashboard", writes="dashboard",
       help="Save the tile order (reorder_tiles)"),
    _A("dashboard.layout", "L", "cycle_layout", "Layout mode", "dashboard", show=False),
    _A("dashboard.copy_tile", "c", "copy_tile", "Copy to…", "dashboard", writes="dashboard",
       help="Copy the tile to another dashboard"),
    _A("dashboard.move_tile", "m", "move_tile", "Move to…", "dashboard", writes="dashboard",
       help="Move the tile to another dashboard"),
    _A("dashboard.sharing", "s", "sharing", "Sharing", "dashboard"),
    _A("dashboard.snapshot", "N", "snapshot", "Snapshot and analyse", "dashboard", show=False,
       help="Snapshot and analyse what changed (older servers only; current PostHog has no snapshots)"),
    _A("dashboard.add_text", "a", "add_text", "Add text", "dashboard", writes="dashboard", show=False,
       help="Add a text tile (markdown)"),
    _A("dashboard.edit_tile", "e", "edit_tile", "Edit text", "dashboard", writes="dashboard",
       help="Edit the selected text tile (E edits the dashboard itself)"),
    _A("dashboard.remove_tile", "x", "remove_tile", "Remove tile", "dashboard", writes="dashboard", show=False,
       help="Remove the selected tile (any kind; u puts it back)"),
    _A("dashboard.compute", "C", "compute", "Compute results", "dashboard", show=False,
       help="Compute the insight results not computed yet (run_insights refresh=blocking)"),
    _A("dashboard.edit", "E", "edit", "Edit dashboard", "dashboard", writes="dashboard", show=False,
       help="Edit this dashboard's name, description and tags (e edits a text tile)"),
    _A("dashboard.undo", "u", "undo", "Undo last write", "dashboard", writes="dashboard", show=False),
    _A("dashboard.refresh", "r", "refresh", "Refresh", "dashboard", show=False),
    _A("tile_board.up", "up,k", "select_direction('up')", "Tile above", "tiles", show=False),
    _A("tile_board.down", "down,j", "select_direction('down')", "Tile below", "tiles", show=False),
    _A("tile_board.left", "left,h", "select_direction('left')", "Tile to the left", "tiles", show=False),
    _A("tile_board.right", "right,l", "select_direction('right')", "Tile to the right", "tiles", show=False),
    _A("tile_board.move_down", "J", "move_tile(1)", "Later", "tiles", key_display="J", help="Move the tile later"),
    _A("tile_board.move_up", "K", "move_tile(-1)", "Earlier", "tiles", key_display="K",
       help="Move the tile earlier"),
    _A("tile_board.activate", "enter", "activate", "Open", "tiles", key_display="⏎", help="Open the tile"),
    # The edit form.
    _A("edit.back", "escape", "leave", "Back (asks before dropping changes)", "edit"),
    _A("edit_form.submit", "ctrl+s", "submit", "Save (preview first)", "form", writes="resource"),
    _A("user_field.pick", "ctrl+o", "pick_person", "Pick by name", "user_field",
       help="Pick the person by name or email (or no owner) instead of typing an id"),
    _A("rows_editor.add_row", "ctrl+n", "add_row", "Add a row", "rows", priority=True),
    _A("rows_editor.remove_row", "ctrl+x", "remove_row", "Remove this row", "rows", priority=True),
    _A("rows_editor.move_up", "alt+up", "move_row(-1)", "Move this row up", "rows", priority=True),
    _A("rows_editor.move_down", "alt+down", "move_row(1)", "Move this row down", "rows", priority=True),
    # A bulk edit's progress and report.
    _A("bulk.close", "escape", "close", "Close", "bulk"),
    # A dashboard's sharing.
    _A("sharing.toggle", "space", "toggle_enabled", "Sharing on/off", "sharing", writes="sharing_configuration"),
    _A("sharing.rotate", "r", "rotate", "New link (rotate token)", "sharing", writes="sharing_configuration"),
    _A("sharing.require_password", "p", "toggle_password", "Password on/off", "sharing",
       writes="sharing_configuration"),
    _A("sharing.new_password", "n", "new_password", "New password", "sharing", writes="sharing_configuration"),
    _A("sharing.delete_password", "d", "delete_password", "Delete password", "sharing",
       writes="sharing_configuration"),
    _A("sharing.copy_link", "y", "copy_link", "Copy link", "sharing"),
    _A("sharing.close", "escape", "close", "Close", "sharing"),
    # A text shown once (a new password) or a long answer (an analysis).
    _A("notice.copy", "c", "copy", "Copy", "notice"),
    _A("notice.close", "escape,enter", "close", "Close", "notice"),
    # `:diff`: two sides compared, and the changes between them.
    _A("diff.back", "escape", "back", "Back", "diff", show=False),
    _A("diff.apply", "a", "apply", "Apply included", "diff", help="Apply the included changes to the target"),
    _A("diff.edit", "e", "edit_plan", "Edit as YAML", "diff", help="Open the included changes as YAML in $EDITOR"),
    _A("diff.swap", "x", "swap", "Swap sides", "diff"),
    _A("diff.refresh", "r", "refresh", "Refresh", "diff", show=False),
    _A("change_tree.down", "down,j", "cursor_down", "Down", "changes", show=False),
    _A("change_tree.up", "up,k", "cursor_up", "Up", "changes", show=False),
    _A("change_tree.first", "home,g", "first", "First line", "changes", show=False),
    _A("change_tree.last", "end,G", "last", "Last line", "changes", show=False),
    _A("change_tree.include", "space", "include", "Include/exclude", "changes",
       help="Include or exclude the change (on a kind: all of its changes)"),
    _A("change_tree.open", "enter", "select_cursor", "Fields", "changes", key_display="⏎",
       help="Show the change field by field (on a kind: fold or unfold it)"),
    _A("setup_apply.close", "escape", "close", "Close", "setup_apply"),
    # `:sql`: the HogQL console (printable keys are the editor's; these are not).
    _A("console.run", "ctrl+r,ctrl+enter", "run", "Run", "console", priority=True,
       help="Run the query (a new run cancels the one still running)"),
    _A("console.back", "escape", "back", "Cancel / back", "console",
       help="Cancel the running query; when none runs, back (the text stays for next time)"),
    _A("console.older", "ctrl+up,alt+up", "history(-1)", "Older query", "console", show=False, priority=True,
       help="The query run before the one shown (history)"),
    _A("console.newer", "ctrl+down,alt+down", "history(1)", "Newer query", "console", show=False, priority=True,
       help="The query run after the one shown, then back to what you were typing"),
    _A("console.complete", "ctrl+n", "complete", "Complete", "console", show=False, priority=True,
       help="Complete the name before the cursor: tables, columns, keywords, the project's event names"),
    _A("console.focus", "ctrl+o", "switch_focus", "Editor/results", "console",
       help="Move between the editor and the results (tab does too)"),
    _A("console.filter", "slash", "filter", "Filter results", "console", show=False,
       help="Filter the results as you type (in the results)"),
    _A("console.copy", "y", "copy_row", "Copy row", "console", show=False,
       help="Copy the row under the cursor, tab-separated (in the results)"),
    _A("console.export", "ctrl+s", "export", "Export", "console", help="Export the results shown as CSV or JSON"),
    # `:triage`: each key acts on the current row of the queue, then the cursor is on the next one.
    _A("triage.describe", "d", "describe", "Describe", "triage", writes="event_definition",
       help="Describe the event in place (enter saves, esc leaves)"),
    # Priority: `v` marks a range in other lists; here it verifies.
    _A("triage.verify", "v", "verify", "Verify", "triage", writes="event_definition", priority=True,
       help="Verify the event (again: unverify)"),
    _A("triage.hide", "h", "hide", "Hide", "triage", writes="event_definition",
       help="Hide the event, after showing where it is used (again: unhide)"),
    _A("triage.tag", "t", "tag", "Tag", "triage", writes="event_definition", help="Add a tag to the event"),
    _A("triage.delete", "x", "delete", "Delete", "triage", writes="event_definition",
       help="Delete the event definition (or the marked ones, the count typed), after showing where it is used"),
    _A("triage.merge", "m", "merge", "Merge", "triage", writes="event_definition",
       help="Merge the near-duplicate names: an action matching them all, the best description and tags on the "
            "name you pick, the others hidden (nothing deleted)"),
    _A("triage.owner", "o", "owner", "Owner", "triage", writes="event_definition", show=False,
       help="Set the owner: pick a person by name or email (or no owner)"),
    _A("triage.edit_document", "E", "edit_document", "Edit as YAML", "triage", writes="event_definition",
       help="The marked definitions (or the whole queue) as one YAML document in $EDITOR; one undo step"),
    _A("triage.drift", "D", "drift", "Schema drift", "triage", show=False,
       help="Recent events of this name against its schema: presence, types, required but missing"),
    _A("triage.snooze", "s", "snooze", "Snooze", "triage",
       help="Leave the event out of every queue for 30 days (kept per project on this computer)"),
    _A("triage.undo", "u", "undo", "Undo", "triage", writes="event_definition", show=False,
       help="Undo the last write of this session"),
    _A("triage.related", "R", "related", "Where used", "triage",
       help="The actions, saved insights and schema that name the event"),
    _A("triage.refresh", "r", "refresh", "Refresh", "triage", show=False,
       help="Read the definitions and volumes again"),
    _A("triage.back", "escape", "back", "Back", "triage", show=False),
    _A("triage_describe.cancel", "escape", "cancel", "Leave without saving", "triage_describe"),
    # Schema drift (`D` in triage): the fixes write the row's property group (its whole property list).
    _A("triage_drift.add", "a", "add_property", "Add to schema", "triage_drift", writes="event_definition",
       help="Add the property (a frequent one the schema lacks) to the property group: optional, of the type "
            "that arrives"),
    _A("triage_drift.optional", "o", "make_optional", "Mark optional", "triage_drift", writes="event_definition",
       help="Mark the required property optional in its property group"),
    _A("triage_drift.undo", "u", "undo", "Undo", "triage_drift", writes="event_definition", show=False,
       help="Undo the last write of this session (a fix here: the group's previous property list)"),
    _A("triage_drift.refresh", "r", "refresh", "Sample again", "triage_drift", show=False,
       help="Sample the recent events again and read the property groups again"),
    _A("triage_drift.back", "escape", "back", "Back", "triage_drift", show=False),
    # Dialogs.
    _A("picker.cancel", "escape", "cancel", "Cancel", "picker"),
    _A("picker.down", "down", "move(1)", "Next", "picker", show=False),
    _A("picker.up", "up", "move(-1)", "Previous", "picker", show=False),
    _A("picker.complete", "tab", "complete", "Complete the name", "picker", show=False),
    _A("people.cancel", "escape", "cancel", "Back (nothing changes)", "people"),
    _A("people.down", "down,j", "move(1)", "Next", "people", show=False,
       help="Next person (j once the list has focus: tab)"),
    _A("people.up", "up,k", "move(-1)", "Previous", "people", show=False,
       help="Previous person (k once the list has focus: tab)"),
    _A("people.switch_focus", "tab", "switch_focus", "Filter/list", "people",
       help="Move between the filter and the list"),
    _A("people.filter", "slash", "filter", "Filter", "people", show=False, help="Back to the filter (from the list)"),
    _A("confirm.yes", "y", "answer(True)", "Yes", "confirm"),
    _A("confirm.no", "n", "answer(False)", "No", "confirm"),
    _A("confirm.cancel", "escape", "answer(False)", "Cancel", "confirm", show=False),
    # Priority so that y/enter confirm even while the table (which binds enter) has focus.
    _A("change_preview.confirm", "y", "confirm", "Send it", "preview", priority=True),
    _A("change_preview.confirm_enter", "enter", "confirm", "Send it", "preview", show=False, priority=True),
    _A("change_preview.confirm_always", "a", "confirm_always", "Send it, and stop previewing quick edits here",
       "preview", priority=True),
    _A("change_preview.cancel", "n", "cancel", "Cancel", "preview", priority=True),
    _A("change_preview.cancel_escape", "escape", "cancel", "Cancel", "preview", show=False, priority=True),
    _A("change_preview.down", "down,j", "scroll(1)", "Scroll down", "preview", show=False),
    _A("change_preview.up", "up,k", "scroll(-1)", "Scroll up", "preview", show=False),
    _A("help.close", "escape,q,question_mark,f1", "dismiss", "Close", "help"),
    _A("help.down", "j,down", "scroll(1)", "Scroll down", "help", show=False),
    _A("help.up", "k,up", "scroll(-1)", "Scroll up", "help", show=False),
    _A("filter_form.cancel", "escape", "cancel", "Cancel", "filter_form"),
    _A("prompt.cancel", "escape", "cancel", "Cancel", "prompt"),
    _A("login.back", "escape", "back", "Back", "login"),
    _A("key_prompt.cancel", "escape", "cancel", "Cancel", "key_prompt"),
)

_BY_ID = {a.id: a for a in REGISTRY}


def get(action_id: str) -> KeyAction:
    return _BY_ID[action_id]


def for_scopes(*scopes: str) -> list[KeyAction]:
    return [a for a in REGISTRY if a.scope in scopes]


def bindings(*scopes: str) -> list[BindingType]:
    return [
        Binding(a.keys, a.action, a.description, show=a.show, id=a.id, priority=a.priority,
                key_display=a.key_display, tooltip=a.help or "")
        for a in for_scopes(*scopes)
    ]


def action_name(action: KeyAction) -> str:
    """The method a binding runs, without its namespace and arguments (`goto`, `cursor_down`)."""
    return action.action.removeprefix("app.").split("(")[0]


def writes_by_action(scopes: tuple[str, ...]) -> dict[str, KeyAction]:
    """The write keys of these scopes by action name, for screens deciding what to grey out."""
    return {action_name(a): a for a in for_scopes(*scopes) if a.writes}


_MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")
# Key names without modifiers ("f5", "pageup", "escape"), from Textual's own table.
_NAMED_KEYS = frozenset(k.value.rpartition("+")[2] for k in Keys if not k.value.startswith("<"))


def normalize_key(key: str) -> str:
    """A key as people write it ("F5", "Ctrl+S") as Textual names it ("f5", "ctrl+s"); single
    characters keep their case, since "R" and "r" are different keys (Textual names them)."""
    key = key.strip()
    return key if len(key) == 1 else key.lower()


def key_problem(key: str) -> str | None:
    """Why a key string cannot be bound, or None when it can."""
    key = key.strip()
    if not key:
        return "an empty key"
    if len(key) == 1:
        return None if key.isprintable() and not key.isspace() else f"{key!r} is not a key"
    *mods, last = key.lower().split("+")
    bad = [m for m in mods if m not in _MODIFIERS]
    if bad:
        return f"{key!r}: unknown modifier {bad[0]!r} (use ctrl, alt or shift)"
    if len(last) == 1 or last in _NAMED_KEYS or _is_character_name(last):
        return None
    return f"{key!r}: unknown key {last!r}"


def _is_character_name(name: str) -> bool:
    """Textual names punctuation after its Unicode name: `question_mark`, `full_stop`."""
    try:
        unicodedata.lookup(REPLACED_KEYS.get(name, name).replace("_", " "))
    except KeyError:
        return False
    return True


def normalize_keymap(keymap: dict[str, str]) -> dict[str, str]:
    return {action_id: ",".join(normalize_key(k) for k in keys.split(",")) for action_id, keys in keymap.items()}


def keymap_problems(keymap: dict[str, str]) -> list[str]:
    """Everything wrong with a `[keymap]` table: ids that name no key, key strings that are not keys."""
    problems = [f"unknown id {action_id!r}" for action_id in sorted(set(keymap) - set(_BY_ID))]
    for action_id, keys in keymap.items():
        for key in keys.split(","):
            problem = key_problem(key)
            if problem:
                problems.append(f"{action_id}: {problem}")
    return problems


def key_label(keymap: dict[str, str], action: KeyAction, *, every: bool = False) -> str:
    """The key that runs an action now (after the user's keymap), as a person reads it; with
    `every`, all its keys (help lists `j ↓`, the palette one key)."""
    if action.key_display and action.id not in keymap:
        return action.key_display
    keys = keymap.get(action.id, action.keys).split(",")
    return " ".join(_READABLE.get(k, k) for k in (keys if every else keys[:1]))


_READABLE = {
    "question_mark": "?", "slash": "/", "colon": ":", "escape": "esc", "enter": "⏎", "space": "space",
    "down": "↓", "up": "↑", "left": "←", "right": "→", "pageup": "pgup", "pagedown": "pgdn",
}
