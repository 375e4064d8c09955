"""The cache file of a list: what is kept, and that a file of another version, a damaged or a
hostile one is ignored or made safe, never trusted."""

from __future__ import annotations

import json
import os

import pytest

from tui.cli.main import _parser, _target
from tui.listing import cache

COLUMNS = ["name", "volume", "seen"]
PLACE = cache.Place("work", "https://eu.posthog.com", 7, "event_definitions", {"search": "pay"})


def _listing(rows: int = 3) -> cache.Listing:
    return cache.Listing(columns=COLUMNS, rows=[(f"id-{i}", (f"event {i}", i, None)) for i in range(rows)],
                         count=rows, filter="ev", sort="volume", reverse=True, fetched=1_000.0)


def _payload() -> dict:
    cache.write(PLACE, _listing())
    return json.loads(PLACE.path().read_text())


def _rewrite(data: object) -> None:
    PLACE.path().write_text(json.dumps(data))


def test_a_listing_round_trips_and_keeps_only_the_first_rows():
    cache.write(PLACE, _listing(cache.MAX_ROWS + 50))
    back = cache.read(PLACE, COLUMNS)
    assert back is not None and len(back.rows) == cache.MAX_ROWS and back.count == cache.MAX_ROWS + 50
    assert back.rows[1] == ("id-1", ("event 1", 1, None))
    assert (back.filter, back.sort, back.reverse, back.fetched) == ("ev", "volume", True, 1_000.0)


def test_each_list_has_its_own_file_per_host_project_and_server_filter():
    others = [cache.Place("work", "https://us.posthog.com", 7, "event_definitions", {"search": "pay"}),
              cache.Place("work", "https://eu.posthog.com", 8, "event_definitions", {"search": "pay"}),
              cache.Place("work", "https://eu.posthog.com", 7, "event_definitions", {}),
              cache.Place("work", "https://eu.posthog.com", 7, "dashboards", {"search": "pay"})]
    assert len({place.path() for place in [PLACE, *others]}) == 5
    cache.write(PLACE, _listing())
    assert all(cache.read(place, COLUMNS) is None for place in others)


@pytest.mark.parametrize("change", [
    {"version": cache.VERSION + 1},
    {"columns": ["name", "volume"]},
    {"resource": "dashboards"},
    {"rows": [["id-1", ["a", 1]]]},
    {"rows": [["id-1", ["a", 1, None]], ["id-1", ["b", 2, None]]]},
    {"rows": [["id-1", ["a", {"nested": 1}, None]]]},
    {"rows": "nope"},
    {"count": -1},
    {"fetched": "yesterday"},
    {"sort": "password"},
])
def test_a_file_of_another_version_or_shape_is_ignored(change):
    _rewrite({**_payload(), **change})
    assert cache.read(PLACE, COLUMNS) is None


@pytest.mark.parametrize("content", [b"", b"\x00\xff garbage", b"[1, 2", b"[" * 100_000, b'"just a string"'])
def test_a_damaged_file_is_ignored(content):
    _payload()
    PLACE.path().write_bytes(content)
    assert cache.read(PLACE, COLUMNS) is None


def test_strings_in_the_file_are_outside_text():
    data = _payload()
    data["rows"] = [["id-1", ["\x1b]52;c;aGk=\x07pwn\u202e", 1, None]]]
    data["filter"] = "\x1b[2J"
    _rewrite(data)
    back = cache.read(PLACE, COLUMNS)
    assert back is not None
    assert back.rows[0][1][0] == "␛]52;c;aGk=␇pwn\ufffd" and back.filter == "␛[2J"


def test_a_file_too_big_to_be_ours_is_not_read():
    _payload()
    PLACE.path().write_bytes(b" " * (cache.MAX_BYTES + 1))
    assert cache.read(PLACE, COLUMNS) is None


def test_clear_drops_one_profile_or_all():
    cache.write(PLACE, _listing())
    other = cache.Place("home", "https://eu.posthog.com", 7, "event_definitions", {})
    cache.write(other, _listing())
    assert cache.clear("work") == 1 and not PLACE.path().exists() and other.path().exists()
    assert cache.clear(everything=True) == 1 and not other.path().exists()
    assert cache.clear(everything=True) == 0


def test_age_as_the_status_line_says_it():
    assert [cache.age(0, now) for now in (30, 200, 7_300, 200_000)] == ["just now", "3 min ago", "2 h ago", "2 d ago"]


def test_no_cache_and_the_config_switch_turn_it_off(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text('[profiles.p]\nhost = "https://eu.posthog.com"\nproject = 1\n')
    monkeypatch.setenv("POSTHOG_TUI_CONFIG", str(path))
    assert _target(_parser().parse_args([]))[0].cache
    assert not _target(_parser().parse_args(["--no-cache"]))[0].cache
    assert not _target(_parser().parse_args(["--demo", "--no-cache"]))[0].cache
    path.write_text('cache = false\n[profiles.p]\nhost = "https://eu.posthog.com"\nproject = 1\n')
    assert not _target(_parser().parse_args([]))[0].cache


def test_removing_a_profile_drops_its_cache(tmp_path):
    from tui.settings import config

    path = tmp_path / "config.toml"
    path.write_text('[profiles.work]\nhost = "https://eu.posthog.com"\nproject = 7\n')
    cache.write(PLACE, _listing())
    config.remove_profile("work", path)
    assert not PLACE.path().exists()


def test_only_the_lists_used_last_are_kept():
    places = [cache.Place("work", "https://eu.posthog.com", 7, "event_definitions", {"search": str(i)})
              for i in range(cache.MAX_LISTS + 3)]
    for index, place in enumerate(places):
        cache.write(place, _listing())
        os.utime(place.path(), (index, index))
    assert [place.path().exists() for place in places] == [False] * 3 + [True] * cache.MAX_LISTS
