"""The circuit breaker's counting of failed calls and its half-open waiting (issue 14 §3), on real
Redis: a blip the retries absorb never opens it, the cause of the failure that opened it travels with
the open state, and half-open the callers other than the probe wait for its verdict (bounded)
instead of failing."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis

from etp_app.drafting.engine import EngineSettings
from etp_app.drafting.providers.breaker import Admission, BreakerState, CircuitBreaker
from etp_app.drafting.providers.openai_provider import OpenAIProvider
from etp_app.drafting.providers.resilience import ResilientProvider
from etp_app.drafting.types import Prompt, ProviderError, ProviderUnavailable
from etp_app.services.drafting import PROVIDER_RETRY_SECONDS, provider_retry_later
from tests.fakes.fake_openai import FakeOpenAIServer

TIMEOUT_CAUSE = "tempo esgotado ao chamar o provedor de IA"
SERVER_ERROR_CAUSE = "erro 500 do provedor de IA"


@pytest.fixture
def key_prefix(redis_client: redis.Redis) -> Iterator[str]:
    """A namespace of keys for this test only; its keys (and only them) are deleted afterwards."""
    prefix = f"test:breaker:{uuid.uuid4().hex}:"
    yield prefix
    keys = list(redis_client.scan_iter(match=f"{prefix}*", count=500))
    if keys:
        redis_client.delete(*keys)


def make_breaker(client: redis.Redis, prefix: str, **kwargs: Any) -> CircuitBreaker:
    params: dict[str, Any] = {
        "failure_threshold": 1,
        "open_seconds": 0.2,
        "probe_wait_seconds": 5,
        "poll_seconds": 0.02,
    }
    params.update(kwargs)
    return CircuitBreaker(client, "openai", key_prefix=f"{prefix}breaker:", **params)


def half_open(breaker: CircuitBreaker, cause: str = SERVER_ERROR_CAUSE) -> None:
    assert breaker.record_failure(cause) is True
    deadline = time.monotonic() + 5
    while breaker.state() is not BreakerState.HALF_OPEN:
        assert time.monotonic() < deadline, "the breaker did not become half-open"
        time.sleep(0.02)


class Checks:
    """Counts the breaker's checks (one per poll while it waits), so a test knows a caller is waiting."""

    def __init__(self, breaker: CircuitBreaker) -> None:
        self.count = 0
        self._lock = threading.Lock()
        script = breaker._before_call

        def counted(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self.count += 1
            return script(*args, **kwargs)

        breaker._before_call = counted


class Caller(threading.Thread):
    """``fn()`` in a thread of its own (another worker's thread): its answer or its error."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.fn = fn
        self.result: Any = None
        self.error: BaseException | None = None
        self.elapsed = 0.0

    def run(self) -> None:
        started = time.monotonic()
        try:
            self.result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            self.error = exc
        self.elapsed = time.monotonic() - started

    def outcome(self, timeout: float = 10.0) -> Any:
        self.join(timeout)
        assert not self.is_alive(), "the caller is still waiting"
        return self.error if self.error is not None else self.result


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met before the deadline"
        time.sleep(0.01)


# -- counting ----------------------------------------------------------------------------------------


def test_failed_calls_open_the_circuit_with_the_cause_of_the_last(redis_client: redis.Redis, key_prefix: str) -> None:
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=3, open_seconds=30, probe_wait_seconds=0)

    assert breaker.record_failure(SERVER_ERROR_CAUSE) is False
    assert breaker.record_failure(SERVER_ERROR_CAUSE) is False
    assert breaker.state() is BreakerState.CLOSED
    assert breaker.record_failure(TIMEOUT_CAUSE) is True

    with pytest.raises(ProviderUnavailable) as raised:
        breaker.before_call()
    assert raised.value.cause == TIMEOUT_CAUSE
    assert raised.value.message.startswith(f"O provedor de IA está indisponível (última falha: {TIMEOUT_CAUSE});")
    assert raised.value.retry_after is not None and 29 <= raised.value.retry_after <= 30
    breaker.record_success()
    assert not any(redis_client.exists(k) for k in breaker.keys)  # the cause goes with the open state


def test_a_blip_of_500s_among_concurrent_callers_is_absorbed_by_the_retries(
    fake: FakeOpenAIServer, redis_client: redis.Redis, key_prefix: str
) -> None:
    """Eight calls at once meet eight 500s (one each, or more for some): with the old per-attempt
    count a threshold of 5 opened the circuit and failed them; counting spent calls, all succeed."""
    breaker = make_breaker(redis_client, key_prefix, failure_threshold=5, open_seconds=30, probe_wait_seconds=0)
    provider = ResilientProvider(
        OpenAIProvider(api_key="sk-test", base_url=fake.base_url, timeout=5),
        breaker=breaker,
        max_attempts=4,
        base_delay=0.05,
        max_delay=0.2,
    )
    fake.latency = 0.05
    fake.script(*["server_error"] * 8)
    barrier = threading.Barrier(8)

    def call(n: int) -> Callable[[], str]:
        prompt = Prompt(system="Sistema.", user=f"Seção {n} {uuid.uuid4().hex}", temperature=0.2, max_tokens=100)
        return lambda: (barrier.wait(), provider.complete(prompt, use_cache=False).text)[1]

    callers = [Caller(call(n)) for n in range(8)]
    for c in callers:
        c.start()
    outcomes = [c.outcome() for c in callers]

    assert all(isinstance(o, str) and o for o in outcomes), outcomes
    assert fake.request_count == 16  # eight failed attempts, then eight answers
    assert breaker.state() is BreakerState.CLOSED


def test_a_failed_probe_opens_again_with_its_own_cause(redis_client: redis.Redis, key_prefix: str) -> None:
    breaker = make_breaker(redis_client, key_prefix, probe_wait_seconds=0)
    half_open(breaker, SERVER_ERROR_CAUSE)
    assert breaker.before_call() is Admission.PROBE

    assert breaker.record_probe_failure(TIMEOUT_CAUSE) is True

    assert breaker.state() is BreakerState.OPEN
    with pytest.raises(ProviderUnavailable) as raised:
        breaker.before_call()
    assert raised.value.cause == TIMEOUT_CAUSE
    assert breaker.record_probe_failure(TIMEOUT_CAUSE) is True  # open already: still open, not extended


def test_a_probe_failure_after_the_circuit_closed_opens_nothing(redis_client: redis.Redis, key_prefix: str) -> None:
    breaker = make_breaker(redis_client, key_prefix)
    half_open(breaker)
    assert breaker.before_call() is Admission.PROBE
    breaker.record_success()  # another caller's success closed it meanwhile

    assert breaker.record_probe_failure(TIMEOUT_CAUSE) is False

    assert breaker.state() is BreakerState.CLOSED
    assert not any(redis_client.exists(k) for k in breaker.keys)  # and nothing was counted


# -- half-open: waiting for the probe -----------------------------------------------------------------


def test_half_open_callers_wait_for_the_probe_and_go_on_when_it_succeeds(
    redis_client: redis.Redis, key_prefix: str, connect: Callable[..., redis.Redis]
) -> None:
    breaker = make_breaker(redis_client, key_prefix)
    half_open(breaker)
    assert breaker.before_call() is Admission.PROBE  # this worker probes
    others = [make_breaker(connect(), key_prefix) for _ in range(5)]
    checks = [Checks(b) for b in others]
    callers = [Caller(b.before_call) for b in others]
    for c in callers:
        c.start()
    wait_for(lambda: all(ch.count >= 3 for ch in checks))  # each has found the probe in flight, and waits
    assert all(c.is_alive() for c in callers)

    breaker.record_success()  # the probe's verdict: the provider is back

    assert [c.outcome() for c in callers] == [Admission.CLEAR] * 5
    assert breaker.state() is BreakerState.CLOSED


def test_half_open_callers_fail_fast_with_the_cause_when_the_probe_fails(
    redis_client: redis.Redis, key_prefix: str, connect: Callable[..., redis.Redis]
) -> None:
    breaker = make_breaker(redis_client, key_prefix)
    half_open(breaker)
    assert breaker.before_call() is Admission.PROBE
    other = make_breaker(connect(), key_prefix, open_seconds=30)
    checks = Checks(other)
    caller = Caller(other.before_call)
    caller.start()
    wait_for(lambda: checks.count >= 3)

    # the probe's worker opens it again, for its whole period (30 s on this breaker)
    assert make_breaker(redis_client, key_prefix, open_seconds=30).record_probe_failure(TIMEOUT_CAUSE) is True

    error = caller.outcome()
    assert isinstance(error, ProviderUnavailable) and error.cause == TIMEOUT_CAUSE
    assert error.retry_after is not None and 29 <= error.retry_after <= 30  # when it may close again


def test_half_open_wait_is_bounded(
    redis_client: redis.Redis, key_prefix: str, connect: Callable[..., redis.Redis]
) -> None:
    breaker = make_breaker(redis_client, key_prefix)
    half_open(breaker)
    assert breaker.before_call() is Admission.PROBE  # and it never answers
    other = make_breaker(connect(), key_prefix, open_seconds=30, probe_wait_seconds=0.4)
    caller = Caller(other.before_call)
    caller.start()

    error = caller.outcome()

    assert isinstance(error, ProviderUnavailable) and error.cause == SERVER_ERROR_CAUSE
    assert 0.4 <= caller.elapsed < 3
    assert error.retry_after is not None and error.retry_after <= 30


def test_a_waiting_caller_takes_over_a_probe_handed_back(
    redis_client: redis.Redis, key_prefix: str, connect: Callable[..., redis.Redis]
) -> None:
    breaker = make_breaker(redis_client, key_prefix)
    half_open(breaker)
    assert breaker.before_call() is Admission.PROBE
    other = make_breaker(connect(), key_prefix)
    checks = Checks(other)
    caller = Caller(other.before_call)
    caller.start()
    wait_for(lambda: checks.count >= 2)

    breaker.release_probe()  # the probe's call was interrupted: no verdict

    assert caller.outcome() is Admission.PROBE


def test_five_callers_in_half_open_all_succeed_once_the_provider_is_back(
    fake: FakeOpenAIServer, redis_client: redis.Redis, key_prefix: str
) -> None:
    """Through the whole provider stack: one call probes (slowly), the four others wait for it and
    then go out; none fails."""
    breaker = make_breaker(redis_client, key_prefix, open_seconds=0.3)
    provider = ResilientProvider(
        OpenAIProvider(api_key="sk-test", base_url=fake.base_url, timeout=5),
        breaker=breaker,
        max_attempts=1,
    )
    half_open(breaker)
    fake.latency = 0.5  # the probe takes a while: the others must find it in flight
    checks = Checks(breaker)
    barrier = threading.Barrier(5)

    def call(n: int) -> Callable[[], str]:
        prompt = Prompt(system="Sistema.", user=f"Seção {n} {uuid.uuid4().hex}", temperature=0.2, max_tokens=100)
        return lambda: (barrier.wait(), provider.complete(prompt, use_cache=False).text)[1]

    callers = [Caller(call(n)) for n in range(5)]
    for c in callers:
        c.start()
    outcomes = [c.outcome(timeout=15) for c in callers]

    assert all(isinstance(o, str) and o for o in outcomes), outcomes
    assert fake.request_count == 5  # the probe first, then the four that waited
    assert checks.count > 5  # they polled while the probe was in flight
    assert sorted(r.received_at for r in fake.requests)[1] - fake.requests[0].received_at >= 0.4
    assert breaker.state() is BreakerState.CLOSED


def test_probe_wait_follows_the_provider_timeout_unless_set() -> None:
    assert EngineSettings.from_config({"OPENAI_TIMEOUT": 20}).breaker_probe_wait_seconds == 25
    assert EngineSettings.from_config({}).breaker_probe_wait_seconds == 65
    assert EngineSettings.from_config({"BREAKER_PROBE_WAIT_SECONDS": 0}).breaker_probe_wait_seconds == 0


# -- what a drafting job does with the provider's errors ---------------------------------------------


def test_a_job_waits_for_the_provider_with_the_cause_as_its_reason() -> None:
    unavailable = ProviderUnavailable("indisponível", retry_after=17, cause=TIMEOUT_CAUSE)
    later = provider_retry_later(unavailable)
    assert later is not None and later.countdown == 17  # until the circuit may close
    assert later.reason == f"O provedor de IA está falhando (última falha: {TIMEOUT_CAUSE})."

    spent = ProviderError("O provedor de IA está com falha temporária (500).", retryable=True, status=500)
    later = provider_retry_later(spent)
    assert later is not None and later.countdown == PROVIDER_RETRY_SECONDS
    assert SERVER_ERROR_CAUSE in later.reason

    throttled = ProviderError("Limite (429).", retryable=True, status=429, retry_after=40)
    later = provider_retry_later(throttled)
    assert later is not None and later.countdown == 40 and "limite de requisições (429)" in later.reason

    refused = ProviderError("O provedor de IA rejeitou a requisição (400).", retryable=False, status=400)
    assert provider_retry_later(refused) is None  # this section fails; nothing to wait for
