"""`:diff`: this project's setup compared with another side (a project, a profile, a setup file).

The changes show as a tree by kind; `enter` shows one field by field, `space` includes or excludes
it (on a kind: all of its changes), `a` applies the included ones with the same job as
`posthog-tui apply` (progress, report, journal), `e` opens them as YAML in `$EDITOR` and plans
again with what was saved, `x` swaps the sides. In any list, `C` opens this screen for the
marked objects and what they need, with the project to copy them to as the target.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static, Tree

from tui.keys import registry
from tui.screens.worker_errors import ReportWorkerErrors
from tui.settings.locations import styles_dir
from tui.setup import render
from tui.setup.kinds import BY_ID, KINDS
from tui.setup.ops import build_ops
from tui.setup.plan import Change, Plan
from tui.text import one_line, safe
from tui.widgets.topbar import TopBar

_STYLES = {"create": "green", "update": "yellow", "delete": "red", "archive": "red"}
# Kinds with more changes than this start folded.
_UNFOLDED = 100


@dataclass(frozen=True)
class Place:
    """One side: this project, another project of this account, a profile, or a setup file."""

    kind: str
    label: str
    project: int | None = None
    profile: str | None = None
    path: str | None = None


HERE = Place("current", "this project")


@dataclass
class Party:
    """A side opened: its setup (a file's) or its client, and the gate a write there passes."""

    place: Place
    client: Any = None
    gate: Any = None  # a SideGate; None for this project, whose writes pass the app's own gate
    label: str = ""


class ChangeTree(Tree):
    """The changes by kind; only the keys of the table (no inherited ones)."""

    inherit_bindings = False
    KEY_SCOPES = ("changes",)
    BINDINGS = registry.bindings(*KEY_SCOPES)

    def action_include(self) -> None:
        node, screen = self.cursor_node, self.screen
        if node is not None and isinstance(screen, DiffScreen):
            screen.toggle(node)

    def action_first(self) -> None:
        self.move_cursor(self.get_node_at_line(0))

    def action_last(self) -> None:
        self.move_cursor(self.get_node_at_line(self.last_line))


async def other_places(app: Any, *, files: bool) -> list[tuple[str, Place]]:
    """What this project can be compared with: the account's other projects, the profiles, a file."""
    from tui.api.errors import ApiError
    from tui.settings.config import ConfigError, load_config

    connection = app.connection
    options: list[tuple[str, Place]] = []
    try:
        projects = app.projects or await connection.client.projects()
    except ApiError:
        projects = []
    for project in projects:
        if project.id != connection.project_id:
            label = f"{project.name or 'project'} (project {project.id})"
            options.append((f"project: {label}", Place("project", label, project=project.id)))
    with contextlib.suppress(ConfigError):
        for name, profile in sorted(load_config().profiles.items()):
            if name != connection.profile:
                options.append((f"profile: {name} · {profile.host} · project {profile.project}",
                                Place("profile", f"profile {name}", profile=name)))
    if files:
        options.append(("file: a setup file…", Place("file", "a setup file")))
    return options


async def copy_marked(app: Any, spec: Any, objects: list[Any]) -> None:
    """`C` in a list: the marked objects (and what they need) planned against a project picked now."""
    from tui.screens.dialogs.picker import PickerScreen

    if spec.id not in BY_ID:
        app.notify(f"{spec.title} are not part of a project's setup: nothing to copy.", severity="warning")
        return
    if not objects or await app.client() is None:
        return
    places = await other_places(app, files=False)
    if not places:
        app.notify("No other project or profile to copy to.", severity="warning")
        return
    title = f"Copy {len(objects)} {spec.title.lower() if len(objects) > 1 else spec.singular} to…"
    target = await app.push_screen_wait(PickerScreen(title, places))
    if target is not None:
        ids = [getattr(o, "event_definition", None) if spec.id == "event_schemas" else o.id for o in objects]
        await app.push_screen(DiffScreen(HERE, target, only=[(spec.id, i) for i in ids]))


class DiffScreen(ReportWorkerErrors, Screen):
    KEY_SCOPES = ("diff",)
    BINDINGS = registry.bindings(*KEY_SCOPES)
    CSS_PATH = [styles_dir() / "setup.tcss"]
    BROWSING = True

    def __init__(self, source: Place = HERE, target: Place | None = None, *,
                 only: list[tuple[str, Any]] | None = None) -> None:
        super().__init__()
        self.source, self.target = source, target
        self.only = only
        self.heading = "Setup diff" if only is None else "Copy"
        self.plan: Plan | None = None
        self.included: set[str] = set()
        self.parties: list[Party] = []
        self.sides: Any = None
        self.busy = False

    def compose(self) -> ComposeResult:
        yield TopBar(self.heading)
        yield Static(id="diff-sides")
        with Horizontal(id="diff-body"):
            tree: ChangeTree = ChangeTree("changes", id="diff-tree")
            tree.show_root = False
            yield tree
            with VerticalScroll(id="diff-detail"):
                yield Static(id="diff-fields")
        yield Static(id="diff-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ChangeTree).focus()
        self.start()

    async def on_unmount(self) -> None:
        if self.sides is not None:
            await self.sides.close()

    def say(self, text: str) -> None:
        self.query_one("#diff-status", Static).update(Content(safe(text)))

    # Loading --------------------------------------------------------------------------------
    @work(exclusive=True, group="diff", exit_on_error=False)
    async def start(self) -> None:
        if self.target is None and not await self._choose():
            self.dismiss()
            return
        await self._load()

    async def _choose(self) -> bool:
        from tui.screens.dialogs.picker import PickerScreen
        from tui.screens.dialogs.prompt import PromptScreen

        app: Any = self.app  # the PostHogApp, with its client
        if await app.client() is None:
            return False
        chosen = await app.push_screen_wait(PickerScreen("Compare this project with…",
                                                              await other_places(self.app, files=True)))
        if chosen is None:
            return False
        if chosen.kind == "file":
            path = await self.app.push_screen_wait(PromptScreen("The setup file (or folder) to compare",
                                                                placeholder="setup.yaml"))
            if not path:
                return False
            # A file describes what a project should be: it is the source, this project the target.
            self.source, self.target = Place("file", path, path=path), HERE
        else:
            self.target = chosen
        return True

    def action_refresh(self) -> None:
        self.reload()

    @work(exclusive=True, group="diff", exit_on_error=False)
    async def reload(self) -> None:
        await self._load()

    async def _load(self) -> None:
        from tui.api.errors import ApiError
        from tui.setup.document import SetupFileError
        from tui.setup.sides import SideError

        self.busy = True
        assert self.target is not None
        self.query_one("#diff-sides", Static).update(Content(safe(f"{self.source.label} → {self.target.label}")))
        self.say("reading both sides…")
        try:
            self.plan = await self._plan()
        except SetupFileError as error:
            self._show_text(Text(safe("\n".join(str(p) for p in error.problems), multiline=True)))
            self.say("The setup file has problems: nothing can be applied.")
            return
        except (ApiError, SideError, OSError) as error:
            self.say(f"Could not compare: {error}")
            return
        finally:
            self.busy = False
        self.included = {c.id for c in self.plan.pending}
        target = self.parties[-1].label
        self.query_one("#diff-sides", Static).update(Content(safe(f"{self.plan.source} → {target}")))
        self._fill()

    async def _plan(self) -> Plan:
        from pathlib import Path

        from tui.setup.document import load_path
        from tui.setup.plan import make_plan, subset
        from tui.setup.pull import pull

        await self._close_parties()
        assert self.target is not None
        source = await self._open(self.source) if self.source.kind != "file" else None
        target = await self._open(self.target)
        if source is None:
            assert self.source.path is not None
            desired = load_path(Path(self.source.path).expanduser())
        else:
            pulled = await pull(source.client)
            desired = pulled.setup
            if self.only is not None:
                keys = {(kind, server_id): key for (kind, key), server_id in pulled.ids.items()}
                desired = subset(desired, [(kind, keys[(kind, i)]) for kind, i in self.only if (kind, i) in keys])
        self.parties = [p for p in (source, target) if p is not None]
        return make_plan(desired, await pull(target.client), source=source.label if source else self.source.label)

    async def _open(self, place: Place) -> Party:
        from tui.setup.sides import Side, Sides, parse_side

        app: Any = self.app  # the PostHogApp, with its connection and target
        connection = app.connection
        if place.kind == "current":
            return Party(place, connection.client, None, connection.describe())
        if self.sides is None:
            self.sides = Sides()
        if place.kind == "profile":
            assert place.profile is not None
            opened = await self.sides.open(parse_side(place.profile))
        else:
            target = app.target
            side = Side(place.label, host=connection.host, project=place.project, profile=connection.profile,
                        read_only=bool(target and target.read_only), protected=bool(target and target.protected))
            opened = await self.sides.open(side, key=connection.api_key or None)
        return Party(place, opened.client, opened.gate, place.label)

    async def _close_parties(self) -> None:
        if self.sides is not None:
            await self.sides.close()
        self.parties = []

    # The tree -------------------------------------------------------------------------------
    def _label(self, change: Change) -> Text:
        mark = "[x]" if change.id in self.included else "[ ]"
        label = Text(f"{mark} {render.MARKS[change.op]} ", style=_STYLES.get(change.op, ""))
        label.append(one_line(change.key))
        if change.notes:
            label.append(" !", style="bold")
        return label

    def _kind_label(self, kind: str, changes: list[Change]) -> Text:
        pending = [c for c in changes if c.pending]
        included = sum(1 for c in pending if c.id in self.included)
        return Text(f"{BY_ID[kind].title} ({len(pending)} changes, {included} included, "
                    f"{len(changes) - len(pending)} unchanged)", style="bold")

    def _fill(self) -> None:
        assert self.plan is not None
        tree = self.query_one(ChangeTree)
        tree.clear()
        for kind in KINDS:
            changes = [c for c in self.plan.changes if c.kind == kind.id]
            pending = [c for c in changes if c.pending]
            if not changes:
                continue
            node = tree.root.add(self._kind_label(kind.id, changes), data=kind.id,
                                 expand=0 < len(pending) <= _UNFOLDED)
            for change in pending:
                node.add_leaf(self._label(change), data=change)
        tree.root.expand()
        self._status()
        if not self.plan.pending:
            self._show_text(Text("Nothing to change: the target already has this setup."))

    def toggle(self, node: Any) -> None:
        """Include or exclude a change, or every change of a kind."""
        assert self.plan is not None
        changes = [node.data] if isinstance(node.data, Change) else [
            child.data for child in node.children if isinstance(child.data, Change)]
        if not changes:
            return
        include = any(c.id not in self.included for c in changes)
        for change in changes:
            (self.included.add if include else self.included.discard)(change.id)
        parent = node if not isinstance(node.data, Change) else node.parent
        for child in parent.children:
            child.set_label(self._label(child.data))
        kind = parent.data
        parent.set_label(self._kind_label(kind, [c for c in self.plan.changes if c.kind == kind]))
        self._status()

    def _status(self) -> None:
        assert self.plan is not None
        chosen = self.plan.select(self.included)
        requests = len(build_ops(chosen))
        self.say(f"{len(self.plan.pending):,} changes · {len(chosen.changes):,} included · "
                 f"{render.requests_line(requests)}")

    @on(Tree.NodeHighlighted)
    @on(Tree.NodeSelected)
    def _show(self, event: Tree.NodeHighlighted | Tree.NodeSelected) -> None:
        change = event.node.data
        if isinstance(change, Change):
            self._show_text(Text("\n".join(render.entry_lines(change))))

    def _show_text(self, text: Text) -> None:
        self.query_one("#diff-fields", Static).update(text)

    # Keys -----------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss()

    def action_swap(self) -> None:
        if self.busy or self.target is None:
            return
        if self.source.kind == "file":
            self.notify("A setup file can only be the source.", severity="warning")
            return
        self.source, self.target = self.target, self.source
        self.reload()

    @work(exclusive=True, group="diff-write", exit_on_error=False)
    async def action_apply(self) -> None:
        from tui.screens.diff_apply import SetupApplyScreen, permission

        if self.plan is None or self.busy:
            return
        chosen = self.plan.select(self.included)
        if not chosen.changes:
            self.notify("Nothing included: space includes a change.", severity="warning")
            return
        target = self.parties[-1]
        approval = await permission(self.app, target, chosen)
        if approval is None:
            return
        await self.app.push_screen_wait(SetupApplyScreen(chosen, target.client, approval))
        self.reload()

    @work(exclusive=True, group="diff-write", exit_on_error=False)
    async def action_edit_plan(self) -> None:
        from tui.screens.editor import run_editor
        from tui.setup.document import Setup, SetupFileError, load_text
        from tui.setup.plan import make_plan

        if self.plan is None or self.busy:
            return
        plan = self.plan
        edited = await run_editor(self.app, render.as_yaml(plan, self.included))
        try:
            wanted = load_text(edited, "the edited plan")
            desired = Setup({kind: dict(entries) for kind, entries in plan.desired.entries.items()},
                            origin=plan.desired.origin)
            for change in plan.changes:
                if change.id in self.included:
                    desired.entries.get(change.kind, {}).pop(change.key, None)
            for kind, entries in wanted.entries.items():
                desired.entries.setdefault(kind, {}).update(entries)
            self.plan = make_plan(desired, plan.target, source=f"{plan.source} (edited)")
        except SetupFileError as error:
            self.notify("\n".join(str(p) for p in error.problems[:5]), severity="error", timeout=10)
            return
        self.included = {c.id for c in self.plan.pending if c.key in wanted.of(c.kind)}
        self._fill()
