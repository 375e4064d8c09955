"""An unexpected exception in background work is reported on screen, and the app keeps running."""

from textual import work
from textual.app import App
from textual.screen import Screen

from tui.screens.worker_errors import ReportWorkerErrors


class Failing(ReportWorkerErrors, Screen):
    @work(exit_on_error=False)
    async def explode(self) -> None:
        raise RuntimeError("tile layout went sideways")


class Harness(App):
    def on_mount(self) -> None:
        self.push_screen(Failing())


async def test_a_failed_worker_becomes_a_notification_not_a_crash():
    app = Harness()
    async with app.run_test() as pilot:
        app.screen.explode()
        await pilot.pause(0.2)
        messages = [str(n.message) for n in app._notifications]
        assert any("RuntimeError" in m and "tile layout went sideways" in m for m in messages)
        assert app.is_running
