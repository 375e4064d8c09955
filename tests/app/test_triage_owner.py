"""`o` in triage: the owner picked by name from the organization's people, the PATCH the demo got,
the undo, backing out, "no owner", and a key that may not list the people."""

from __future__ import annotations

from tests.app.test_triage_screen import SIZE, opened, patches, queued
from tests.pilot import make_app, notes, paste, screen_text, settle, wait_until, writes
from tui.screens.dialogs.change_preview import ChangePreview
from tui.screens.dialogs.people_picker import PeoplePicker
from tui.screens.help import HelpScreen
from tui.screens.triage import TriageScreen


def member_reads(demo) -> int:
    return sum(1 for r in demo.requests if r.path.rstrip("/").endswith("/members"))


def shown(app) -> list[str]:
    return [str(o.prompt) for o in app.screen.query_one("#picker-list").options]


async def picker(pilot) -> PeoplePicker:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, PeoplePicker)
                     and (app.screen.people is not None or app.screen.problem is not None), "the people")
    return app.screen


async def test_o_picks_the_owner_by_part_of_the_name_then_the_queue_moves_on_and_u_takes_it_back(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        obj, second = screen.current(), queued(screen)[1]
        before = obj.owner_id
        name, user_id, label = ("liu", 3, "Wei Liu <wei.liu@hedgebox.net>") if before != 3 else \
            ("hog", 2, "Max Hog <max@hedgebox.net>")
        await pilot.press("o")
        dialog = await picker(pilot)
        assert shown(app)[0] == "no owner" + ("  (now)" if before is None else "") and len(shown(app)) == 5
        await pilot.press(*name)  # typed, key by key
        await wait_until(pilot, lambda: shown(app)[:1] == [label], "the list narrowed to the name")
        assert dialog.query_one("#picker-input").value == name
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the preview")
        assert not patches(demo) and label.split(" <")[0] in screen_text(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: patches(demo), "the PATCH")
        assert patches(demo) == [(obj.id, {"owner": user_id})]
        assert demo.state.projects[1].definitions[obj.id]["owner"]["id"] == user_id
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen) and screen.definitions[obj.id].owner_id == user_id
        assert screen.current().name == second  # on to the next row, as v and t do
        await pilot.press("u")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the undo preview")
        assert any(label in " ".join(map(str, row)) for row in app.screen._rows)
        await pilot.press("y")
        await wait_until(pilot, lambda: len(patches(demo)) == 2, "the undo PATCH")
        assert patches(demo)[1] == (obj.id, {"owner": before})
    assert not worker_errors


async def test_esc_in_the_picker_writes_nothing_and_the_owner_it_has_writes_nothing(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        unowned = next(key for key in screen.table.visible_keys() if screen.definitions[key].owner_id is None)
        screen.table.move_cursor_to(unowned)
        await pilot.pause()
        row = screen.table.cursor_row
        await pilot.press("o")
        await picker(pilot)
        await paste(pilot, "hana")
        await wait_until(pilot, lambda: shown(app) == ["Hana Hedgehog <hana@hedgebox.net>"], "Hana")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TriageScreen), "the queue again")
        await settle(pilot)
        assert not patches(demo) and screen.table.cursor_row == row and screen.current().id == unowned
        # "no owner" on a definition that has none: nothing to send either.
        await pilot.press("o")
        await picker(pilot)
        await paste(pilot, "no own")
        await wait_until(pilot, lambda: shown(app)[:1] == ["no owner  (now)"], "no owner first")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "has that owner already (no owner)" in notes(app), "the note")
        await settle(pilot)
        assert not patches(demo) and writes(demo) == []
        assert member_reads(demo) == 1  # the people are read once
    assert not worker_errors


async def test_no_owner_clears_the_owner(demo, worker_errors):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        owned = next(key for key in screen.table.visible_keys() if screen.definitions[key].owner_id is not None)
        screen.table.move_cursor_to(owned)
        await pilot.pause()
        await pilot.press("o")
        await picker(pilot)
        listing = app.screen.query_one("#picker-list")
        start = listing.highlighted  # the owner it has now
        assert start > 0 and shown(app)[start].endswith("  (now)") and shown(app)[0] == "no owner"
        # Tab to the list, then j/k move in it; "no owner" is its first row.
        await pilot.press("tab", "j", "k", *"k" * start)
        assert listing.has_focus and listing.highlighted == 0
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePreview), "the preview")
        await pilot.press("y")
        await wait_until(pilot, lambda: patches(demo), "the PATCH")
        assert patches(demo) == [(owned, {"owner": None})]
        assert demo.state.projects[1].definitions[owned]["owner"] is None
    assert not worker_errors


async def test_help_and_the_palette_list_o_in_triage(demo, worker_errors):
    from tests.app.test_explorer_keys import palette_hits

    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        line = next(line for line in screen_text(app).splitlines() if "triage.owner" in line)
        assert " o " in line and "Set the owner: pick a person by name or email" in line
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TriageScreen), "the queue again")
        assert any("Owner (o)" in hit for hit in await palette_hits(pilot, "owner"))
        await pilot.press("enter")  # the palette runs it
        await picker(pilot)
    assert not worker_errors


async def test_a_key_that_may_not_list_the_people_is_told_why_and_nothing_is_picked(demo, worker_errors):
    from tui.app import PostHogApp
    from tui.connection import Target
    from tui.demo import DEMO_SCOPED_KEY

    app = PostHogApp(Target(host=demo.url, project=demo.project_id, profile="demo"), api_key=DEMO_SCOPED_KEY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        row = screen.table.cursor_row
        await pilot.press("o")
        dialog = await picker(pilot)
        assert dialog.people is None and not shown(app)
        assert ("Nobody to pick: The organization's member list is not available: API keys with scoped projects "
                "are only supported on project-based endpoints.") in str(dialog.query_one("#people-status").content)
        await pilot.press("n", "o", "enter")  # nobody to pick, not even "no owner"
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TriageScreen), "the queue again")
        await settle(pilot)
        assert not patches(demo) and screen.table.cursor_row == row
    assert not worker_errors


def test_people_match_by_name_or_email_any_case_without_accents_or_by_their_letters_in_order():
    from tui.api.models import UserBasic
    from tui.demo.users import USERS

    dialog = PeoplePicker("Owner", lambda: None)
    dialog.people = [UserBasic(**user) for user in USERS.values()]

    def names(text: str) -> list[str]:
        return [p.first_name if p is not None else "nobody" for p in dialog.matches(text)]

    assert names("") == ["nobody", "Hana", "Max", "Wei", "Zoë"]
    assert names("HOG") == ["Max", "Hana"]  # a word that starts there before one inside a word
    assert names("zoe") == names("østergaard") == names("Zoë Ø") == ["Zoë"]
    assert names("wei.liu@") == names("liu wei") == ["Wei"]
    assert names("hhog") == ["Hana"]  # its letters in order: Hana HedgeHOG
    assert names("no")[0] == "nobody" and names("xyz") == []


async def test_a_read_only_session_opens_no_picker_and_says_why(demo, worker_errors):
    app = make_app(demo, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("o")
        await wait_until(pilot, lambda: "Read-only session" in notes(app), "the refusal")
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen) and not member_reads(demo) and not patches(demo)
    assert not worker_errors
