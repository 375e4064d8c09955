"""Two setups compared: what would change on the target, object by object and field by field.

The desired side is a `Setup` (a file, or another project pulled); the target is a pulled
`Project`. Each entry of the desired side is a create (the target has no object of that key), an
update (some field differs: only the fields the entry has are compared) or unchanged. With
`prune`, the target's objects of a kind the desired side lists but that it does not name are
deleted (archived, for dashboards and actions). References the target cannot satisfy are errors
when they make an entry meaningless (a schema naming a group nobody has) and notes otherwise (an
insight using an action the target lacks: that tile is left out).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from tui.setup import refs
from tui.setup.document import Problem, Setup, SetupFileError
from tui.setup.kinds import BY_ID, KINDS, normal
from tui.setup.pull import Project

CREATE, UPDATE, UNCHANGED, DELETE, ARCHIVE = "create", "update", "unchanged", "delete", "archive"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class Change:
    kind: str
    key: str
    op: str
    fields: list[FieldChange] = field(default_factory=list)
    desired: dict[str, Any] | None = None
    current: dict[str, Any] | None = None
    line: int | None = None
    # What the target lacks for part of this change (that part is left out), or cannot do.
    notes: list[str] = field(default_factory=list)
    # Tiles (by index in the desired list) left out because the target lacks what they use.
    left_out: set[int] = field(default_factory=set)

    @property
    def id(self) -> str:
        return f"{self.kind}/{self.key}"

    @property
    def pending(self) -> bool:
        return self.op != UNCHANGED

    @property
    def noun(self) -> str:
        return BY_ID[self.kind].noun


@dataclass
class Plan:
    source: str
    target: Project
    desired: Setup
    changes: list[Change]
    prune: bool = False

    @property
    def pending(self) -> list[Change]:
        return [c for c in self.changes if c.pending]

    def counts(self) -> dict[str, int]:
        found = {CREATE: 0, UPDATE: 0, DELETE: 0, ARCHIVE: 0, UNCHANGED: 0}
        for change in self.changes:
            found[change.op] += 1
        return found

    def by_id(self) -> dict[str, Change]:
        return {c.id: c for c in self.changes}

    def select(self, ids: Iterable[str]) -> Plan:
        """Only the changes named (and the ones they need: a schema's new group, a tile's new action)."""
        wanted = set(ids)
        known = self.by_id()
        queue = list(wanted)
        while queue:
            change = known.get(queue.pop())
            if change is None:
                continue
            for need in needs(change):
                if need in known and need not in wanted and known[need].op == CREATE:
                    wanted.add(need)
                    queue.append(need)
        return replace(self, changes=[c for c in self.changes if c.id in wanted and c.pending])


def needs(change: Change) -> set[str]:
    """The entries a change relies on existing (as `kind/key`)."""
    desired = change.desired or {}
    if change.kind == "event_schemas":
        groups = desired.get("property_groups", [])
        return {f"event_definitions/{change.key}", *(f"property_groups/{g}" for g in groups)}
    if change.kind == "dashboards":
        found = set()
        for tile in desired.get("tiles", []):
            insight = tile.get("insight") or {}
            found |= {f"actions/{name}" for name in refs.action_names(insight.get("query"))}
        return found
    return set()


def subset(setup: Setup, wanted: Iterable[tuple[str, str]]) -> Setup:
    """The entries named and what they depend on (a definition's schema and groups, a dashboard's
    actions), for copying a few marked objects to another project."""
    picked: set[tuple[str, str]] = set()
    queue = list(wanted)
    while queue:
        kind, key = queue.pop()
        if (kind, key) in picked or key not in setup.of(kind):
            continue
        picked.add((kind, key))
        entry = setup.of(kind)[key]
        if kind == "event_definitions":
            queue.append(("event_schemas", key))
        elif kind == "event_schemas":
            queue.append(("event_definitions", key))
            queue += [("property_groups", g) for g in entry.get("property_groups", [])]
        for need in needs(Change(kind, key, CREATE, desired=entry)):
            need_kind, _, need_key = need.partition("/")
            queue.append((need_kind, need_key))
    out = Setup(origin=setup.origin, lines=setup.lines)
    for each in KINDS:
        chosen = {k: e for k, e in setup.of(each.id).items() if (each.id, k) in picked}
        if chosen:
            out.entries[each.id] = chosen
    return out


def make_plan(desired: Setup, target: Project, *, prune: bool = False, source: str = "") -> Plan:
    """Compare; raises SetupFileError (naming lines) when the desired side refers to what nobody has."""
    problems = _reference_problems(desired, target)
    if problems:
        raise SetupFileError(problems)
    current = target.setup
    changes: list[Change] = []
    for kind in KINDS:
        have = current.of(kind.id)
        for key, entry in desired.of(kind.id).items():
            line = desired.line(kind.id, key)
            if key not in have:
                change = Change(kind.id, key, CREATE, desired=entry, line=line)
                if kind.id == "dashboards":
                    _tiles(change, entry.get("tiles", []), [], desired, target)
                elif kind.id == "event_definitions":
                    _owner_note(change, entry.get("owner"), target)
                changes.append(change)
                continue
            changes.append(_compare(kind.id, key, entry, have[key], desired, target, line))
        if prune and kind.id in desired.entries:
            for key, entry in have.items():
                if key not in desired.of(kind.id):
                    changes.append(Change(kind.id, key, ARCHIVE if kind.removal == "archive" else DELETE,
                                          current=entry))
    return Plan(source or desired.origin, target, desired, changes, prune)


def _compare(kind: str, key: str, entry: dict, current: dict, desired: Setup, target: Project,
             line: int | None) -> Change:
    change = Change(kind, key, UNCHANGED, desired=entry, current=current, line=line)
    shape = BY_ID[kind].shape
    for name, new in entry.items():
        spec = shape.get(name)
        old = current.get(name, normal(spec, None) if spec else None)
        if name == "tiles":
            _tiles(change, new, old or [], desired, target)
        elif name == "owner" and not _owner_note(change, new, target):
            continue
        elif name == "filters" and not new and old:
            change.notes.append("the server cannot clear a dashboard's filters: they stay as they are")
        elif new != old:
            change.fields.append(FieldChange(name, old, new))
    if change.fields:
        change.op = UPDATE
    return change


def _owner_note(change: Change, email: str | None, target: Project) -> bool:
    """Whether the owner can be set on the target (a user it knows, or nobody); notes it if not."""
    if email is None or email in target.users:
        return True
    change.notes.append(f"owner {email} is not a user the target knows: the owner is left as it is")
    return False


def identity(tile: dict[str, Any]) -> tuple[str, Any]:
    """What makes two tiles the same tile: the insight's name, or the text."""
    if tile.get("insight") is not None:
        return ("insight", tile["insight"].get("name"))
    return ("text", tile.get("text"))


def match_tiles(desired: list[dict], current: list[dict]) -> list[tuple[int | None, int | None]]:
    """Pairs of (desired index, current index): the same tile where it is, else the first of the same
    identity; tiles left over on either side are new or gone. Different insights are never paired,
    so an apply never rewrites an insight another dashboard may show."""
    free = list(range(len(current)))
    pairs: dict[int, int] = {}
    for i, tile in enumerate(desired):
        if i < len(current) and identity(current[i]) == identity(tile):
            pairs[i] = i
            free.remove(i)
    for i, tile in enumerate(desired):
        if i in pairs:
            continue
        j = next((j for j in free if identity(current[j]) == identity(tile)), None)
        if j is not None:
            pairs[i] = j
            free.remove(j)
    out: list[tuple[int | None, int | None]] = [(i, pairs.get(i)) for i in range(len(desired))]
    return out + [(None, j) for j in free]


def summary(tile: dict[str, Any]) -> str:
    kind, name = identity(tile)
    if kind == "insight":
        return f"insight {name!r}" if name else "insight (unnamed)"
    first = (name or "").strip().splitlines()
    return f"text {first[0][:40]!r}" if first else "text (empty)"


def _tiles(change: Change, desired: list[dict], current: list[dict], setup: Setup, target: Project) -> None:
    available = set(target.setup.of("actions")) | set(setup.of("actions"))
    for i, j in match_tiles(desired, current):
        if i is not None:
            insight = desired[i].get("insight") or {}
            missing = sorted(refs.action_names(insight.get("query")) - available)
            if missing:
                names = ", ".join(repr(m) for m in missing)
                change.notes.append(f"tile {i + 1} ({summary(desired[i])}) uses action {names}, which neither "
                                    "side has: the tile is left out")
                change.left_out.add(i)
                continue
        if j is None:
            assert i is not None
            change.fields.append(FieldChange(f"tiles[{i + 1}]", None, summary(desired[i])))
        elif i is None:
            change.fields.append(FieldChange(f"tiles[now {j + 1}]", summary(current[j]), None))
        else:
            new, old = desired[i], current[j]
            if "layouts" in new:
                boxes, before = new["layouts"], old.get("layouts") or {}
                for size in sorted(set(boxes) | set(before)):
                    if boxes.get(size) != before.get(size):
                        change.fields.append(FieldChange(f"tiles[{i + 1}].layouts.{size}", before.get(size),
                                                         boxes.get(size)))
            if "color" in new and new["color"] != old.get("color"):
                change.fields.append(FieldChange(f"tiles[{i + 1}].color", old.get("color"), new["color"]))
            for name, value in (new.get("insight") or {}).items():
                before = (old.get("insight") or {}).get(name)
                if value != before:
                    change.fields.append(FieldChange(f"tiles[{i + 1}].insight.{name}", before, value))


def _reference_problems(desired: Setup, target: Project) -> list[Problem]:
    """Schemas naming an event or a group that neither side has."""
    problems = []
    groups = set(desired.of("property_groups")) | set(target.setup.of("property_groups"))
    events = set(desired.of("event_definitions")) | set(target.setup.of("event_definitions"))
    for event, entry in desired.of("event_schemas").items():
        if event not in events:
            problems.append(desired.problem(f"event schema {event!r}: no event definition {event!r} in the file "
                                            "or in the target", "event_schemas", event, "event"))
        for group in entry.get("property_groups", []):
            if group not in groups:
                problems.append(desired.problem(f"event schema {event!r}: property group {group!r} does not exist "
                                                "in the file or in the target", "event_schemas", event,
                                                "property_groups"))
    return problems
