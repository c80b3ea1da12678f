"""Retries, the Redis circuit breaker, the completion cache and cost estimates — the provider parts
driven through the real OpenAI SDK against the local fake server, the shared state on real Redis."""

from __future__ import annotations

import hashlib
import json
import logging
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from etp_app.drafting import providers
from etp_app.drafting.providers.breaker import Admission, BreakerState, CircuitBreaker
from etp_app.drafting.providers.cache import DEFAULT_CACHE_TTL_SECONDS, CompletionCache
from etp_app.drafting.providers.costs import CostTable, ModelPrice
from etp_app.drafting.providers.openai_provider import InvalidOutputError, OpenAIProvider
from etp_app.drafting.providers.resilience import ResilientProvider
from etp_app.drafting.providers.retry import backoff_delay, retry_call
from etp_app.drafting.types import Completion, Prompt, ProviderError, ProviderUnavailable
from tests.fakes.fake_openai import Behaviour, FakeOpenAIServer

UNAVAILABLE_MESSAGE = r"^O provedor de IA está indisponível \(última falha: [^)]+\); tente novamente em \d+ s\.$"


class RecordingSleep:
    """Stands in for time.sleep: records the delays, waits for none of them."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def wait_until(condition: Callable[[], bool], timeout: float = 5.0, interval: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met before the deadline")
        time.sleep(interval)


# -- fixtures ----------------------------------------------------------------------------------------


@pytest.fixture
def key_prefix(redis_client: redis.Redis) -> Iterator[str]:
    """A namespace of keys for this test only; its keys (and only them) are deleted afterwards."""
    prefix = f"test:resilience:{uuid.uuid4().hex}:"
    yield prefix
    keys = list(redis_client.scan_iter(match=f"{prefix}*", count=500))
    if keys:
        redis_client.delete(*keys)


@pytest.fixture
def prompt() -> Prompt:
    return Prompt(
        system="Você redige Estudos Técnicos Preliminares conforme a Lei 14.133/2021.",
        user=f"Redija a seção IV (Estimativa das quantidades). Ref. {uuid.uuid4().hex}",
        temperature=0.2,
        max_tokens=600,
    )


class CountingConnection(redis.Connection):
    """Counts what a client sends: one packed send is one round trip (a pipeline is one)."""

    round_trips = 0

    def send_packed_command(self, command: object, check_health: bool = True) -> None:
        type(self).round_trips += 1
        super().send_packed_command(command, check_health)  # type: ignore[arg-type]


@pytest.fixture
def counting_client(redis_url: str) -> Iterator[tuple[redis.Redis, type[CountingConnection]]]:
    """A client of its own whose round trips are counted (from zero once connected)."""
    counter = type("Counter", (CountingConnection,), {"round_trips": 0})
    client = redis.Redis.from_url(redis_url, connection_class=counter)
    client.ping()
    counter.round_trips = 0
    yield client, counter
    client.close()


def make_breaker(client: redis.Redis, prefix: str, **kwargs: float) -> CircuitBreaker:
    """A breaker of this test's namespace; half-open, callers fail at once unless the test asks for
    ``probe_wait_seconds`` (the waiting is tested in test_breaker.py)."""
    params: dict[str, float] = {
        "failure_threshold": 3,
        "window_seconds": 60,
        "open_seconds": 30,
        "probe_wait_seconds": 0,
    }
    params.update(kwargs)
    return CircuitBreaker(client, "openai", key_prefix=f"{prefix}breaker:", **params)  # type: ignore[arg-type]


def make_cache(client: redis.Redis, prefix: str) -> CompletionCache:
    return CompletionCache(client, prefix=f"{prefix}cache:")


def make_resilient(
    fake: FakeOpenAIServer,
    *,
    breaker: CircuitBreaker | None = None,
    cache: CompletionCache | None = None,
    sleep: Callable[[float], None] | None = None,
    timeout: float = 5.0,
    max_attempts: int = 4,
) -> ResilientProvider:
    inner = OpenAIProvider(api_key="sk-test", model="gpt-4.1-nano", base_url=fake.base_url, timeout=timeout)
    return ResilientProvider(
        inner,
        breaker=breaker,
        cache=cache,
        max_attempts=max_attempts,
        base_delay=0.5,
        max_delay=20.0,
        sleep=sleep or RecordingSleep(),
        rng=lambda: 0.0,
    )


# -- retry_call --------------------------------------------------------------------------------------


def _flaky(errors: list[ProviderError], result: str = "ok") -> tuple[Callable[[], str], list[int]]:
    calls: list[int] = []

    def fn() -> str:
        calls.append(1)
        if errors:
            raise errors.pop(0)
        return result

    return fn, calls


def test_retry_call_backs_off_exponentially_with_full_jitter() -> None:
    sleep = RecordingSleep()
    fn, calls = _flaky([ProviderError("x", retryable=True, status=500) for _ in range(3)])

    assert retry_call(fn, max_attempts=4, base_delay=0.5, max_delay=20, sleep=sleep, rng=lambda: 1.0) == "ok"

    assert len(calls) == 4
    assert sleep.delays == [0.5, 1.0, 2.0]


def test_retry_call_jitter_scales_the_ceiling() -> None:
    assert backoff_delay(3, base_delay=0.5, max_delay=20, rng=lambda: 0.25) == 0.5
    assert backoff_delay(10, base_delay=0.5, max_delay=20, rng=lambda: 1.0) == 20
    assert backoff_delay(10_000, base_delay=0.5, max_delay=20, rng=lambda: 1.0) == 20


def test_retry_call_caps_delay_at_max_delay() -> None:
    sleep = RecordingSleep()
    fn, _ = _flaky([ProviderError("x", retryable=True) for _ in range(3)])

    retry_call(fn, max_attempts=4, base_delay=10, max_delay=15, sleep=sleep, rng=lambda: 1.0)

    assert sleep.delays == [10, 15, 15]


def test_retry_call_never_sleeps_less_than_retry_after() -> None:
    sleep = RecordingSleep()
    fn, _ = _flaky([ProviderError("429", retryable=True, status=429, retry_after=3.0)])

    retry_call(fn, base_delay=0.5, sleep=sleep, rng=lambda: 0.0)

    assert sleep.delays == [3.0]


def test_retry_call_gives_up_when_retry_after_exceeds_max_delay() -> None:
    sleep = RecordingSleep()
    error = ProviderError("429", retryable=True, status=429, retry_after=60.0)
    fn, calls = _flaky([error])

    with pytest.raises(ProviderError) as raised:
        retry_call(fn, max_delay=20, sleep=sleep)

    assert raised.value is error
    assert len(calls) == 1
    assert sleep.delays == []


def test_retry_call_raises_non_retryable_at_once() -> None:
    sleep = RecordingSleep()
    error = ProviderError("401", retryable=False, status=401)
    fn, calls = _flaky([error])

    with pytest.raises(ProviderError) as raised:
        retry_call(fn, sleep=sleep)

    assert raised.value is error
    assert len(calls) == 1
    assert sleep.delays == []


def test_retry_call_raises_the_last_error_after_max_attempts() -> None:
    sleep = RecordingSleep()
    errors = [ProviderError(f"falha {i}", retryable=True, status=503) for i in range(5)]
    last = errors[2]
    fn, calls = _flaky(errors)

    with pytest.raises(ProviderError) as raised:
        retry_call(fn, max_attempts=3, sleep=sleep, rng=lambda: 0.5)

    assert raised.value is last
    assert len(calls) == 3
    assert len(sleep.delays) == 2


def test_retry_call_does_not_retry_other_exceptions() -> None:
    calls: list[int] = []

    def broken() -> None:
        calls.append(1)
        raise KeyError("bug")

    with pytest.raises(KeyError):
        retry_call(broken, sleep=RecordingSleep())
    assert len(calls) == 1


def test_retry_call_rejects_nonsense_parameters() -> None:
    with pytest.raises(ValueError):
        retry_call(lambda: None, max_attempts=0)


# -- retries through the real SDK --------------------------------------------------------------------


def test_rate_limit_then_success_honours_retry_after(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    fake.script("rate_limit", "success")
    sleep = RecordingSleep()

    completion = make_resilient(fake, sleep=sleep).complete(prompt)

    assert completion.text
    assert fake.request_count == 2
    assert sleep.delays == [1.0]  # Retry-After: 1, although the jittered backoff said 0


def test_rate_limit_retry_really_waits(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    fake.script(Behaviour("rate_limit", headers={"Retry-After": "0", "retry-after-ms": "200"}), "success")
    provider = make_resilient(fake, sleep=time.sleep)

    started = time.monotonic()
    completion = provider.complete(prompt)

    assert time.monotonic() - started >= 0.2
    assert completion.text
    assert fake.request_count == 2


def test_server_errors_are_retried(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    fake.script("server_error", "server_error", "success")
    sleep = RecordingSleep()

    completion = make_resilient(fake, sleep=sleep).complete(prompt)

    assert completion.text
    assert fake.request_count == 3
    assert len(sleep.delays) == 2


def test_timeouts_are_retried_then_fail_clearly(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    fake.mode = "timeout"
    sleep = RecordingSleep()
    provider = make_resilient(fake, sleep=sleep, timeout=0.3, max_attempts=2)

    with pytest.raises(ProviderError) as raised:
        provider.complete(prompt)

    assert raised.value.retryable is True
    assert raised.value.message == "O provedor de IA não respondeu dentro do tempo limite (0,3 s)."
    assert fake.wait_for_requests(2, timeout=2)
    assert fake.request_count == 2
    assert len(sleep.delays) == 1


def test_unauthorized_fails_at_once_without_retry(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    fake.mode = "unauthorized"
    sleep = RecordingSleep()

    with pytest.raises(ProviderError) as raised:
        make_resilient(fake, sleep=sleep).complete(prompt)

    assert raised.value.status == 401
    assert raised.value.message == "Chave da API OpenAI inválida ou sem permissão (401)."
    assert fake.request_count == 1
    assert sleep.delays == []


def test_malformed_output_is_final_and_not_cached(
    fake: FakeOpenAIServer, prompt: Prompt, redis_client: redis.Redis, key_prefix: str
) -> None:
    cache = make_cache(redis_client, key_prefix)
    provider = make_resilient(fake, cache=cache)
    fake.script("malformed")

    with pytest.raises(InvalidOutputError) as raised:
        provider.complete(prompt)

    assert raised.value.invalid_output is True
    assert fake.request_count == 1
    assert cache.get(prompt, "gpt-4.1-nano") is None
    assert list(redis_client.scan_iter(match=f"{key_prefix}cache:*")) == []

    completion = provider.complete(prompt)  # the next call asks the provider again

    assert completion.cached is False
    assert fake.request_count == 2


# -- circuit breaker ---------------------------------------------------------------------------------


def test_breaker_opens_after_threshold_and_fails_fast(
    fake: FakeOpenAIServer, prompt: Prompt, redis_client: redis.Redis, key_prefix: str
) -> None:
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=3)
    provider = make_resilient(fake, breaker=breaker, max_attempts=1)
    fake.mode = "server_error"

    for _ in range(2):
        with pytest.raises(ProviderError) as raised:
            provider.complete(prompt)
        assert not isinstance(raised.value, ProviderUnavailable)
    with pytest.raises(ProviderUnavailable, match=UNAVAILABLE_MESSAGE) as opened:
        provider.complete(prompt)  # the failure that opens the circuit says so, with its cause
    assert opened.value.cause == "erro 500 do provedor de IA" and opened.value.retry_after == 30
    assert breaker.state() is BreakerState.OPEN

    with pytest.raises(ProviderUnavailable, match=UNAVAILABLE_MESSAGE) as raised:
        provider.complete(prompt)

    assert fake.request_count == 3  # the fourth call never reached the server
    assert raised.value.retryable is False
    assert raised.value.retry_after is not None and 1 <= raised.value.retry_after <= 30
    assert raised.value.cause == "erro 500 do provedor de IA"  # kept in Redis with the open state
    assert "última falha: erro 500 do provedor de IA" in raised.value.message


def test_breaker_counts_calls_that_spent_their_retries_not_attempts(
    fake: FakeOpenAIServer, prompt: Prompt, redis_client: redis.Redis, key_prefix: str
) -> None:
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=2)
    provider = make_resilient(fake, breaker=breaker, max_attempts=4)
    fake.mode = "server_error"

    with pytest.raises(ProviderError) as first:
        provider.complete(prompt)
    assert not isinstance(first.value, ProviderUnavailable) and first.value.retryable
    assert fake.request_count == 4  # four failed attempts are one failed call
    assert breaker.state() is BreakerState.CLOSED
    with pytest.raises(ProviderUnavailable):
        provider.complete(prompt)  # the second failed call opens it

    assert fake.request_count == 8
    with pytest.raises(ProviderUnavailable):
        provider.complete(prompt)
    assert fake.request_count == 8  # open: nothing reaches the provider


def test_a_blip_the_retries_absorb_opens_nothing(
    fake: FakeOpenAIServer, prompt: Prompt, redis_client: redis.Redis, key_prefix: str
) -> None:
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=1)
    provider = make_resilient(fake, breaker=breaker, max_attempts=4)
    fake.script("server_error", Behaviour("rate_limit", headers={"Retry-After": "0"}), "server_error")

    assert provider.complete(prompt, use_cache=False).text

    assert fake.request_count == 4
    assert breaker.state() is BreakerState.CLOSED  # even with a threshold of one
    assert not any(redis_client.exists(k) for k in breaker.keys)


def test_half_open_probe_success_closes_the_breaker(
    fake: FakeOpenAIServer, prompt: Prompt, redis_client: redis.Redis, key_prefix: str
) -> None:
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=2, open_seconds=0.3)
    provider = make_resilient(fake, breaker=breaker, max_attempts=1)
    fake.mode = "server_error"
    for _ in range(2):
        with pytest.raises(ProviderError):
            provider.complete(prompt)
    assert breaker.state() is BreakerState.OPEN

    wait_until(lambda: breaker.state() is BreakerState.HALF_OPEN)
    fake.mode = "success"
    completion = provider.complete(prompt)

    assert completion.text
    assert fake.request_count == 3
    assert breaker.state() is BreakerState.CLOSED


def test_half_open_lets_a_single_probe_through(
    redis_client: redis.Redis, key_prefix: str, connect: Callable[..., redis.Redis]
) -> None:
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=1, open_seconds=0.2)
    other_worker = make_breaker(connect(), key_prefix, failure_threshold=1, open_seconds=0.2)
    assert breaker.record_failure() is True
    wait_until(lambda: breaker.state() is BreakerState.HALF_OPEN)

    assert breaker.before_call() is Admission.PROBE  # this worker holds the probe
    with pytest.raises(ProviderUnavailable, match=UNAVAILABLE_MESSAGE):
        other_worker.before_call()  # no wait asked for: it fails at once

    assert breaker.record_failure() is True  # the probe failed: open again, for a whole period
    assert other_worker.state() is BreakerState.OPEN
    with pytest.raises(ProviderUnavailable):
        other_worker.before_call()
    assert other_worker.record_failure() is False  # a late failure does not extend the period
    other_worker.redis.close()


def test_interrupted_probe_is_handed_back(redis_client: redis.Redis, key_prefix: str, prompt: Prompt) -> None:
    class Interrupted(Exception):
        pass

    class HangingProvider:
        name = "openai"
        model = "gpt-4.1-nano"

        def complete(self, prompt: Prompt) -> Completion:
            raise Interrupted  # e.g. the task's soft time limit fired mid-request

    breaker = make_breaker(redis_client, key_prefix, failure_threshold=1, open_seconds=0.2)
    assert breaker.record_failure() is True
    wait_until(lambda: breaker.state() is BreakerState.HALF_OPEN)

    with pytest.raises(Interrupted):
        ResilientProvider(HangingProvider(), breaker=breaker, sleep=RecordingSleep()).complete(prompt)

    assert breaker.before_call() is Admission.PROBE  # the probe is free again: the next caller probes
    assert breaker.state() is BreakerState.HALF_OPEN


def test_half_open_probe_failure_reopens(
    fake: FakeOpenAIServer, prompt: Prompt, redis_client: redis.Redis, key_prefix: str
) -> None:
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=1, open_seconds=0.3)
    provider = make_resilient(fake, breaker=breaker, max_attempts=3)
    fake.mode = "server_error"
    with pytest.raises(ProviderUnavailable):
        provider.complete(prompt)
    wait_until(lambda: breaker.state() is BreakerState.HALF_OPEN)
    count = fake.request_count

    with pytest.raises(ProviderUnavailable):  # the probe fails, the retry finds the circuit open
        provider.complete(prompt)

    assert fake.request_count == count + 1
    assert breaker.state() is BreakerState.OPEN


def test_breaker_ignores_client_errors(
    fake: FakeOpenAIServer, prompt: Prompt, redis_client: redis.Redis, key_prefix: str
) -> None:
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=2)
    provider = make_resilient(fake, breaker=breaker)
    fake.mode = "unauthorized"

    for _ in range(5):
        with pytest.raises(ProviderError) as raised:
            provider.complete(prompt)
        assert raised.value.status == 401

    assert fake.request_count == 5
    assert breaker.state() is BreakerState.CLOSED


def test_breaker_success_resets_the_failure_count(redis_client: redis.Redis, key_prefix: str) -> None:
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=3)

    assert breaker.record_failure() is False
    assert breaker.record_failure() is False
    breaker.record_success()
    assert breaker.record_failure() is False
    assert breaker.record_failure() is False

    assert breaker.state() is BreakerState.CLOSED
    assert breaker.record_failure() is True
    assert breaker.state() is BreakerState.OPEN


def test_breaker_forgets_failures_outside_the_window(redis_client: redis.Redis, key_prefix: str) -> None:
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=2, window_seconds=0.2)
    failures_key = breaker.keys[0]

    assert breaker.record_failure() is False
    wait_until(lambda: not redis_client.exists(failures_key))

    assert breaker.record_failure() is False
    assert breaker.state() is BreakerState.CLOSED


def test_breaker_is_shared_and_atomic_across_workers(key_prefix: str, connect: Callable[..., redis.Redis]) -> None:
    threshold = 40
    clients = [connect() for _ in range(threshold)]
    breakers = [make_breaker(c, key_prefix, failure_threshold=threshold) for c in clients]
    barrier = threading.Barrier(threshold)
    opened: list[bool] = []
    lock = threading.Lock()

    def fail(b: CircuitBreaker) -> None:
        barrier.wait()
        result = b.record_failure()
        with lock:
            opened.append(result)

    threads = [threading.Thread(target=fail, args=(b,)) for b in breakers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)

    assert len(opened) == threshold
    assert opened.count(True) == 1  # exactly the threshold-th failure opened it
    assert breakers[0].state() is BreakerState.OPEN
    for client in clients:
        client.close()


def test_breaker_rejects_nonsense_parameters(redis_client: redis.Redis) -> None:
    with pytest.raises(ValueError):
        CircuitBreaker(redis_client, "x", failure_threshold=0)
    with pytest.raises(ValueError):
        CircuitBreaker(redis_client, "x", open_seconds=0)


def test_before_call_says_when_a_success_must_be_recorded(redis_client: redis.Redis, key_prefix: str) -> None:
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=2, open_seconds=0.2)

    assert breaker.before_call() is Admission.CLEAR  # closed, nothing counted: a success has nothing to clear
    assert breaker.before_call_peeked(0, 0) is Admission.CLEAR
    assert not Admission.CLEAR.verdict_due and Admission.COUNTED.verdict_due and Admission.PROBE.verdict_due
    assert breaker.record_failure() is False
    assert breaker.before_call() is Admission.COUNTED  # a failure is counted: the next success must clear it
    assert breaker.before_call_peeked(0, 1) is Admission.COUNTED
    assert breaker.record_failure() is True
    with pytest.raises(ProviderUnavailable, match=UNAVAILABLE_MESSAGE):
        breaker.before_call_peeked(1, 0)  # tripped: the peek defers to the whole check
    wait_until(lambda: breaker.state() is BreakerState.HALF_OPEN)
    assert breaker.before_call_peeked(1, 0) is Admission.PROBE  # this caller holds the probe
    with pytest.raises(ProviderUnavailable):
        breaker.before_call()  # and nobody else gets it
    breaker.record_success()
    assert breaker.before_call() is Admission.CLEAR


def test_success_on_a_clean_closed_circuit_writes_nothing_to_the_breaker(
    fake: FakeOpenAIServer,
    prompt: Prompt,
    counting_client: tuple[redis.Redis, type[CountingConnection]],
    key_prefix: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client, counter = counting_client
    breaker = make_breaker(client, key_prefix)
    assert breaker.before_call() is Admission.CLEAR  # loads the script on the server if need be (not counted)
    counter.round_trips = 0
    successes: list[int] = []
    record_success = breaker.record_success
    monkeypatch.setattr(breaker, "record_success", lambda: (successes.append(1), record_success())[1])

    completion = make_resilient(fake, breaker=breaker).complete(prompt, use_cache=False)

    assert completion.text
    assert successes == []
    assert counter.round_trips == 1  # the breaker check only
    assert breaker.state() is BreakerState.CLOSED


def test_success_after_a_failure_clears_the_count(
    fake: FakeOpenAIServer,
    prompt: Prompt,
    redis_client: redis.Redis,
    key_prefix: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=3)
    provider = make_resilient(fake, breaker=breaker, cache=make_cache(redis_client, key_prefix))
    successes: list[int] = []
    record_success = breaker.record_success
    monkeypatch.setattr(breaker, "record_success", lambda: (successes.append(1), record_success())[1])
    fake.script("server_error", "success")

    assert provider.complete(prompt).text

    assert fake.request_count == 2
    assert successes == []  # the retry absorbed the failed attempt: nothing was counted, nothing to clear
    assert not redis_client.exists(breaker.keys[0])
    # a failure counted by an earlier call is cleared by the next success, found with the cache lookup
    assert breaker.record_failure() is False
    other = Prompt(prompt.system, prompt.user + " (outra)", prompt.temperature, prompt.max_tokens)
    assert provider.complete(other).text
    assert successes == [1]
    assert not redis_client.exists(breaker.keys[0])
    assert breaker.record_failure() is False and breaker.record_failure() is False
    assert breaker.state() is BreakerState.CLOSED  # the count restarted from zero


def test_a_non_retryable_error_clears_counted_failures_only(
    fake: FakeOpenAIServer,
    prompt: Prompt,
    redis_client: redis.Redis,
    key_prefix: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=3)
    provider = make_resilient(fake, breaker=breaker)
    successes: list[int] = []
    record_success = breaker.record_success
    monkeypatch.setattr(breaker, "record_success", lambda: (successes.append(1), record_success())[1])
    fake.mode = "unauthorized"

    with pytest.raises(ProviderError):
        provider.complete(prompt)
    assert successes == []  # clean circuit: nothing to clear

    breaker.record_failure()
    with pytest.raises(ProviderError):
        provider.complete(prompt)
    assert successes == [1]  # the provider answered: the counted failure is forgotten
    assert not redis_client.exists(breaker.keys[0])


def test_cache_lookup_and_breaker_check_share_a_round_trip(
    fake: FakeOpenAIServer,
    prompt: Prompt,
    counting_client: tuple[redis.Redis, type[CountingConnection]],
    key_prefix: str,
) -> None:
    client, counter = counting_client
    provider = make_resilient(fake, breaker=make_breaker(client, key_prefix), cache=make_cache(client, key_prefix))

    first = provider.complete(prompt)
    assert counter.round_trips == 2  # lookup + breaker state in one pipeline, then the cache write

    counter.round_trips = 0
    second = provider.complete(prompt)
    assert counter.round_trips == 1  # a hit
    assert second.cached is True and second.text == first.text
    assert fake.request_count == 1


def test_cache_and_breaker_on_different_clients_still_work(
    fake: FakeOpenAIServer,
    prompt: Prompt,
    redis_client: redis.Redis,
    key_prefix: str,
    connect: Callable[..., redis.Redis],
) -> None:
    other_client = connect()
    breaker = make_breaker(other_client, key_prefix, failure_threshold=1)
    provider = make_resilient(fake, breaker=breaker, cache=make_cache(redis_client, key_prefix), max_attempts=1)
    fake.script("server_error")

    with pytest.raises(ProviderError):
        provider.complete(prompt)
    assert breaker.state() is BreakerState.OPEN
    with pytest.raises(ProviderUnavailable):
        provider.complete(prompt)

    assert fake.request_count == 1
    other_client.close()


def test_open_breaker_fails_fast_after_a_cache_miss(
    fake: FakeOpenAIServer, prompt: Prompt, redis_client: redis.Redis, key_prefix: str
) -> None:
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=1)
    provider = make_resilient(fake, breaker=breaker, cache=make_cache(redis_client, key_prefix))
    assert breaker.record_failure() is True

    with pytest.raises(ProviderUnavailable, match=UNAVAILABLE_MESSAGE):
        provider.complete(prompt)

    assert fake.request_count == 0


def test_half_open_probe_through_the_cache_lookup(
    fake: FakeOpenAIServer,
    prompt: Prompt,
    redis_client: redis.Redis,
    key_prefix: str,
    connect: Callable[..., redis.Redis],
) -> None:
    cache = make_cache(redis_client, key_prefix)
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=1, open_seconds=0.2)
    other_worker = make_breaker(connect(), key_prefix, failure_threshold=1, open_seconds=0.2)
    provider = make_resilient(fake, breaker=breaker, cache=cache, max_attempts=1)
    cached_prompt = Prompt(prompt.system, prompt.user + " (em cache)", prompt.temperature, prompt.max_tokens)
    assert cache.set(
        cached_prompt, "gpt-4.1-nano", Completion(text="Texto em cache.", model="gpt-4.1-nano", provider="openai")
    )
    assert breaker.record_failure() is True
    wait_until(lambda: breaker.state() is BreakerState.HALF_OPEN)

    hit = provider.complete(cached_prompt)  # a hit calls nobody: it must not take the probe
    assert hit.cached is True
    assert other_worker.before_call() is Admission.PROBE  # the probe was still free: the other worker holds it
    with pytest.raises(ProviderUnavailable):
        provider.complete(prompt)  # a miss while the probe is in flight fails fast (no wait asked for)
    assert fake.request_count == 0

    other_worker.release_probe()
    completion = provider.complete(prompt)  # this caller probes; its success closes the circuit

    assert completion.text and fake.request_count == 1
    assert breaker.state() is BreakerState.CLOSED
    other_worker.redis.close()


# -- completion cache --------------------------------------------------------------------------------


def test_cache_hit_avoids_a_second_request(
    fake: FakeOpenAIServer, prompt: Prompt, redis_client: redis.Redis, key_prefix: str
) -> None:
    provider = make_resilient(fake, cache=make_cache(redis_client, key_prefix))

    first = provider.complete(prompt)
    second = provider.complete(prompt)

    assert fake.request_count == 1
    assert first.cached is False and first.tokens_in > 0
    assert second.cached is True
    assert second.text == first.text
    assert second.model == first.model and second.provider == "openai"
    assert (second.tokens_in, second.tokens_out) == (0, 0)  # a hit costs nothing


def test_regenerate_bypasses_the_cache_and_stores_the_fresh_text(
    fake: FakeOpenAIServer, prompt: Prompt, redis_client: redis.Redis, key_prefix: str
) -> None:
    cache = make_cache(redis_client, key_prefix)
    stale = Completion(text="Texto antigo da seção.", model="gpt-4.1-nano", provider="openai")
    assert cache.set(prompt, "gpt-4.1-nano", stale) is True
    provider = make_resilient(fake, cache=cache)

    fresh = provider.complete(prompt, use_cache=False)

    assert fake.request_count == 1
    assert fresh.cached is False
    assert fresh.text != stale.text
    hit = cache.get(prompt, "gpt-4.1-nano")
    assert hit is not None and hit.text == fresh.text


def test_cache_refuses_blank_text_and_expires(redis_client: redis.Redis, key_prefix: str, prompt: Prompt) -> None:
    cache = make_cache(redis_client, key_prefix)

    assert cache.set(prompt, "gpt-4.1-nano", Completion(text="", model="m", provider="openai")) is False
    assert cache.set(prompt, "gpt-4.1-nano", Completion(text=" \n\t", model="m", provider="openai")) is False
    assert cache.get(prompt, "gpt-4.1-nano") is None

    assert cache.set(prompt, "gpt-4.1-nano", Completion(text="Texto válido.", model="m", provider="openai"))
    ttl = redis_client.ttl(cache.key_for(prompt, "gpt-4.1-nano"))
    assert DEFAULT_CACHE_TTL_SECONDS - 5 <= ttl <= DEFAULT_CACHE_TTL_SECONDS


def test_cache_key_depends_on_model_and_every_prompt_field(redis_client: redis.Redis, prompt: Prompt) -> None:
    cache = CompletionCache(redis_client)
    base = cache.key_for(prompt, "gpt-4.1-nano")

    assert base.startswith("etp:llmcache:") and len(base) == len("etp:llmcache:") + 64
    assert cache.key_for(prompt, "gpt-4.1-nano") == base
    assert cache.key_for(prompt, "gpt-4.1-mini") != base
    variants = [
        Prompt(prompt.system + ".", prompt.user, prompt.temperature, prompt.max_tokens),
        Prompt(prompt.system, prompt.user + ".", prompt.temperature, prompt.max_tokens),
        Prompt(prompt.system, prompt.user, 0.9, prompt.max_tokens),
        Prompt(prompt.system, prompt.user, prompt.temperature, 100),
    ]
    assert len({cache.key_for(v, "gpt-4.1-nano") for v in variants} | {base}) == 5


def test_cache_key_is_the_sha256_of_the_prompt_key_material(redis_client: redis.Redis, prompt: Prompt) -> None:
    """``key_for`` builds the material faster than ``Prompt.cache_key_material`` but must hash the
    very same bytes (entries written before stay reachable)."""
    cache = CompletionCache(redis_client)
    texts = [
        prompt.user,
        'aspas " barra \\ barra/ controle \x00\x01\x1f\x7f \b\f\n\r\t',
        "acentuação çãé, emoji \U0001f600, separadores \u2028\u2029, BOM \ufeff, não-BMP \U00010348",
        "",
    ]
    numbers: list[tuple[object, object]] = [
        (0.2, 600),
        (0, 600),
        (1, 1),
        (1e-07, 10**12),
        (0.30000000000000004, 0),
        (-0.0, 800),
        (2.5e16, 1),
        (float("nan"), 600),
        (float("inf"), 600),
        (True, 600),
        (0.2, False),
    ]
    for system in texts:
        for user in texts:
            for temperature, max_tokens in numbers:
                for model in ("gpt-4.1-nano", "modelo-ç"):
                    p = Prompt(system, user, temperature, max_tokens)  # type: ignore[arg-type]
                    expected = hashlib.sha256(p.cache_key_material(model).encode("utf-8")).hexdigest()
                    assert cache.key_for(p, model) == f"etp:llmcache:{expected}"

    broken = Prompt(prompt.system, "surrogate solto \ud800", prompt.temperature, prompt.max_tokens)
    with pytest.raises(UnicodeEncodeError):  # as before: such text has no UTF-8 form
        cache.key_for(broken, "gpt-4.1-nano")


def test_cache_reads_entries_in_either_json_layout(redis_client: redis.Redis, key_prefix: str, prompt: Prompt) -> None:
    cache = make_cache(redis_client, key_prefix)
    key = cache.key_for(prompt, "gpt-4.1-nano")
    older = {
        "v": 1,
        "text": "Seção já redigida.",
        "model": "gpt-4.1-nano",
        "provider": "openai",
        "tokens_in": 10,
        "tokens_out": 5,
        "stored_at": 1,
    }
    redis_client.set(key, json.dumps(older, ensure_ascii=False))  # as written by earlier workers

    hit = cache.get(prompt, "gpt-4.1-nano")
    assert hit is not None and hit.text == "Seção já redigida." and hit.cached is True

    assert cache.set(
        prompt,
        "gpt-4.1-nano",
        Completion(text="Seção reescrita.", model="m", provider="openai", tokens_in=3, tokens_out=2),
    )
    stored = json.loads(redis_client.get(key))  # readable by the standard json module too
    assert stored["text"] == "Seção reescrita." and stored["v"] == 1 and stored["tokens_in"] == 3


def test_cache_treats_unreadable_entries_as_misses(redis_client: redis.Redis, key_prefix: str, prompt: Prompt) -> None:
    cache = make_cache(redis_client, key_prefix)
    key = cache.key_for(prompt, "gpt-4.1-nano")

    redis_client.set(key, b"\xff not json")
    assert cache.get(prompt, "gpt-4.1-nano") is None
    redis_client.set(key, json.dumps({"v": 1, "text": "   ", "model": "m", "provider": "openai"}))
    assert cache.get(prompt, "gpt-4.1-nano") is None
    redis_client.set(key, json.dumps({"v": 1, "model": "m"}))
    assert cache.get(prompt, "gpt-4.1-nano") is None


# -- Redis trouble never fails a draft ---------------------------------------------------------------


@pytest.fixture
def dead_redis() -> Iterator[redis.Redis]:
    """A client for a port nobody listens on, failing at once (no client-side retries)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = redis.Redis(
        host="127.0.0.1", port=port, socket_connect_timeout=0.2, socket_timeout=0.2, retry=Retry(NoBackoff(), 0)
    )
    yield client
    client.close()


def _redis_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("redis unavailable")]


def test_redis_outage_does_not_fail_the_draft(
    fake: FakeOpenAIServer, prompt: Prompt, dead_redis: redis.Redis, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="etp_app.drafting.providers.resilience")
    provider = make_resilient(fake, breaker=CircuitBreaker(dead_redis, "openai"), cache=CompletionCache(dead_redis))
    fake.script("server_error", "success")

    completion = provider.complete(prompt)
    again = provider.complete(prompt)

    assert completion.text and again.text == completion.text
    assert fake.request_count == 3  # retries still work; no cache, so the second draft asks again
    warnings = _redis_warnings(caplog)
    assert len(warnings) == 1  # then Redis is left alone for a while instead of failing each call
    assert "operation=cache_get" in warnings[0]


def test_every_redis_operation_is_guarded(
    fake: FakeOpenAIServer, prompt: Prompt, dead_redis: redis.Redis, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="etp_app.drafting.providers.resilience")
    provider = ResilientProvider(
        OpenAIProvider(api_key="sk-test", base_url=fake.base_url, timeout=5),
        breaker=CircuitBreaker(dead_redis, "openai"),
        cache=CompletionCache(dead_redis),
        sleep=RecordingSleep(),
        redis_backoff_seconds=0,
    )
    fake.script("server_error", "success")

    assert provider.complete(prompt).text

    operations = [w.split("operation=")[1].split()[0] for w in _redis_warnings(caplog)]
    assert operations == [  # the failed attempt the retry absorbed is not the breaker's business
        "cache_get",
        "breaker_check",
        "breaker_check",
        "breaker_success",
        "cache_set",
    ]


# -- cost --------------------------------------------------------------------------------------------


def test_cost_of_known_models() -> None:
    table = CostTable()

    assert table.estimate_cost("gpt-4.1-nano", 1_000_000, 1_000_000) == Decimal("0.50")
    assert table.estimate_cost("gpt-4.1-mini", 1_000_000, 0) == Decimal("0.40")
    assert table.estimate_cost("gpt-4.1", 0, 1_000_000) == Decimal("8")
    assert table.estimate_cost("gpt-4o", 2_000, 1_000) == Decimal("0.015")
    assert table.estimate_cost("gpt-4o-mini", 1_200, 800) == Decimal("0.00066")
    # dated snapshots (what the API reports back) use their family's price
    assert table.estimate_cost("gpt-4.1-nano-2025-04-14", 1_000_000, 0) == Decimal("0.10")
    assert table.estimate("GPT-4o-mini", 10, 10).known_model is True


def test_cost_of_unknown_model_is_zero_and_flagged() -> None:
    table = CostTable()

    estimate = table.estimate("llama3.1:8b", 1_000, 1_000)

    assert estimate.usd == Decimal(0)
    assert estimate.known_model is False
    assert table.estimate_cost("gpt-4o-audio-preview", 1_000, 1_000) == Decimal(0)
    assert table.is_known("gpt-4o-audio-preview") is False


def test_cost_table_accepts_overrides_and_rejects_negative_tokens() -> None:
    table = CostTable({"llama3.1:8b": ModelPrice(Decimal("0.05"), Decimal("0.08"))})

    assert table.estimate_cost("llama3.1:8b", 1_000_000, 1_000_000) == Decimal("0.13")
    assert table.estimate_cost("gpt-4.1-nano", 1_000_000, 0) == Decimal("0.10")
    with pytest.raises(ValueError):
        table.estimate_cost("gpt-4.1-nano", -1, 0)


def test_cost_of_a_real_completion(fake: FakeOpenAIServer, prompt: Prompt) -> None:
    completion = make_resilient(fake).complete(prompt)

    cost = CostTable().estimate_cost(completion.model, completion.tokens_in, completion.tokens_out)

    expected = (
        Decimal(completion.tokens_in) * Decimal("0.10") + Decimal(completion.tokens_out) * Decimal("0.40")
    ) / 1_000_000
    assert cost == expected > 0


# -- package surface ---------------------------------------------------------------------------------


def test_the_providers_package_reexports_every_public_name() -> None:
    """Callers import from ``etp_app.drafting.providers``; the modules behind it may move."""
    for name in providers.__all__:
        assert getattr(providers, name) is not None, name
    assert providers.CircuitBreaker is CircuitBreaker and providers.CompletionCache is CompletionCache
    assert providers.ResilientProvider is ResilientProvider and providers.retry_call is retry_call
    assert providers.CostTable is CostTable and providers.OpenAIProvider is OpenAIProvider
