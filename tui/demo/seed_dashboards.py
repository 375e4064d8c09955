"""Seeded insights, text cards and dashboards with realistic tile layouts."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from .clock import iso_z
from .data import ProjectData, Record
from .layout import bottom, pack, xs_stack
from .shapes import dashboard_record, insight_record, text_record, tile_record
from .users import user_basic

DAYS = 14


def _trend_series(event: str, rng: random.Random, now: datetime, base: int) -> Record:
    days = [(now - timedelta(days=DAYS - 1 - i)).date() for i in range(DAYS)]
    data = [max(0, int(base * (1 + 0.25 * rng.uniform(-1, 1)) * (0.7 if d.weekday() >= 5 else 1))) for d in days]
    return {
        "action": {"id": event, "type": "events", "order": 0, "name": event, "math": "total"},
        "label": event, "count": sum(data), "aggregated_value": sum(data), "data": data,
        "labels": [f"{d.day}-{d:%b}-{d.year}" for d in days], "days": [d.isoformat() for d in days],
    }


def trends_insight(event: str, rng: random.Random, now: datetime,
                   display: str = "ActionsLineGraph") -> tuple[Record, Record]:
    query = {"kind": "InsightVizNode", "source": {
        "kind": "TrendsQuery", "series": [{"kind": "EventsNode", "event": event, "name": event, "math": "total"}],
        "interval": "day", "dateRange": {"date_from": f"-{DAYS}d"}, "trendsFilter": {"display": display}}}
    return query, [_trend_series(event, rng, now, rng.randrange(20, 4000))]


def funnel_insight(steps: list[str], rng: random.Random) -> tuple[Record, list[Record]]:
    query = {"kind": "InsightVizNode", "source": {
        "kind": "FunnelsQuery", "series": [{"kind": "EventsNode", "event": e, "name": e} for e in steps],
        "dateRange": {"date_from": "-30d"}, "funnelsFilter": {"funnelVizType": "steps"}}}
    count = rng.randrange(800, 3000)
    result = []
    for order, event in enumerate(steps):
        result.append({"action_id": event, "name": event, "custom_name": None, "order": order, "count": count,
                       "type": "events", "average_conversion_time": None if order == 0 else rng.randrange(60, 86400),
                       "median_conversion_time": None if order == 0 else rng.randrange(30, 43200)})
        count = int(count * rng.uniform(0.35, 0.8))
    return query, result


# (name, description, pinned, tags, tiles); a tile is ("trend"|"number"|"funnel", arg), ("action", id)
# or ("text", body).
DashboardSpec = tuple[str, str, bool, list[str], list[tuple[str, object]]]
DASHBOARDS: tuple[DashboardSpec, ...] = (
    ("Product analytics", "The numbers everyone looks at on Monday.", True, ["core"],
     [("number", "signed_up"), ("number", "file_uploaded"), ("number", "plan_upgraded"), ("number", "$exception"),
      ("trend", "$pageview"), ("trend", "file_uploaded"), ("funnel", ["signed_up", "file_uploaded", "plan_upgraded"]),
      ("text", "## How to read this\nWeekly active = any `$pageview` in 7 days.")]),
    ("Hedgebox KPIs", "Company goals for Q4.", True, ["core", "growth"],
     [("trend", "signed_up"), ("trend", "plan_upgraded"), ("number", "payment_failed"), ("trend", "logged_in"),
      ("action", 1), ("action", 2)]),
    ("Growth funnel", "From visit to paid.", False, ["growth"],
     [("funnel", ["$pageview", "signed_up", "onboarding_completed"]), ("funnel", ["upgrade_started", "plan_upgraded"]),
      ("text", "Funnels use a 14-day conversion window.")]),
    ("Billing & revenue", "", False, ["billing"],
     [("trend", "plan_upgraded"), ("trend", "plan_downgraded"), ("trend", "payment_failed"),
      ("number", "trial_started")]),
    ("File activity", "Uploads, downloads and shares.", False, ["core"],
     [("trend", "file_uploaded"), ("trend", "file_downloaded"), ("trend", "file_shared"), ("trend", "file_deleted"),
      ("number", "folder_created")]),
    ("Onboarding", "New accounts in their first week.", False, ["activation"],
     [("funnel", ["signed_up", "onboarding_completed", "file_uploaded"]), ("trend", "onboarding_completed"),
      ("text", "Owner: growth team. Ask in #growth before editing.")]),
    ("Mobile app", "iOS and Android.", False, ["mobile"],
     [("trend", "$screen"), ("trend", "logged_in"), ("number", "$exception")]),
    ("Search quality", "Are people finding their files?", False, [],
     [("trend", "search_performed"), ("number", "search_performed"), ("text", "Zero-result rate target: < 5%.")]),
    ("Web vitals", "Performance of the web app.", False, ["experimental"],
     [("trend", "$web_vitals"), ("trend", "$pageleave"), ("trend", "$rageclick")]),
    ("[beta] Experiments", "Name with [markup] that must render literally.", False, ["experimental"],
     [("trend", "$feature_flag_called"), ("trend", "[beta] checkout"), ("text", "[b]not bold[/b] and [/] stay text")]),
    ("Ünïcödé dashboard 🦔", "Ünïcödé everywhere: ファイル, emoji 📦.", False, [],
     [("trend", "Ünïcödé événement 🦔"), ("text", "こんにちは 👋")]),
    ("Empty dashboard", "Nothing here yet.", False, [], []),
)
_SIZES = {"number": (3, 3), "trend": (6, 5), "action": (6, 5), "funnel": (12, 6), "text": (12, 2)}


def _insight(data: ProjectData, kind: str, arg: object, now: datetime, rng: random.Random) -> int:
    if kind == "funnel":
        query, result = funnel_insight(list(arg), rng)  # type: ignore[arg-type]
        name = " → ".join(arg)  # type: ignore[arg-type]
    elif kind == "action" and arg in data.actions:
        name = data.actions[arg]["name"]  # type: ignore[index]
        query, result = trends_insight(name, rng, now)
        query["source"]["series"] = [{"kind": "ActionsNode", "id": arg, "name": name, "math": "total"}]
    else:
        display = "BoldNumber" if kind == "number" else "ActionsLineGraph"
        query, result = trends_insight(str(arg), rng, now, display)
        name = f"{'Total' if kind == 'number' else 'Daily'} {arg}"
    insight_id = data.next_id("insight")
    refreshed = iso_z(now - timedelta(minutes=rng.randrange(1, 180)))
    data.insights[insight_id] = {
        "id": insight_id, "short_id": f"{rng.getrandbits(40):010x}"[:8], "name": name, "derived_name": name,
        "description": "", "query": query, "result": result, "last_refresh": refreshed, "is_cached": True,
        "created_at": iso_z(now - timedelta(days=rng.randrange(10, 200))), "created_by": user_basic(1),
        "last_modified_at": refreshed, "tags": [], "favorited": False, "deleted": False, "saved": True,
    }
    return insight_id


def seed_dashboards(data: ProjectData, now: datetime, rng: random.Random, dashboards: list[DashboardSpec]) -> None:
    specs = list(dashboards)
    specs.append(("Retired launch dashboard", "Soft-deleted: never listed.", False, [], [("trend", "signed_up")]))
    for index, (name, description, pinned, tags, tiles) in enumerate(specs):
        created = now - timedelta(days=300 - index * 20)
        dashboard = dashboard_record(
            data, name, iso_z(created), description=description, pinned=pinned, tags=list(tags),
            created_by=user_basic(1 + index % 4), last_accessed_at=iso_z(now - timedelta(hours=3 + index * 7)),
            last_refresh=iso_z(now - timedelta(minutes=5 + index)), deleted=index == len(specs) - 1)
        positions = pack([_SIZES[kind] for kind, _ in tiles])
        xs = xs_stack([_SIZES[kind][1] for kind, _ in tiles])
        for (kind, arg), (x, y), xs_box in zip(tiles, positions, xs, strict=True):
            w, h = _SIZES[kind]
            layouts = {"sm": {"x": x, "y": y, "w": w, "h": h, "minW": 1, "minH": 1}, "xs": xs_box}
            if kind == "text":
                tile_record(data, dashboard["id"], layouts=layouts,
                            text_id=text_record(data, str(arg), dashboard["created_at"]))
            else:
                tile_record(data, dashboard["id"], layouts=layouts, insight_id=_insight(data, kind, arg, now, rng))
        if dashboard["deleted"]:
            for tile in data.tiles.values():
                if tile["dashboard_id"] == dashboard["id"]:
                    tile["deleted"] = True


def _events_trend(event: str, display: str = "ActionsLineGraph") -> Record:
    return {"kind": "InsightVizNode", "source": {
        "kind": "TrendsQuery", "series": [{"kind": "EventsNode", "event": event, "name": event, "math": "total"}],
        "interval": "day", "dateRange": {"date_from": f"-{DAYS}d"}, "trendsFilter": {"display": display}}}


def _actions_funnel(data: ProjectData, action_ids: list[int]) -> Record:
    series = [{"kind": "ActionsNode", "id": i, "name": data.actions[i]["name"]} for i in action_ids]
    return {"kind": "InsightVizNode", "source": {"kind": "FunnelsQuery", "series": series,
                                                 "dateRange": {"date_from": "-30d"},
                                                 "funnelsFilter": {"funnelVizType": "steps"}}}


def seed_saved_insights(data: ProjectData, now: datetime, rng: random.Random) -> None:
    """Insights nobody has computed yet (run_insights answers `result: null` until `refresh=blocking`),
    two of them on "Billing & revenue", and saved insights on no dashboard that use actions."""
    billing = next(d for d in data.dashboards.values() if d["name"] == "Billing & revenue")
    when = iso_z(now - timedelta(days=2))
    for event in ("invite_sent", "payment_failed"):
        insight = insight_record(data, f"Daily {event} (new)", _events_trend(event), when,
                                 short_id=f"{rng.getrandbits(40):010x}"[:8], created_by=user_basic(2))
        tiles = [t for t in data.tiles.values() if t["dashboard_id"] == billing["id"]]
        tile_record(data, billing["id"], insight_id=insight["id"],
                    layouts={"sm": {"x": 0, "y": bottom(tiles, "sm"), "w": 6, "h": 5},
                             "xs": {"x": 0, "y": bottom(tiles, "xs"), "w": 1, "h": 5}})
    insight_record(data, "Signup to first upload", _actions_funnel(data, [1, 2]), when,
                   short_id=f"{rng.getrandbits(40):010x}"[:8], description="Uses the actions, not raw events.")
    pricing = _events_trend("$pageview")
    pricing["source"]["series"] = [{"kind": "ActionsNode", "id": 4, "name": data.actions[4]["name"], "math": "dau"}]
    insight_record(data, "People visiting pricing", pricing, when, short_id=f"{rng.getrandbits(40):010x}"[:8],
                   tags=["growth"])
    seed_result_kinds(data, now, rng)


GROWTH_NOTES = """## Reading this board
- **Funnels** convert within *14 days*
- Retention: weekly cohorts of `signed_up` coming back for a `$pageview`
- The SQL tile is [HogQL](https://posthog.com/docs/hogql) over the last 7 days"""
TOP_EVENTS_SQL = ("SELECT event, count() AS events, max(timestamp) AS last_seen FROM events "
                  "WHERE timestamp > now() - INTERVAL 7 DAY GROUP BY event ORDER BY events DESC LIMIT 6")
UPGRADE_COLUMNS = ["event", "distinct_id", "properties.plan", "timestamp"]


def _retention(rng: random.Random, now: datetime) -> tuple[Record, list[Record]]:
    query = {"kind": "InsightVizNode", "source": {"kind": "RetentionQuery", "retentionFilter": {
        "period": "Week", "totalIntervals": 6, "targetEntity": {"id": "signed_up", "type": "events"},
        "returningEntity": {"id": "$pageview", "type": "events"}}}}
    start = (now - timedelta(weeks=5)).date()
    start -= timedelta(days=start.weekday())
    rows = []
    for cohort in range(6):
        size = rng.randrange(300, 900)
        counts = [size] + [int(size * 0.42 * 0.8 ** (week - 1) * rng.uniform(0.9, 1.1))
                           for week in range(1, 6 - cohort)]
        when = datetime(start.year, start.month, start.day) + timedelta(weeks=cohort)
        rows.append({"date": f"{when:%Y-%m-%d}T00:00:00Z", "label": f"Week {cohort}",
                     "values": [{"count": c, "label": f"Week {i}"} for i, c in enumerate(counts)]})
    return query, rows


def seed_result_kinds(data: ProjectData, now: datetime, rng: random.Random) -> None:
    """"Growth funnel" gets what real dashboards hold beside trends: a retention table, a HogQL
    table, an events table and markdown notes, laid out to fit one screen with its two funnels."""
    growth = next(d for d in data.dashboards.values() if d["name"] == "Growth funnel")
    tiles = sorted((t for t in data.tiles.values() if t["dashboard_id"] == growth["id"]), key=lambda t: t["id"])
    funnels = [t for t in tiles if t["insight_id"]]
    note = next(t for t in tiles if t["text_id"])
    when = str(iso_z(now - timedelta(days=1)))

    def insight(name: str, query: Record, result: object, **fields: object) -> int:
        return insight_record(data, name, query, when, short_id=f"{rng.getrandbits(40):010x}"[:8], result=result,
                              last_refresh=when, is_cached=True, created_by=user_basic(3), **fields)["id"]

    events = ["$pageview", "file_uploaded", "logged_in", "file_downloaded", "search_performed", "signed_up"]
    counts = sorted((rng.randrange(200, 9000) for _ in events), reverse=True)
    top = [[event, count, iso_z(now - timedelta(minutes=rng.randrange(1, 240)))] for event, count in zip(
        events, counts, strict=True)]
    upgrades = [["plan_upgraded", f"user-{rng.randrange(1000, 9999)}", rng.choice(["standard", "pro", "enterprise"]),
                 iso_z(now - timedelta(hours=3 * i + 1))] for i in range(6)]
    kinds = [
        (insight("Weekly retention after signup", *_retention(rng, now)), (0, 5, 7, 5)),
        (insight("Top events this week (SQL)", {"kind": "DataVisualizationNode", "source": {
            "kind": "HogQLQuery", "query": TOP_EVENTS_SQL}}, top, columns=["event", "events", "last_seen"]),
         (7, 5, 5, 5)),
        (insight("Latest plan upgrades", {"kind": "DataTableNode", "source": {
            "kind": "EventsQuery", "select": UPGRADE_COLUMNS, "event": "plan_upgraded",
            "orderBy": ["timestamp DESC"]}}, upgrades, columns=UPGRADE_COLUMNS), (0, 10, 8, 7)),
    ]
    places = [(funnels[0], (0, 0, 6, 5)), (funnels[1], (6, 0, 6, 5)), (note, (8, 10, 4, 7))]
    places += [(tile_record(data, growth["id"], insight_id=insight_id), box) for insight_id, box in kinds]
    data.texts[note["text_id"]]["body"] = GROWTH_NOTES
    places.sort(key=lambda place: (place[1][1], place[1][0]))
    for (tile, (x, y, w, h)), xs in zip(places, xs_stack([box[3] for _, box in places]), strict=True):
        tile["layouts"] = {"sm": {"x": x, "y": y, "w": w, "h": h}, "xs": xs}
