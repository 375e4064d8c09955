"""What a long list keeps while it loads: packed objects and pages put back in order."""

from __future__ import annotations

import asyncio

import pytest

from tui.api.client import PostHogClient
from tui.listing.ordering import OrderedPages
from tui.listing.store import ObjectStore

GROUPS = ("event_definitions", "property_groups", "event_schemas", "dashboards", "actions", "events")


@pytest.mark.parametrize("group", GROUPS)
async def test_every_object_comes_back_from_the_store_as_it_went_in(demo, group):
    async with PostHogClient(demo.url, demo.api_key, demo.project_id) as api:
        page = await getattr(api, group).page(limit=200)
    assert page.results
    store = ObjectStore()
    half = len(page.results) // 2
    for chunk in (page.results[:half], page.results[half:]):
        store.add_page([(str(obj.id), obj) for obj in chunk])
    assert len(store) == len(page.results)
    for obj in page.results:
        assert store[str(obj.id)] == obj
    keys = [str(obj.id) for obj in reversed(page.results)]
    assert store.many(keys, lambda obj: obj) == list(reversed(page.results))


async def test_store_keeps_set_objects_and_points_repeated_keys_at_the_newest_copy(demo):
    async with PostHogClient(demo.url, demo.api_key, demo.project_id) as api:
        first, second = (await api.dashboards.page(limit=2)).results
    store = ObjectStore()
    store.add_page([("a", first), ("b", second)])
    edited = first.model_copy(update={"name": "edited"})
    store["a"] = edited
    assert store["a"] is edited and "a" in store and list(store) == ["b", "a"]
    store.add_page([("a", second)])
    assert store["a"] == second and len(store) == 2
    del store["a"]
    assert "a" not in store and store.many(["b"], lambda obj: obj.name) == [second.name]
    with pytest.raises(KeyError):
        store["a"]
    store.clear()
    assert len(store) == 0 and "b" not in store


async def test_pages_arriving_out_of_order_are_delivered_in_order_one_per_loop_turn():
    delivered: list[str] = []
    ordered = OrderedPages(delivered.append)
    turns: list[int] = []

    async def ticker() -> None:
        for _ in range(10):
            turns.append(len(delivered))
            await asyncio.sleep(0)

    tick = asyncio.create_task(ticker())
    await ordered.receive(4, 2, "third")
    await ordered.receive(2, 2, "second")
    assert delivered == []
    await ordered.receive(0, 2, "first")
    await ordered.receive(6, 0, "end")
    await tick
    assert delivered == ["first", "second", "third", "end"]
    # The three held pages went out in separate loop turns, not in one burst.
    assert {1, 2, 3} <= set(turns)
