"""Job helpers shared by the wiring tests: an ETP to draft, polling a job to a state, the fake
provider's environment for a real worker."""

from __future__ import annotations

from tests.fakes.fake_openai import FakeOpenAIServer
from tests.helpers.polling import wait_for

ETP = {
    "title": "Aquisição de notebooks para a Secretaria de Saúde",
    "objeto": "Aquisição de 120 notebooks para as unidades básicas de saúde",
    "numero_processo": "23000.012345/2026-11",
    "orgao": "Secretaria Municipal de Saúde",
    "uasg": "987654",
    "template_type": "ti",
    "quantidade_estimada": "120",
    "unidade_medida": "unidade",
    "valor_estimado": "480000.00",
    "valor_unitario": "4000.00",
    "descricao_necessidade": "Os computadores atuais têm mais de oito anos e falham com frequência.",
}


def create_etp(api, **overrides) -> dict:
    resp = api.post("/api/v1/etps", json={**ETP, **overrides})
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def job_of(api, job_id: str) -> dict:
    resp = api.get(f"/api/v1/jobs/{job_id}")
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def wait_job(api, job_id: str, states=("succeeded", "failed", "cancelled"), timeout: float = 60.0) -> dict:
    return wait_for(
        lambda: (j := job_of(api, job_id))["state"] in states and j,
        timeout=timeout,
        message=f"job {job_id} to reach {states}",
    )


def section(api, etp_id: str, inciso: int) -> dict:
    resp = api.get(f"/api/v1/etps/{etp_id}/sections/{inciso}")
    assert resp.status_code == 200
    return resp.get_json()


def openai_env(fake: FakeOpenAIServer, **extra) -> dict[str, str]:
    env = {
        "DRAFTING_PROVIDER": "openai",
        "OPENAI_API_KEY": "sk-test-not-a-real-key",
        "OPENAI_BASE_URL": fake.base_url,
        "OPENAI_TIMEOUT": "5",
        "OPENAI_RETRY_BASE_DELAY": "0.05",
        "OPENAI_RETRY_MAX_DELAY": "3",
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env
