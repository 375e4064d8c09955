"""The footer is rebuilt when the keys it shows change, and only then."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Button
from textual.widgets._footer import FooterKey

from tui.widgets.footer import Footer


class Plain(Button):
    pass


class WithSave(Button):
    BINDINGS = [Binding("s", "save", "Save")]

    def action_save(self) -> None:
        pass

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return True if getattr(self.app, "saving", True) else None  # None: shown, but off


class FooterApp(App):
    BINDINGS = [Binding("v", "verify", "Verify"), Binding("h", "hide", "Hide")]
    saving = True

    def compose(self) -> ComposeResult:
        yield Plain("one", id="one")
        yield Plain("two", id="two")
        yield WithSave("three", id="three")
        yield Footer()

    def action_verify(self) -> None:
        pass

    def action_hide(self) -> None:
        pass


def keys(app: App) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


async def test_a_focus_change_showing_the_same_keys_keeps_them():
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        before = keys(app)
        assert [k.key for k in before] == ["v", "h", "ctrl+p"]
        app.query_one("#two").focus()
        await pilot.pause()
        await pilot.pause()
        assert keys(app) == before  # the very same widgets: nothing was rebuilt


async def test_new_keys_or_a_key_turned_off_rebuild_it():
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.query_one("#three").focus()
        await pilot.pause()
        await pilot.pause()
        assert [k.key for k in keys(app)] == ["s", "v", "h", "ctrl+p"]
        app.saving = False
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert [k.key for k in keys(app) if k.has_class("-disabled")] == ["s"]
        app.query_one("#one").focus()
        await pilot.pause()
        await pilot.pause()
        assert [k.key for k in keys(app)] == ["v", "h", "ctrl+p"]
