"""Holding off the collector's full passes: they come back, at their threshold, with the last release."""

from __future__ import annotations

import gc
import sys

import pytest

from tui.collector import FullPassesHeld, full_passes_held


@pytest.fixture
def full_passes():
    """The generation-2 collections run meanwhile (their count)."""
    seen: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            seen.append(1)

    gc.collect()
    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)


def long_lived(count: int) -> list[list[int]]:
    # Kept alive, so young collections promote them to the oldest generation, which a full pass then walks.
    return [[index] for index in range(count)]


def test_holds_nest_and_the_last_release_restores_the_threshold():
    before = gc.get_threshold()
    first, second = FullPassesHeld(), FullPassesHeld()
    assert full_passes_held() and gc.get_threshold()[:2] == before[:2] and gc.get_threshold()[2] > 10**6
    first.release()
    first.release()  # once only: the other hold is still there
    assert full_passes_held() and gc.get_threshold()[2] > 10**6
    second.release()
    assert not full_passes_held() and gc.get_threshold() == before


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="3.14's incremental collector has no full passes to hold")
def test_no_full_pass_while_held_however_much_is_promoted(full_passes):
    count = max(200_000, len(gc.get_objects()))
    kept = long_lived(count)
    assert full_passes, "without a hold this much promoted work brings a full pass"
    full_passes.clear()
    hold = FullPassesHeld()
    try:
        kept += long_lived(count)
        assert not full_passes
    finally:
        hold.release()
    del kept
