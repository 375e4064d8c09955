"""A plan as people and scripts read it: text for the terminal, JSON for scripts, YAML to edit.

Every value from a server or a file passes through `one_line`, so a name holding escape
sequences cannot reach the terminal as one.
"""

from __future__ import annotations

import json
from typing import Any

from tui.setup.document import Setup, dump
from tui.setup.kinds import BY_ID, KINDS
from tui.setup.pace import minutes_needed
from tui.setup.plan import ARCHIVE, CREATE, DELETE, UNCHANGED, UPDATE, Change, Plan, summary
from tui.text import one_line

MARKS = {CREATE: "+", UPDATE: "~", DELETE: "-", ARCHIVE: "-", UNCHANGED: " "}
VERBS = {CREATE: "to create", UPDATE: "to update", DELETE: "to delete", ARCHIVE: "to archive",
         UNCHANGED: "unchanged"}
_WIDTH = 100


def value_text(value: Any, width: int = _WIDTH) -> str:
    """A field's value on one line: text quoted, lists and mappings as compact JSON, cut at `width`."""
    if value is None:
        text = "(none)"
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    else:
        text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


def tally(changes: list[Change]) -> str:
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.op] = counts.get(change.op, 0) + 1
    order = (CREATE, UPDATE, DELETE, ARCHIVE, UNCHANGED)
    return ", ".join(f"{counts[op]:,} {VERBS[op]}" for op in order if counts.get(op)) or "nothing"


def change_lines(change: Change, indent: str = "  ") -> list[str]:
    """One line for the object, then one per changed field (old → new), then its notes."""
    head = f"{indent}{MARKS[change.op]} {one_line(change.key)}"
    if change.op in (DELETE, ARCHIVE):
        head += f"  ({change.op})"
    lines = [head]
    for item in change.fields:
        lines.append(f"{indent}    {one_line(item.field)}: {value_text(item.old, 60)} → {value_text(item.new, 60)}")
    lines += [f"{indent}    ! {one_line(note)}" for note in change.notes]
    return lines


def entry_lines(change: Change) -> list[str]:
    """A change as a screen's detail shows it: what it does, then each field (a new object's as it will
    be, a changed one's old → new), then its notes."""
    verb = {CREATE: "Create", UPDATE: "Update", DELETE: "Delete", ARCHIVE: "Archive", UNCHANGED: "Unchanged"}
    lines = [f"{verb[change.op]} {change.noun} {one_line(change.key)}", ""]
    if change.op == CREATE:
        for name, value in (change.desired or {}).items():
            if name == "tiles":
                lines.append(f"tiles: {len(value)}")
                lines += [f"  {i}. {one_line(summary(tile))}" for i, tile in enumerate(value, 1)]
            else:
                lines.append(f"{one_line(name)}: {value_text(value, 70)}")
    else:
        lines += change_lines(change, indent="")[1:]
    lines += [f"! {one_line(note)}" for note in change.notes if change.op == CREATE]
    return lines


def requests_line(requests: int) -> str:
    if not requests:
        return "No requests to send."
    return (f"{requests:,} request{'s' if requests != 1 else ''} to send: at least "
            f"{duration(minutes_needed(requests) * 60)} at PostHog's 480 writes a minute.")


def text(plan: Plan, requests: int) -> str:
    lines = [f"Plan: {one_line(plan.source)} → {one_line(plan.target.describe())}", ""]
    for kind in KINDS:
        changes = [c for c in plan.changes if c.kind == kind.id]
        if not changes:
            continue
        lines.append(f"{kind.title}: {tally(changes)}")
        for change in changes:
            if change.pending or change.notes:
                lines += change_lines(change)
    lines += ["", tally(plan.changes) + ".", requests_line(requests)]
    if plan.desired.warnings:
        lines += [f"note: {one_line(w)}" for w in plan.desired.warnings]
    return "\n".join(lines) + "\n"


def as_json(plan: Plan, requests: int) -> dict[str, Any]:
    return {
        "source": plan.source,
        "target": {"host": plan.target.host, "project": plan.target.project_id, "name": plan.target.name},
        "prune": plan.prune,
        "summary": plan.counts(),
        "requests": requests,
        "minutes_at_rate_limit": round(minutes_needed(requests), 2),
        "changes": [
            {"kind": c.kind, "key": c.key, "op": c.op, "line": c.line,
             "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in c.fields], "notes": c.notes}
            for c in plan.changes
        ],
        "warnings": plan.desired.warnings,
    }


def as_yaml(plan: Plan, ids: set[str] | None = None) -> str:
    """The desired side of the included changes as a setup file, to read or edit in `$EDITOR`."""
    chosen = Setup()
    for change in plan.changes:
        if change.desired is None or (ids is not None and change.id not in ids):
            continue
        chosen.entries.setdefault(change.kind, {})[change.key] = change.desired
    removed = [c for c in plan.changes if c.op in (DELETE, ARCHIVE) and (ids is None or c.id in ids)]
    header = [f"Plan: {one_line(plan.source)} → {one_line(plan.target.describe())}",
              "Edit the entries and save to plan again with what you wrote; an entry you remove is left out.",
              *(f"{c.op}: {BY_ID[c.kind].noun} {one_line(c.key)}" for c in removed)]
    return dump(chosen, header)
