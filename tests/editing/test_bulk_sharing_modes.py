"""Bulk edits, dashboard sharing and snapshots, read-only and protected sessions, copy_tile re-send."""

from __future__ import annotations

import httpx

from tests.pilot import loaded, make_app, notes, screen_text, wait_until, writes
from tui.screens.bulk import BulkScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs.change_preview import ChangePreview
from tui.screens.dialogs.confirm import ConfirmScreen
from tui.screens.dialogs.picker import PickerScreen
from tui.screens.edit import EditScreen
from tui.screens.sharing import NoticeScreen, SharingScreen


async def _screen(pilot, kind) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind))
    await pilot.pause()


async def _mark_three(pilot) -> list:
    app = pilot.app
    await loaded(pilot)
    await pilot.press("space", "j", "space", "j", "space")
    return [app.screen.objects[k] for k in app.screen.table.selected_keys]


async def test_bulk_tags_on_marked_definitions_reports_the_ones_that_failed(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        marked = await _mark_three(pilot)
        assert len(marked) == 3
        gone = marked[1]
        with httpx.Client(headers={"Authorization": f"Bearer {demo.api_key}"}) as other:
            other.delete(f"{demo.url}/api/projects/{demo.project_id}/event_definitions/{gone.id}/").raise_for_status()
        demo.requests.clear()
        await pilot.press("b")
        await _screen(pilot, PickerScreen)
        await pilot.press("enter")  # Add tags
        await wait_until(pilot, lambda: app.screen.query("#prompt-input"))
        await pilot.press(*"audited, q3", "enter")
        await _screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await _screen(pilot, BulkScreen)
        await wait_until(pilot, lambda: app.screen.report is not None)
        assert "2 updated · 1 failed" in screen_text(app)
        assert f"{gone.name}: Not found" in screen_text(app)
        (request,) = writes(demo)
        assert (request.method, request.path) == (
            "POST", f"/api/projects/{demo.project_id}/event_definitions/bulk_update_tags/")
        assert request.body == {"ids": [m.id for m in marked], "action": "add", "tags": ["audited", "q3"]}
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, BulkScreen))
        assert "audited" in app.screen.objects[marked[0].id].tags
        # one undo entry takes the tags back on the two that changed
        await pilot.press("u")
        await _screen(pilot, ChangePreview)
        await pilot.press("y")
        await wait_until(pilot, lambda: len(writes(demo)) == 3)
        undo = writes(demo)[1:]
        assert [(r.method, r.body) for r in undo] == [("PATCH", {"tags": list(m.tags)}) for m in (marked[0], marked[2])]


async def test_bulk_verify_uses_the_bulk_endpoint_and_tags_on_dashboards_fall_back_to_patches(demo):
    demo.set_options(session_endpoints=False)
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        marked = await _mark_three(pilot)
        await pilot.press("b")
        await _screen(pilot, PickerScreen)
        await pilot.press(*"verify", "enter")
        await _screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await _screen(pilot, BulkScreen)
        await wait_until(pilot, lambda: app.screen.report is not None)
        await pilot.press("escape")
        (verify,) = writes(demo)
        assert verify.path.endswith("/event_definitions/bulk_update_verified/")
        assert verify.body == {"ids": [m.id for m in marked], "verified": True}
        assert all(app.screen_stack[-1].objects[m.id].verified for m in marked)
        demo.requests.clear()
        await loaded(pilot, "dashboards")
        await pilot.press("space", "j", "space")
        await pilot.press("b")
        await _screen(pilot, PickerScreen)
        await pilot.press(*"remove", "enter")
        await wait_until(pilot, lambda: app.screen.query("#prompt-input"))
        await pilot.press(*"core", "enter")
        await _screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await _screen(pilot, BulkScreen)
        await wait_until(pilot, lambda: app.screen.report is not None)
        bulk, *patches = writes(demo)
        assert bulk.path.endswith("/dashboards/bulk_update_tags/")  # refused for personal keys: 403
        assert [p.method for p in patches] == ["PATCH", "PATCH"]
        assert all("core" not in p.body["tags"] for p in patches)


async def _dashboard(pilot, name: str | None = None) -> DashboardScreen:
    app = pilot.app
    await loaded(pilot, "dashboards")
    if name:
        app.screen.table.move_cursor_to(next(k for k, d in app.screen.objects.items() if d.name == name))
    await pilot.press("enter")
    await _screen(pilot, DashboardScreen)
    await wait_until(pilot, lambda: app.screen.tiles)
    return app.screen


async def test_sharing_enable_rotate_password_shown_once_and_delete(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await _dashboard(pilot)
        demo.requests.clear()
        await pilot.press("s")
        await _screen(pilot, SharingScreen)
        sharing = app.screen
        await wait_until(pilot, lambda: sharing.config is not None)
        token = sharing.config.access_token
        await pilot.press("space")
        await wait_until(pilot, lambda: sharing.config.enabled)
        assert f"/shared/{token}" in screen_text(app)
        await pilot.press("r")
        await _screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await wait_until(pilot, lambda: sharing.config.access_token != token)
        await pilot.press("p")
        await wait_until(pilot, lambda: sharing.config.password_required)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen.query("#prompt-input"))
        await pilot.press(*"for the board", "enter")
        await _screen(pilot, NoticeScreen)
        password = app.screen.text
        assert len(password) >= 8 and password in screen_text(app)
        await pilot.press("c")
        assert app.clipboard == password
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is sharing and sharing.config.share_passwords)
        assert password not in screen_text(app)  # never shown again
        (listed,) = sharing.config.share_passwords
        await pilot.press("d")
        await _screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await wait_until(pilot, lambda: any(r.method == "DELETE" for r in writes(demo)))
        await wait_until(pilot, lambda: not sharing.config.share_passwords)
        base = f"/api/projects/{demo.project_id}/dashboards/{board.dashboard.id}/sharing/"
        assert [(r.method, r.path, r.body) for r in writes(demo)] == [
            ("PATCH", base, {"enabled": True}),
            ("POST", base + "refresh/", None),
            ("PATCH", base, {"password_required": True}),
            ("POST", base + "passwords/", {"note": "for the board"}),
            ("DELETE", f"{base}passwords/{listed.id}/", None),
        ]


async def test_read_only_session_hides_writes_and_says_why(demo):
    app = make_app(demo, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        footer = screen_text(app).splitlines()[-4:]
        assert not any("Edit" in line for line in footer)
        for key in ("e", "n", "d"):
            await pilot.press(key)
        await wait_until(pilot, lambda: notes(app).count("Read-only session") == 3)
        assert not isinstance(app.screen, EditScreen) and writes(demo) == []


async def test_protected_project_asks_for_the_name_before_any_write(demo):
    app = make_app(demo, protected=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        name = app.connection.project_name
        await pilot.press("e")
        await _screen(pilot, EditScreen)
        assert "PROTECTED PROJECT" in screen_text(app)
        await pilot.press("end", *"!", "ctrl+s")
        await _screen(pilot, ChangePreview)
        await pilot.press("y")
        await _screen(pilot, ConfirmScreen)
        assert app.screen.has_class("-protected")
        await pilot.press(*"wrong", "enter")
        await pilot.pause(0.1)
        assert isinstance(app.screen, ConfirmScreen) and writes(demo) == []
        await pilot.press(*["backspace"] * 5, *name, "enter")
        await wait_until(pilot, lambda: writes(demo))
        assert writes(demo)[0].method == "PATCH"


async def test_copy_tile_whose_answer_was_lost_is_checked_before_any_resend(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        board = await _dashboard(pilot, "Hedgebox KPIs")
        first, second = [t for t in board.tiles.values() if t.insight is not None][:2]
        board.board.selected_id = first.id

        async def copy(fault: str) -> None:
            await pilot.press("c")
            await _screen(pilot, PickerScreen)
            await pilot.press(*"empty dashboard", "enter")
            await _screen(pilot, ChangePreview)
            demo.set_options(**{fault: len(demo.requests) + 1})  # only the copy_tile request
            await pilot.press("y")

        demo.requests.clear()
        await copy("truncate_every_n")  # applied, but the answer is cut off
        await wait_until(pilot, lambda: "did arrive" in notes(app))
        assert [r.path.rsplit("/", 2)[-2] for r in writes(demo)] == ["copy_tile"]
        demo.set_options(truncate_every_n=None)
        board.board.selected_id = second.id
        demo.requests.clear()
        await copy("fail_every_n")  # a 502: not applied
        await _screen(pilot, ConfirmScreen)
        assert "does not have the tile" in screen_text(app)
        demo.set_options(fail_every_n=None)
        await pilot.press("y")
        await wait_until(pilot, lambda: len(writes(demo)) == 2)
        assert [r.path.rsplit("/", 2)[-2] for r in writes(demo)] == ["copy_tile", "copy_tile"]


async def test_on_an_open_source_deployment_a_bulk_verify_is_refused_once_not_per_row(demo):
    demo.set_options(edition="foss")  # self-hosted FOSS refuses description, verified and hidden
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        marked = await _mark_three(pilot)
        demo.requests.clear()
        await pilot.press("b")
        await _screen(pilot, PickerScreen)
        await pilot.press(*"verify", "enter")
        await _screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await _screen(pilot, BulkScreen)
        await wait_until(pilot, lambda: app.screen.report is not None)
        sent = [(r.method, r.path.rsplit("/", 2)[-2]) for r in writes(demo)]
        assert sent == [("POST", "bulk_update_verified"), ("PATCH", marked[0].id)]
        status = str(app.screen.query_one("#bulk-status").render())
        assert status.startswith("Not sent: This field is not supported by this deployment")
        assert len(app.screen.report.failed) == 3
