"""Background work that fails unexpectedly still says so on screen."""

from __future__ import annotations

from textual.worker import Worker, WorkerState


class ReportWorkerErrors:
    """Workers run with exit_on_error=False so a bug never kills the app; without this, an
    unexpected exception in one would just look like nothing happening."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.app.notify(
                f"Something went wrong ({type(error).__name__}): {error}", severity="error", timeout=10
            )
