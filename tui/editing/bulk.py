"""One change applied to many marked objects, with a per-item report and one undo entry.

The server's bulk endpoints are used where this key may call them; otherwise each object gets
its own PATCH. A bulk call that failed in a way that proves nothing happened (400 from a
deployment without the feature, 403 for personal keys, a missing route) falls back to PATCHes;
any other failure is reported for every item in it and not re-sent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tui.editing.service import Journal, Step, Write, group
from tui.resources.base import ResourceSpec

CHUNK = 500  # the server's cap on ids per bulk call
FALLBACK_STATUSES = (400, 403, 404, 405)


@dataclass(frozen=True)
class BulkOp:
    id: str
    label: str
    tags: str | None = None  # add | remove | set
    flags: dict[str, bool] | None = None  # the PATCH for verify / hide


OPS: dict[str, tuple[BulkOp, ...]] = {
    "event_definitions": (
        BulkOp("tags_add", "Add tags", tags="add"),
        BulkOp("tags_remove", "Remove tags", tags="remove"),
        BulkOp("tags_set", "Set tags (replace)", tags="set"),
        BulkOp("verify", "Verify", flags={"verified": True}),
        BulkOp("unverify", "Unverify", flags={"verified": False}),
        BulkOp("hide", "Hide", flags={"hidden": True}),
        BulkOp("unhide", "Unhide", flags={"hidden": False}),
    ),
    "dashboards": (
        BulkOp("tags_add", "Add tags", tags="add"),
        BulkOp("tags_remove", "Remove tags", tags="remove"),
        BulkOp("tags_set", "Set tags (replace)", tags="set"),
    ),
}


# Not offered by the bulk edit picker: a deletion is asked for with its own typed confirmation.
DELETE = BulkOp("delete", "Delete")


@dataclass
class BulkReport:
    updated: list[Any] = field(default_factory=list)  # objects as they are now (a deletion's: those deleted)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (label, reason)
    unsupported: str | None = None  # the server cannot store this change at all


def new_tags(old: Sequence[str], action: str, tags: Sequence[str]) -> list[str]:
    if action == "set":
        return list(dict.fromkeys(tags))
    if action == "remove":
        return [t for t in old if t not in tags]
    return list(dict.fromkeys([*old, *tags]))


def _before(obj: Any, op: BulkOp) -> dict[str, Any]:
    if op.tags:
        return {"tags": list(obj.tags or [])}
    return {"verified": bool(obj.verified), "hidden": bool(obj.hidden)}


def _after(obj: Any, op: BulkOp, tags: Sequence[str]) -> dict[str, Any]:
    """What the object holds after `op`, including the server's hidden/verified exclusivity."""
    if op.tags:
        return {"tags": new_tags(obj.tags or [], op.tags, tags)}
    flags = dict(op.flags or {})
    if flags.get("verified"):
        flags["hidden"] = False
    if flags.get("hidden"):
        flags["verified"] = False
    return flags


async def apply(client: Any, journal: Journal, spec: ResourceSpec, targets: Sequence[Any], op: BulkOp,
                tags: Sequence[str], progress: Callable[[int], None]) -> BulkReport:
    from tui.api.errors import ApiError
    from tui.api.models import NotSupported

    resources = group(client, spec.id)
    report = BulkReport()
    by_key = {spec.key(obj): obj for obj in targets}
    done = 0
    pending: list[Any] = []  # objects that need a PATCH each
    bulk = _bulk_call(resources, op, tags)
    for start in range(0, len(targets), CHUNK):
        chunk = targets[start : start + CHUNK]
        if bulk is None:
            pending.extend(chunk)
            continue
        try:
            answer = await bulk([o.id for o in chunk])
        except ApiError as exc:
            if exc.status in FALLBACK_STATUSES:
                pending.extend(chunk)
                bulk = None
                continue
            report.failed.extend((spec.label(o), str(exc)) for o in chunk)
        else:
            if isinstance(answer, NotSupported):
                pending.extend(chunk)
                bulk = None
                continue
            for item in answer.updated:
                obj = by_key.get(str(item.id))
                if obj is not None:
                    report.updated.append(obj.model_copy(update=_after(obj, op, tags)))
            for item in answer.skipped:
                obj = by_key.get(str(item.id))
                report.failed.append((spec.label(obj) if obj else str(item.id), item.reason or "skipped"))
        done += len(chunk)
        progress(done)
    for index, obj in enumerate(pending):
        try:
            report.updated.append(await resources.update(obj.id, _after(obj, op, tags)))
        except ApiError as exc:
            report.failed.append((spec.label(obj), str(exc)))
            if _deployment_lacks(exc):
                # A self-hosted open-source server refuses the field itself: every other row would
                # be refused the same way, so it is said once and nothing more is sent.
                report.failed.extend((spec.label(o), str(exc)) for o in pending[index + 1:])
                report.unsupported = str(exc)
                done = len(targets)
                progress(done)
                break
        done += 1
        progress(done)
    if report.updated:
        journal.record(Write(
            f"{op.label} on {len(report.updated)} {spec.title.lower()}",
            undo=tuple(Step("update", spec.id, now.id, spec.label(now), _before(by_key[spec.key(now)], op))
                       for now in report.updated),
            rows=tuple((spec.label(now), _text(_after(by_key[spec.key(now)], op, tags)),
                        _text(_before(by_key[spec.key(now)], op))) for now in report.updated),
        ))
    return report


async def delete(client: Any, journal: Journal, spec: ResourceSpec, targets: Sequence[Any],
                 progress: Callable[[int], None]) -> BulkReport:
    """One DELETE per object (PostHog has no bulk delete); a failure is reported and the rest go on."""
    from tui.api.errors import ApiError

    resources = group(client, spec.id)
    report = BulkReport()
    for done, obj in enumerate(targets, 1):
        try:
            await resources.delete(spec.key(obj))
        except ApiError as exc:
            report.failed.append((spec.label(obj), str(exc)))
        else:
            report.updated.append(obj)
        progress(done)
    if report.updated:
        count = f"{len(report.updated)} {spec.title.lower()}"
        journal.record(Write(f"Deleted {count}", cannot_undo=f"The {count} were deleted for good: re-creating "
                             "them is not supported (they would get new ids and lose what the server derived)."))
    return report


def _deployment_lacks(error: Exception) -> bool:
    return "not supported by this deployment" in (getattr(error, "detail", None) or "")


def _text(values: dict[str, Any]) -> str:
    return " · ".join(f"{k}: {', '.join(v) if isinstance(v, list) else ('yes' if v else 'no')}"
                      for k, v in values.items())


def _bulk_call(resources: Any, op: BulkOp, tags: Sequence[str]):
    """The server's bulk endpoint for `op` on this resource, or None when it has none."""
    if op.tags:
        return lambda ids: resources.bulk_update_tags(ids, op.tags, list(tags))
    flags = op.flags or {}
    if "verified" in flags and hasattr(resources, "bulk_update_verified"):
        return lambda ids: resources.bulk_update_verified(ids, flags["verified"])
    return None
