"""Fixtures shared by the provider tests: a local fake OpenAI-compatible server and the suite's Redis.

Redis comes from the session's ``infra`` fixture (the machine's Redis when it answers, else an
embedded one), on this run's own database number, so that no test depends on a fixed address.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis

from tests.fakes.fake_openai import FakeOpenAIServer


@pytest.fixture
def fake() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(hang_seconds=3.0) as server:
        yield server


@pytest.fixture
def redis_url(infra: dict[str, str]) -> str:
    """The URL of this run's Redis database."""
    return infra["redis_url"]


@pytest.fixture
def connect(redis_url: str) -> Iterator[Callable[..., redis.Redis]]:
    """Open more clients on this run's Redis (another worker's view, a counting connection); each is
    closed after the test. Keyword arguments go to ``redis.Redis.from_url``."""
    clients: list[redis.Redis] = []

    def open_client(**kwargs: Any) -> redis.Redis:
        client = redis.Redis.from_url(redis_url, **kwargs)
        clients.append(client)
        return client

    yield open_client
    for client in clients:
        client.close()


@pytest.fixture
def redis_client(connect: Callable[..., redis.Redis]) -> redis.Redis:
    """A client on this run's Redis database, emptied first so that no earlier test's keys remain."""
    client = connect()
    client.flushdb()
    return client
