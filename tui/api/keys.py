"""What a personal API key may contain before it is put into a request header."""

from __future__ import annotations

from .errors import InvalidApiKeyError

_WHERE = "copy it again from PostHog (Settings > Personal API keys)"


def usable_key(key: str) -> str:
    """The key without surrounding whitespace; `InvalidApiKeyError` if it cannot be sent.

    A header value with a control character makes httpx fail with a message that quotes the
    whole header (key included), and a non-ASCII one fails in a codec. Real keys are printable
    ASCII, so anything else is a paste or keyring accident: refused with a reason that never
    repeats the key.
    """
    key = key.strip()
    if any(not char.isascii() for char in key):
        raise InvalidApiKeyError(f"The API key contains a non-ASCII character; {_WHERE}.")
    if any(not char.isprintable() or char.isspace() for char in key):
        raise InvalidApiKeyError(f"The API key contains a space or a control character; {_WHERE}.")
    return key
