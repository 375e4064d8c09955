"""A dashboard tile, opened from the tile board."""

import json

from tui.resources import formatting as fmt
from tui.resources.base import Relation, ResourceSpec
from tui.resources.insights import summarize


def tile_title(tile) -> str:
    if tile.insight is not None:
        return tile.insight.name or tile.insight.derived_name or f"insight {tile.insight.id}"
    if tile.text is not None:
        return "Text"
    if tile.button_tile is not None:
        return tile.button_tile.text or "Button"
    return "Tile"


def _detail(tile):
    layout = tile.layouts.get("sm") if tile.layouts else None
    rows = [
        ("tile id", str(tile.id)),
        ("layout (sm)", f"x {layout.x}, y {layout.y}, {layout.w}×{layout.h}" if layout else "—"),
        ("color", fmt.text(tile.color)),
    ]
    sections = [(tile_title(tile), rows)]
    if tile.insight is not None:
        insight = tile.insight
        value, series, text = summarize(insight.result)
        sections.append(
            (
                "Insight",
                [
                    ("short id", fmt.text(insight.short_id)),
                    ("description", fmt.text(insight.description)),
                    ("query kind", fmt.text((insight.query or {}).get("kind"))),
                    ("headline", fmt.text(value)),
                    ("series", ", ".join(fmt.number(v) for v in series) if series else "—"),
                    ("on dashboards", fmt.text(insight.dashboards)),
                    ("last refresh", fmt.when(insight.last_refresh)),
                ],
            )
        )
        if text:
            sections.append(("Result", [(str(i + 1), line) for i, line in enumerate(text.splitlines())]))
        if insight.query:
            sections.append(("Query", [("json", json.dumps(insight.query, ensure_ascii=False))]))
    if tile.text is not None:
        sections.append(("Text", [(str(i + 1), line) for i, line in enumerate((tile.text.body or "").splitlines())]
                         or [("—", "empty")]))
    return sections


SPEC = ResourceSpec(
    id="tile",
    title="Tile",
    singular="tile",
    number=0,
    aliases=(),
    group="",
    columns=(),
    cells=lambda tile: (),
    label=tile_title,
    detail=_detail,
    relations=(
        Relation(
            "Dashboards showing this insight",
            "dashboards",
            lambda tile: {},
            lambda tile: f"Dashboards with {tile_title(tile)}",
            keep=lambda tile: lambda d: tile.insight is not None and d.id in (tile.insight.dashboards or []),
        ),
    ),
)
