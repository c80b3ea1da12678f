"""A bounded schemathesis run against the app's own /api/openapi.json: no input may produce a 5xx.

One test per operation (schemathesis' pytest integration), each with a small, derandomized budget of
Hypothesis examples (positive and negative cases) so the whole run is reproducible and stays within a
couple of minutes on two cores. Requests carry a real access token of a user provisioned in an
organization (an org admin), freshly issued for every case (a generated logout or password change must not leave the rest of
the run unauthenticated), and half of the cases on ``{etp_id}`` routes point at an ETP that exists.
"""

from __future__ import annotations

import itertools
import logging
import traceback
import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

MAX_EXAMPLES = 20


class _ExceptionLog(logging.Handler):
    """Keeps the last unhandled exception the app logged, to show where a 500 came from."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.last: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.last = "".join(traceback.format_exception(*record.exc_info))


@pytest.fixture
def exception_log():
    handler = _ExceptionLog()
    logger = logging.getLogger("etp_app.errors")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


class _Fixture:
    """The registered user and an ETP of its organization, recreated if a generated case deletes it."""

    def __init__(self, app, client):
        self.app = app
        self.client = client
        from etp_app.extensions import db
        from etp_app.services import joining, organizations

        domain = f"fuzz{uuid.uuid4().hex[:6]}.gov.br"
        with app.app_context():
            org = organizations.provision(name="Órgão de fuzzing", domain_names=[domain])
            user = joining.provision_user(
                org,
                email=f"fuzz-{uuid.uuid4().hex[:10]}@{domain}",
                name="Fuzz",
                password="Senha-Forte-2026!",
                role="org_admin",
            )
            self.user_id = user.id
            db.session.remove()
        self.etp_id = self._create_etp()
        self._alternate = itertools.cycle((True, False))

    def token(self) -> str:
        from etp_app.extensions import db
        from etp_app.models import User
        from etp_app.services.accounts import issue_tokens

        with self.app.app_context():
            user = db.session.get(User, self.user_id)
            assert user is not None, "the fuzzing user still exists"
            return issue_tokens(user)["access_token"]

    def _create_etp(self) -> str:
        resp = self.client.post(
            "/api/v1/etps",
            json={"title": "ETP de fuzzing", "objeto": "Aquisição de teste"},
            headers={"Authorization": f"Bearer {self.token()}"},
        )
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()["id"]

    def existing_etp_id(self) -> str:
        resp = self.client.get(f"/api/v1/etps/{self.etp_id}", headers={"Authorization": f"Bearer {self.token()}"})
        if resp.status_code == 404:
            self.etp_id = self._create_etp()
        return self.etp_id

    def use_existing_ids(self) -> bool:
        return next(self._alternate)


@pytest.fixture
def fuzz(app, client):
    return _Fixture(app, client)


def _operation_test(operation, fuzz, exception_log, failures: list[str]):
    """A Hypothesis test of one operation: positive and negative cases, a bounded derandomized budget."""
    strategy = st.one_of([operation.as_strategy(generation_mode=mode) for mode in GenerationMode])

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )
    @given(case=strategy)
    def run(case):
        if case.path_parameters and "etp_id" in case.path_parameters and fuzz.use_existing_ids():
            case.path_parameters["etp_id"] = fuzz.existing_etp_id()
        headers = {"Authorization": f"Bearer {fuzz.token()}"}
        exception_log.last = None
        response = case.call(headers=headers)
        if response.status_code >= 500:
            trace = (exception_log.last or "(no exception logged)").strip().splitlines()
            failures.append(
                f"{case.method} {case.formatted_path} answered {response.status_code}\n"
                f"  reproduce: {case.as_curl_command(headers=headers)}\n"
                f"  body: {response.text[:1000]}\n"
                "  traceback (last lines):\n    " + "\n    ".join(trace[-12:])
            )

    return run


def test_no_input_produces_a_server_error(app, fuzz, exception_log, subtests):
    api_schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10, "the spec lists the API's operations"
    all_failures: list[str] = []
    for operation in operations:
        failures: list[str] = []
        with subtests.test(msg=operation.label):
            _operation_test(operation, fuzz, exception_log, failures)()
            all_failures.extend(failures[:2])
            assert not failures, f"{len(failures)} server errors, first:\n" + failures[0]
    assert not all_failures, "server errors (at most two per operation):\n" + "\n".join(all_failures)
