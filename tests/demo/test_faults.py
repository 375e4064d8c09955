from __future__ import annotations

import json
import time

import httpx
import pytest

from tui.demo import DemoOptions


def test_every_request_is_recorded_with_query_and_json_body(api, demo):
    api.get("/actions/", params=[("tags", "a"), ("tags", "b")])
    api.post("/actions/", json={"name": "Recorded"})
    first, second = demo.requests
    assert (first.method, first.path, first.query, first.body) == (
        "GET", "/api/projects/1/actions/", {"tags": ["a", "b"]}, None)
    assert (second.method, second.body) == ("POST", {"name": "Recorded"})


def test_reset_restores_seed_and_clears_requests(api, demo):
    api.patch("/dashboards/1/", json={"name": "changed"})
    api.post("/event_definitions/", json={"name": "brand_new"})
    demo.reset()
    assert demo.requests == []
    assert api.get("/dashboards/1/").json()["name"] == "Product analytics"
    assert api.get("/event_definitions/by_name/", params={"name": "brand_new"}).status_code == 404


def test_fail_every_n_answers_a_502_html_page(api, demo):
    demo.set_options(fail_every_n=3)
    statuses = [api.get("/actions/").status_code for _ in range(6)]
    assert statuses == [200, 200, 502, 200, 200, 502]
    assert [api.get("/dashboards/1/").status_code for _ in range(2)] == [200, 200]
    failing = api.get("/dashboards/1/")
    assert failing.status_code == 502
    assert failing.headers["content-type"].startswith("text/html") and "502 Bad Gateway" in failing.text


def test_error_rate_is_deterministic_per_seed(api, demo):
    demo.set_options(error_rate=0.5)
    first = [api.get("/actions/").status_code for _ in range(20)]
    demo.reset()
    assert [api.get("/actions/").status_code for _ in range(20)] == first
    assert set(first) == {200, 502}


def test_throttle_answers_429_with_retry_after(api, demo):
    demo.set_options(throttle_per_minute=3)
    statuses = [api.get("/actions/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    throttled = api.get("/actions/")
    assert throttled.json()["type"] == "throttled_error" and throttled.json()["code"] == "throttled"
    retry = int(throttled.headers["Retry-After"])
    assert 1 <= retry <= 60
    assert throttled.json()["detail"] == f"Request was throttled. Expected available in {retry} seconds."


def test_latency_is_added_to_responses(api, demo):
    demo.set_options(latency_ms=150)
    started = time.perf_counter()
    api.get("/actions/")
    assert time.perf_counter() - started >= 0.15


def test_stall_every_n_makes_the_client_time_out(api, demo):
    demo.set_options(stall_every_n=2, stall_seconds=2.0)
    assert api.get("/actions/").status_code == 200
    with pytest.raises(httpx.ReadTimeout):
        api.get("/actions/", timeout=0.3)


def test_truncate_every_n_cuts_the_json_body(api, demo):
    demo.set_options(truncate_every_n=2)
    whole = api.get("/dashboards/1/")
    cut = api.get("/dashboards/1/")
    assert cut.status_code == 200 and int(cut.headers["content-length"]) == len(cut.content)
    assert len(cut.content) == len(whole.content) // 2
    with pytest.raises(json.JSONDecodeError):
        cut.json()


def test_set_options_rejects_unknown_and_seed_shaping_options(demo):
    with pytest.raises(TypeError):
        demo.set_options(bogus=1)
    with pytest.raises(ValueError):
        demo.set_options(seed=3)
    assert "fail_every_n" in DemoOptions.__doc__
