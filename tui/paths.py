"""Where the app's stylesheets live, in a checkout and in an installed wheel."""

from importlib.resources import files
from pathlib import Path


def styles_dir() -> Path:
    # The wheel force-includes the top-level styles/ as tui/styles; a checkout or an
    # editable install only has the top-level folder.
    packaged = Path(str(files("tui") / "styles"))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "styles"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("posthog-tui stylesheets not found (styles/)")
