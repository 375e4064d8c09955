"""The volumes' per-day sparkline."""

from __future__ import annotations

from datetime import date, timedelta

from tui.triage.volumes import LEVELS, Volumes, sparkline

LAST = date(2026, 12, 1)


def test_one_character_a_day_oldest_first_scaled_to_the_busiest_day():
    line = sparkline({LAST: 80, LAST - timedelta(days=1): 1, LAST - timedelta(days=29): 40}, LAST)
    assert len(line) == 30
    assert line[-1] == LEVELS[-1] and line[-2] == LEVELS[0] and line[0] == LEVELS[3]
    assert set(line[1:-2]) == {" "}  # days without events are blank, not the lowest bar


def test_an_event_without_volume_has_a_blank_line_and_days_outside_the_window_do_not_count():
    assert sparkline({}, LAST) == " " * 30
    assert sparkline({LAST - timedelta(days=30): 5}, LAST) == " " * 30


def test_the_line_ends_on_the_servers_day():
    from datetime import UTC, datetime

    volumes = Volumes({"a": {LAST: 3}}, as_of=datetime(2026, 12, 2, 0, 5, tzinfo=UTC))
    assert volumes.sparkline("a")[-2:] == LEVELS[-1] + " "
