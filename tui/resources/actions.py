"""Actions: named combinations of events, URLs and elements."""

from tui.resources import formatting as fmt
from tui.resources.base import ColumnSpec, Relation, ResourceSpec


def step_summary(step) -> str:
    parts = []
    if step.event:
        parts.append(step.event)
    if step.url:
        parts.append(f"url {step.url_matching or 'contains'} {step.url}")
    if step.selector:
        parts.append(f"selector {step.selector}")
    if step.tag_name:
        parts.append(f"<{step.tag_name}>")
    if step.text:
        parts.append(f"text {step.text_matching or 'exact'} {step.text!r}")
    if step.href:
        parts.append(f"href {step.href_matching or 'exact'} {step.href}")
    if step.properties:
        parts.append(f"{len(step.properties)} property filter(s)")
    return " · ".join(parts) or "any event"


def _steps(a) -> str:
    return " OR ".join(step_summary(s) for s in a.steps or [])


def _step_rows(step) -> list[tuple[str, str]]:
    rows = [
        ("event", step.event),
        ("url", f"{step.url} ({step.url_matching or 'contains'})" if step.url else None),
        ("selector", step.selector),
        ("tag", step.tag_name),
        ("text", f"{step.text} ({step.text_matching or 'exact'})" if step.text else None),
        ("href", f"{step.href} ({step.href_matching or 'exact'})" if step.href else None),
        ("properties", fmt.text(step.properties) if step.properties else None),
    ]
    return [(k, fmt.text(v)) for k, v in rows if v]


def _detail(a):
    sections = [
        (
            a.name or "(unnamed)",
            [
                ("id", str(a.id)),
                ("description", fmt.text(a.description)),
                ("tags", fmt.tags(a.tags) or "—"),
                ("created by", fmt.person(a.created_by)),
                ("created", fmt.when(a.created_at)),
                ("post to Slack", fmt.text(bool(a.post_to_slack))),
                ("Slack message format", fmt.text(a.slack_message_format) if a.slack_message_format else "—"),
            ],
        )
    ]
    for i, step in enumerate(a.steps or [], start=1):
        sections.append((f"Step {i}" + (" (or)" if i > 1 else ""), _step_rows(step) or [("match", "any event")]))
    return sections


async def _usage(client, action) -> list:
    """What uses the action (current servers), and `count`/`people` where older servers still
    answer them; each part on its own, so one that fails does not hide another that answered."""
    from tui.api.errors import ApiError
    from tui.api.models import NotSupported

    sections = []
    try:
        references = await client.actions.references(action.id)
    except ApiError as exc:
        sections.append(("Used by", [("unavailable", str(exc))]))
    else:
        rows = [(fmt.text(r.type), fmt.text(r.name or r.id)) for r in references]
        sections.append(("Used by", rows or [("—", "nothing uses this action")]))
    usage = []
    for label, call in (("matching events", client.actions.count), ("people", client.actions.people)):
        try:
            answer = await call(action.id)
        except ApiError as exc:
            usage.append((label, f"failed: {exc}"))
            continue
        if isinstance(answer, NotSupported):
            continue  # gone from current servers: nothing to say
        if isinstance(answer, list):
            usage.append((label, fmt.number(len(answer))))
            usage.extend(("", fmt.text(p.get("name") or p.get("distinct_ids") or p.get("id"))) for p in answer[:10])
        else:
            usage.append((label, fmt.number(answer)))
    if usage:
        sections.append(("Usage (last 3 months)", usage))
    return sections


SPEC = ResourceSpec(
    id="actions",
    title="Actions",
    singular="action",
    number=5,
    aliases=("action", "act"),
    group="actions",
    columns=(
        ColumnSpec("name", "Name", ratio=2, min_width=20),
        ColumnSpec("steps", "Steps", ratio=4),
        ColumnSpec("tags", "Tags", ratio=1, drop=1),
        ColumnSpec("created_by", "Created by", ratio=1, drop=2),
        ColumnSpec("used_by", "Used by", width=7, align="right", drop=3),
    ),
    cells=lambda a: (a.name or "(unnamed)", _steps(a), fmt.tags(a.tags), fmt.person(a.created_by),
                     a.reference_count if a.reference_count is not None else ""),
    base_params={"include_reference_count": "true"},
    label=lambda a: a.name or f"action {a.id}",
    detail=_detail,
    relations=(
        Relation(
            "Events of its first step",
            "events",
            lambda a: {"event": next((s.event for s in a.steps or [] if s.event), None)},
            lambda a: f"Events of {a.name}",
        ),
    ),
    more_detail=_usage,
    form="action",
    scope_object="action",
    removal="archive",
)
