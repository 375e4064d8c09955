"""Holding off the cyclic collector's full passes while a screen keeps tens of thousands of models.

A full pass walks every tracked object that is not frozen, in one go, holding the GIL (so in a
thread too). The triage's 10,000 event definitions are ~68,000 containers (each model, its
`__dict__`, its fields set, its lists) with ~620,000 references: a pass over them takes 45-100 ms,
and passes come while they are decoded and their queues computed, each time the oldest generation
has grown by a quarter. They hold no cycles, so the passes never free any of them.

`FullPassesHeld` keeps the young generations collected as usual (most cyclic garbage dies young)
and puts the full passes off until every hold is released: cyclic garbage that lived long enough
to reach the oldest generation waits until then. Listings leave none that holds rows or bodies
(see `pagination._OffsetPlan.run` and `session.Session.request`); a triage refreshed with `r`
leaves ~5,000 small objects of httpx's. Freezing the models (`gc.freeze`, as start-up does) would
also freeze the screen holding them, whose widgets are cyclic: every screen opened would be kept
for good.
"""

from __future__ import annotations

import gc

# Gen-1 collections before a full pass while held: never, in practice (2**30 of them are ~7e12 allocations).
_NEVER = 1 << 30

_holds = 0
_saved: int | None = None


class FullPassesHeld:
    """A hold on the collector's full passes, from creation until `release()` (once; again is a no-op).

    Holds nest: the full passes come back, at the threshold they had, with the last release.
    """

    def __init__(self) -> None:
        global _holds, _saved
        if _holds == 0:
            young, middle, _saved = gc.get_threshold()
            gc.set_threshold(young, middle, _NEVER)
        _holds += 1
        self._held = True

    def release(self) -> None:
        global _holds, _saved
        if not self._held:
            return
        self._held = False
        _holds -= 1
        if _holds == 0 and _saved is not None:
            young, middle, _ = gc.get_threshold()
            gc.set_threshold(young, middle, _saved)
            _saved = None


def full_passes_held() -> bool:
    return _holds > 0
