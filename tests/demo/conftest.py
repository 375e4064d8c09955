from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tui.demo import DemoServer


def client_for(server: DemoServer, key: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key or server.api_key}"}
    return httpx.Client(base_url=f"{server.url}/api/projects/{server.project_id}", headers=headers, timeout=10)


@pytest.fixture
def api(demo: DemoServer) -> Iterator[httpx.Client]:
    """Plain httpx against the reset session server, project-relative URLs, full-access key."""
    with client_for(demo) as client:
        yield client


def walk(client: httpx.Client, url: str, params: dict | None = None) -> tuple[list[dict], list[dict]]:
    """Follow `next` to the end; returns (all rows, all pages)."""
    pages, rows = [], []
    response = client.get(url, params=params)
    while True:
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append(page)
        rows.extend(page["results"])
        if not page.get("next"):
            return rows, pages
        response = client.get(page["next"])
