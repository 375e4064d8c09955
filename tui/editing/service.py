"""Write operations on any resource, each recorded with what it takes to undo it.

The journal keeps the before-image of every change this session made, newest last. Undo
sends the inverse (a PATCH of the old values, a restore for an archive, an archive or a
delete for a creation). A real DELETE cannot be undone: re-creating the object would give
it a new id and lose what the server derived from it, so the journal says so instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from tui.editing.archive_log import ArchiveLog
from tui.forms.diff import display_text, preview_rows
from tui.forms.fields import FieldSpec, canonical, read_value
from tui.resources import BY_ID
from tui.resources.base import ResourceSpec

Row = tuple[str, str, str]


@dataclass(frozen=True)
class Step:
    """One request of an undo: `op` is update, delete, archive or restore on `resource`, or a
    tile operation: move_tile (`body`: from, to), delete_tile (`body`: dashboard),
    update_text_tile (`body`: dashboard and the old body/color) or add_insight (`id` the insight,
    `body`: dashboard; PostHog revives the insight's removed tile there, layout included)."""

    op: str
    resource: str
    id: Any
    label: str
    body: dict[str, Any] = field(default_factory=dict)


@dataclass
class Write:
    description: str
    undo: tuple[Step, ...] = ()
    rows: tuple[Row, ...] = ()  # (what, now, after undo), for the undo preview
    cannot_undo: str | None = None


@dataclass
class Journal:
    # The server lists no archived dashboards or actions: the archived view reads this log.
    archived: ArchiveLog
    entries: list[Write] = field(default_factory=list)
    limit: int = 100

    def record(self, write: Write) -> None:
        self.entries.append(write)
        del self.entries[: -self.limit]

    def last(self) -> Write | None:
        return self.entries[-1] if self.entries else None

    def archived_of(self, resource: str) -> list[tuple[str, str]]:
        return self.archived.of(resource)


_JOURNALS: WeakKeyDictionary[Any, Journal] = WeakKeyDictionary()


def journal_for(app: Any) -> Journal:
    """One journal per running app (tests start many apps in one process)."""
    if app not in _JOURNALS:
        _JOURNALS[app] = Journal(ArchiveLog(lambda: _place(app)))
    return _JOURNALS[app]


def _place(app: Any) -> str:
    connection = app.connection
    return f"{connection.host} project {connection.project_id}" if connection is not None else ""


def group(client: Any, resource: str) -> Any:
    return getattr(client, BY_ID[resource].group)


def before_image(original: dict, changes: dict, fields: Sequence[FieldSpec]) -> dict[str, Any]:
    """The changed fields' old values in the form a PATCH takes (owner as an id, ...)."""
    by_name = {f.name: f for f in fields}
    out = {}
    for name in changes:
        spec = by_name.get(name)
        out[name] = canonical(spec, read_value(spec, original)) if spec else original.get(name)
    return out


async def current(client: Any, spec: ResourceSpec, obj: Any) -> Any | None:
    """The object as the server has it now; None when it is gone."""
    from tui.api.errors import NotFoundError

    resources = group(client, spec.id)
    try:
        if resources.supports("get"):
            return await resources.get(spec.key(obj))
        # Event schemas have no retrieve route: find the row in its definition's list.
        rows = await resources.all(event_definition=getattr(obj, "event_definition", None))
    except NotFoundError:
        return None
    return next((row for row in rows if spec.key(row) == spec.key(obj)), None)


def conflict_rows(loaded: dict, now: dict, fields: Sequence[FieldSpec], changes: dict) -> list[Row]:
    """(field, when loaded, on the server now) for the form's fields that changed meanwhile."""
    rows = []
    ordered = sorted(fields, key=lambda f: f.name not in changes)  # the ones we overwrite first
    for spec in ordered:
        if spec.read_only and spec.name != "name":
            continue
        old = canonical(spec, read_value(spec, loaded))
        new = canonical(spec, read_value(spec, now))
        if display_text(spec, old) != display_text(spec, new):
            rows.append((spec.label, display_text(spec, old), display_text(spec, new)))
    return rows


async def update(client: Any, journal: Journal, spec: ResourceSpec, original: dict, changes: dict,
                 fields: Sequence[FieldSpec], label: str) -> Any:
    result = await group(client, spec.id).update(original["id"], changes)
    record_update(journal, spec, original, changes, fields, label)
    return result


def record_update(journal: Journal, spec: ResourceSpec, original: dict, changes: dict,
                  fields: Sequence[FieldSpec], label: str) -> None:
    before = before_image(original, changes, fields)
    journal.record(Write(
        f"Edited {spec.singular} “{label}”",
        undo=(Step("update", spec.id, original["id"], label, before),),
        rows=tuple(preview_rows(changes, before, fields)),
    ))


def _removal_step(spec: ResourceSpec, obj: Any) -> Step:
    return Step("delete" if spec.removal == "delete" else "archive", spec.id, spec.key(obj), spec.label(obj))


def record_created(journal: Journal, spec: ResourceSpec, obj: Any) -> None:
    step = _removal_step(spec, obj)
    journal.record(Write(
        f"Created {spec.singular} “{step.label}”",
        undo=(step,),
        rows=((spec.singular, step.label, "deleted" if step.op == "delete" else "archived"),),
    ))


async def create(client: Any, journal: Journal, spec: ResourceSpec, body: dict) -> Any:
    obj = await group(client, spec.id).create(body)
    record_created(journal, spec, obj)
    return obj


async def remove(client: Any, journal: Journal, spec: ResourceSpec, obj: Any) -> None:
    """Delete for real, or archive (dashboards, actions) where the server only soft-deletes."""
    resources = group(client, spec.id)
    if spec.removal == "archive":
        await resources.archive(spec.key(obj))
    else:
        await resources.delete(spec.key(obj))
    record_removed(journal, spec, obj)


def record_removed(journal: Journal, spec: ResourceSpec, obj: Any) -> None:
    key, label = spec.key(obj), spec.label(obj)
    if spec.removal == "archive":
        journal.archived.add(spec.id, key, label)
        journal.record(Write(f"Archived {spec.singular} “{label}”", undo=(Step("restore", spec.id, key, label),),
                             rows=((spec.singular, label + " (archived)", "restored"),)))
        return
    journal.record(Write(
        f"Deleted {spec.singular} “{label}”",
        cannot_undo=f"The {spec.singular} “{label}” was deleted for good: re-creating it is not supported "
                    "(it would get a new id and lose what the server had derived from it).",
    ))


async def restore(client: Any, journal: Journal, spec: ResourceSpec, key: str, label: str) -> Any:
    obj = await group(client, spec.id).restore(key)
    journal.archived.discard(spec.id, key)
    journal.record(Write(f"Restored {spec.singular} “{label}”", undo=(Step("archive", spec.id, key, label),),
                         rows=((spec.singular, label, "archived again"),)))
    return obj


async def undo(client: Any, journal: Journal, write: Write) -> list[tuple[Step, Any]]:
    """Send the inverse of `write`; returns each step with the server's answer (None for a delete).

    The entry leaves the journal only when every step went through, so a failed undo can be retried.
    """
    done = []
    for step in write.undo:
        resources = group(client, step.resource)
        if step.op == "update":
            result = await resources.update(step.id, step.body)
        elif step.op == "delete":
            result = await resources.delete(step.id)
        elif step.op == "archive":
            result = await resources.archive(step.id)
            journal.archived.add(step.resource, str(step.id), step.label)
        elif step.op == "restore":
            result = await resources.restore(step.id)
            journal.archived.discard(step.resource, str(step.id))
        elif step.op == "create":  # a join row removed by a replace comes back as it was
            result = await resources.create(step.body)
        elif step.op == "move_tile":
            await resources.move_tile(step.body["from"], step.id, step.body["to"])
            result = await resources.get(step.body["to"])
        elif step.op == "update_text_tile":
            old = {key: step.body[key] for key in ("body", "color") if key in step.body}
            await resources.update_text_tile(step.body["dashboard"], step.id, **old)
            result = await resources.get(step.body["dashboard"])
        elif step.op == "add_insight":
            # The insight's dashboards as they are now, plus this one (not a list from before).
            insight = await client.insights.get(step.id)
            await client.insights.update(step.id, {"dashboards": sorted({*insight.dashboards, step.body["dashboard"]})})
            result = await resources.get(step.body["dashboard"])
        else:  # delete_tile
            await resources.delete_tile(step.body["dashboard"], step.id)
            result = await resources.get(step.body["dashboard"])
        done.append((step, result))
    journal.entries.remove(write)
    return done
