"""Which hosts the app sends a key to, and how a host is written: no pydantic, so the command
line checks `--host` and a profile's host before the app's first frame."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

REGION_HOSTS = {"us": "https://us.posthog.com", "eu": "https://eu.posthog.com"}
# The `.i.` hosts only take ingestion (capture, flags); the private API answers on the app host.
_INGESTION_HOSTS = {"us.i.posthog.com": REGION_HOSTS["us"], "eu.i.posthog.com": REGION_HOSTS["eu"]}


class HostError(ValueError):
    """A host the app refuses to send a key to; the message says why and what to do."""


def is_loopback(hostname: str) -> bool:
    if hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


def validate_host(url: str) -> str:
    """Normalise a host (or the shortcuts `us` / `eu`) to `scheme://host[:port]`.

    Plain http is refused except on loopback: the key travels in every request header.
    """
    text = url.strip()
    if not text:
        raise HostError("Enter a host: us, eu, or the https:// address of your PostHog server.")
    if text.lower() in REGION_HOSTS:
        return REGION_HOSTS[text.lower()]
    if "://" not in text:
        # Without a scheme, loopback means a local dev or demo server, which speaks http.
        bare = urlsplit(f"//{text}").hostname or ""
        text = f"{'http' if is_loopback(bare) else 'https'}://{text}"
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    try:
        hostname, port = parts.hostname, parts.port
    except ValueError:
        raise HostError(f"{url.strip()!r} has an invalid port number.") from None
    if scheme not in ("http", "https") or not hostname:
        raise HostError(f"{url.strip()!r} is not a web address; use e.g. https://posthog.example.com.")
    if parts.username is not None or parts.password is not None:
        raise HostError("Leave user names and passwords out of the host address.")
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise HostError(
            f"Enter only the server address, without a path: {scheme}://{parts.netloc}."
        )
    if hostname in _INGESTION_HOSTS:
        raise HostError(
            f"{hostname} only receives events; the API is at {_INGESTION_HOSTS[hostname]}."
        )
    if scheme == "http" and not is_loopback(hostname):
        raise HostError(
            f"Refusing plain http for {hostname}: the API key would travel unencrypted. "
            "Use https:// (http is allowed only for localhost, 127.0.0.1 and ::1)."
        )
    netloc = f"[{hostname}]" if ":" in hostname else hostname
    if port is not None:
        netloc = f"{netloc}:{port}"
    return f"{scheme}://{netloc}"
