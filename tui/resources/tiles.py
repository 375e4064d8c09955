"""A dashboard tile, opened from the tile board."""

import json

from tui.resources import formatting as fmt
from tui.resources.base import Relation, ResourceSpec
from tui.resources.insights import ResultView, query_kind, view

# The detail view's value column at 80 columns: results are laid out to fit it.
DETAIL_WIDTH = 50


# The tile widgets' text layout loads with the first dashboard, not on the way to the first frame.
def tile_title(tile) -> str:
    from tui.widgets.tiles.canvas import fit
    from tui.widgets.tiles.markdown import plain

    if tile.insight is not None:
        return tile.insight.name or tile.insight.derived_name or f"insight {tile.insight.id}"
    if tile.text is not None:
        return fit(plain(tile.text.body or ""), 60) or "Empty text tile"
    if tile.button_tile is not None:
        return tile.button_tile.text or "Button"
    return "Tile"


def _detail(tile):
    from tui.widgets.tiles.markdown import markdown_lines

    layout = tile.layouts.get("sm") if tile.layouts else None
    rows = [
        ("tile id", str(tile.id)),
        ("layout (sm)", f"x {layout.x}, y {layout.y}, {layout.w}×{layout.h}" if layout else "—"),
        ("color", fmt.text(tile.color)),
    ]
    sections = [(tile_title(tile), rows)]
    if tile.insight is not None:
        insight = tile.insight
        result = view(insight.result, insight.query, getattr(insight, "columns", None))
        sections.append(
            (
                "Insight",
                [
                    ("short id", fmt.text(insight.short_id)),
                    ("description", fmt.text(insight.description)),
                    ("query kind", fmt.text(query_kind(insight.query))),
                    ("headline", fmt.text(result.value)),
                    ("series", ", ".join(fmt.number(v) for v in result.series) if result.series else "—"),
                    ("on dashboards", fmt.text(insight.dashboards)),
                    ("last refresh", fmt.when(insight.last_refresh)),
                ],
            )
        )
        sections.append(("Result", [_result_row(result)]))
        if insight.query:
            sections.append(("Query", [("json", json.dumps(insight.query, ensure_ascii=False))]))
    if tile.text is not None:
        body = tile.text.body or ""
        shown = "\n".join("".join(piece for piece, _ in line) for line in markdown_lines(body, DETAIL_WIDTH))
        sections.append(("Text", [("shown", shown or "(empty)"), ("markdown", body or "—")]))
    return sections


def _result_row(result: ResultView) -> tuple[str, str]:
    """The result as the tile draws it, laid out for the detail view's width."""
    from tui.widgets.tiles.result_view import funnel_text, table_text

    if result.steps:
        steps = funnel_text(result.steps, DETAIL_WIDTH)
        return "funnel", "\n".join(" ".join(part for part in step if part) for step in steps)
    if result.header is not None:
        return "table", "\n".join(table_text(result.header, result.rows or [], DETAIL_WIDTH))
    if result.text:
        return "text", result.text
    if result.value is not None:
        return "headline", result.value
    return "result", "not computed yet (C on the dashboard computes it)"


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
