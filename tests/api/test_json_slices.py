"""JSON decoded in slices gives what `json.loads` gives, refuses what it refuses, and yields."""

from __future__ import annotations

import asyncio
import json

import pytest

from tui.api import json_slices

SAMPLES = [
    '{"query_status": {"id": "q", "complete": true, "results": {"columns": ["a", "b"], '
    '"results": [[1, "x"], [2.5, null], [true, {"k": [1, [2]]}], ["\\u00e9\\"]", []]], "hasMore": false}}}',
    ' [ ] ', "{}", '"text"', "12", "null", '[{"a": {}}, [], [[]], "]", "}", {"": ","}]',
    '{ "spaced" :\n [ 1 ,\t2 ] , "x" : { } }',
]


@pytest.mark.parametrize("text", SAMPLES)
async def test_the_same_value_as_json_loads(text):
    assert await json_slices.loads(text.encode(), every=1) == json.loads(text)


@pytest.mark.parametrize("text", ['{"a": 1', '[1, 2', '{"a" 1}', '[1 2]', '{1: 2}', '[1],', '', '{"a": [1,]}'])
async def test_what_json_loads_refuses_is_refused(text):
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        await json_slices.loads(text.encode())


async def test_the_event_loop_gets_turns_between_slices():
    rows = [[i, f"event_{i}", {"n": i}] for i in range(10_000)]
    turns = 0

    async def count() -> None:
        nonlocal turns
        while True:
            await asyncio.sleep(0)
            turns += 1

    counter = asyncio.ensure_future(count())
    decoded = await json_slices.loads(json.dumps({"results": rows}).encode(), every=1_000)
    counter.cancel()
    assert decoded == {"results": rows} and turns >= 9
