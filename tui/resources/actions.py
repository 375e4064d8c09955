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
    """`count` and `people` exist only on older servers; newer ones answer NotSupported."""
    from tui.api.models import NotSupported

    count = await client.actions.count(action.id)
    people = await client.actions.people(action.id)
    rows = [("matching events", str(count) if isinstance(count, NotSupported) else fmt.number(count))]
    if isinstance(people, NotSupported):
        rows.append(("people", str(people)))
    else:
        rows.append(("people", fmt.number(len(people))))
        rows.extend(("", fmt.text(p.get("name") or p.get("distinct_ids") or p.get("id"))) for p in people[:10])
    return [("Usage (last 3 months)", rows)]


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
    ),
    cells=lambda a: (a.name or "(unnamed)", _steps(a), fmt.tags(a.tags), fmt.person(a.created_by)),
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
