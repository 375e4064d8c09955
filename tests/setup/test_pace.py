"""The apply's pace: never more in a window than PostHog allows, evenly spaced once past a short burst."""

from __future__ import annotations

import asyncio

from tui.setup.pace import SteadyPace, minutes_needed


class Clock:
    """Time that moves only when the pace sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def _send(pace: SteadyPace, clock: Clock, count: int) -> list[float]:
    times = []
    for _ in range(count):
        await pace.acquire("crud")
        times.append(clock.now)
    return times


def _most_in_any_window(times: list[float], period: float) -> int:
    return max(sum(1 for t in times if start <= t < start + period) for start in times)


async def test_no_minute_ever_holds_more_than_the_limit_and_the_pace_is_the_limit():
    clock = Clock()
    pace = SteadyPace({"crud": ((480, 60.0), (4800, 3600.0))}, clock=clock, sleep=clock.sleep)
    times = await _send(pace, clock, 2000)
    # A little of each minute is left to the key's other requests.
    assert _most_in_any_window(times, 60.0) <= 480 - 9
    assert times[39] == 0.0 and times[40] > 0  # a pull's few dozen reads go at once
    gaps = [b - a for a, b in zip(times[40:200], times[41:201])]
    assert min(gaps) >= pace.interval() - 1e-9
    # 2,000 requests take within 5 % of 2,000 / 480 minutes.
    assert abs(times[-1] / 60 - minutes_needed(2000)) / minutes_needed(2000) < 0.05


async def test_the_hour_window_holds_too():
    clock = Clock()
    pace = SteadyPace({"crud": ((100, 1.0), (300, 60.0))}, burst=10, margin=0.0, spare=0.0, clock=clock,
                      sleep=clock.sleep)
    times = await _send(pace, clock, 900)
    assert _most_in_any_window(times, 60.0) <= 300
    assert times[-1] >= 120.0


async def test_concurrent_requests_wait_their_turn():
    clock = Clock()
    pace = SteadyPace({"crud": ((60, 60.0),)}, burst=1, margin=0.0, spare=0.0, clock=clock, sleep=clock.sleep)
    done: list[float] = []

    async def one() -> None:
        await pace.acquire("crud")
        done.append(clock.now)

    await asyncio.gather(*(one() for _ in range(5)))
    assert done == [0.0, 1.0, 2.0, 3.0, 4.0]
