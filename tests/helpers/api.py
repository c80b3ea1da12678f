"""HTTP helpers shared by the API tests: users of one organization, ETPs, sections, audit rows.

They drive the API through the suite's ``ApiClient`` (the ``make_user`` fixture) and assert on the
status of every call they make, so a failing helper points at the request that failed.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from etp_app.extensions import db
from etp_app.models import AuditLog

MANDATORY = (1, 4, 6, 8, 13)


def new_domain() -> str:
    return f"orgao{uuid.uuid4().hex[:8]}.gov.br"


def org_users(make_user, *roles: str, domain: str | None = None):
    """Users of one organization (``make_user`` provisions them): the first user of a domain is its
    org admin, the next ones members; other roles are set explicitly. Returns {role: (user, client)}."""
    domain = domain or new_domain()
    out = {"org_admin": make_user(f"chefe@{domain}")}
    assert out["org_admin"][0]["role"] == "org_admin"
    for role in roles:
        out[role] = make_user(f"{role}-{uuid.uuid4().hex[:6]}@{domain}", role=role if role != "member" else None)
        assert out[role][0]["role"] == role
    return out


def create_etp(api, **fields) -> dict:
    body = {"title": "Aquisição de notebooks", "objeto": "Aquisição de computadores portáteis"}
    body.update(fields)
    resp = api.post("/api/v1/etps", json=body)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def etag_of(api, etp_id) -> str:
    resp = api.get(f"/api/v1/etps/{etp_id}")
    assert resp.status_code == 200
    return resp.headers["ETag"]


def put_section(api, etp_id, inciso, **body):
    url = f"/api/v1/etps/{etp_id}/sections/{inciso}"
    etag = api.get(url).headers["ETag"]
    resp = api.put(url, json=body, headers={"If-Match": etag})
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


APPROVAL_STATEMENT = "Aprovo o presente ETP: a contratação é viável e adequada à necessidade descrita."


def review_section(api, etp_id, inciso) -> dict:
    resp = api.post(f"/api/v1/etps/{etp_id}/sections/{inciso}/review")
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def fill_for_approval(api, etp_id, *, reviewer=None):
    """What a real approval needs of the text: the mandatory sections written (by ``api``), the others
    justified, and every written section reviewed by a person (``reviewer``, by default the author).
    The approval itself still needs someone allowed to approve who is not the only author: see
    :func:`approve`."""
    for inciso in range(1, 14):
        if inciso in MANDATORY:
            put_section(api, etp_id, inciso, content=f"Conteúdo do inciso {inciso}.")
        else:
            put_section(api, etp_id, inciso, justification="Não se aplica a esta contratação.")
    for inciso in MANDATORY:
        review_section(reviewer or api, etp_id, inciso)


def approve(api, etp_id, statement: str = APPROVAL_STATEMENT):
    """POST /status approved with the approver's statement; returns the response (callers assert)."""
    return api.post(f"/api/v1/etps/{etp_id}/status", json={"status": "approved", "statement": statement})


def audit_actions(app, etp_id) -> list[str]:
    with app.app_context():
        rows = db.session.scalars(
            select(AuditLog.action).where(AuditLog.etp_id == uuid.UUID(str(etp_id))).order_by(AuditLog.created_at)
        ).all()
        db.session.remove()
    return list(rows)


FULL = {
    "title": "Aquisição de notebooks para a Secretaria",
    "objeto": "Aquisição de 120 computadores portáteis",
    "numero_processo": "23000.012345/2026-11",
    "orgao": "Ministério Exemplo",
    "uasg": "160001",
    "unidade_requisitante": "Coordenação de TI",
    "responsavel_tecnico": {"nome": "Maria Souza", "matricula": "1234567"},
    "data_elaboracao": "2026-03-15",
    "template_type": "bens",
    "quantidade_estimada": "120",
    "unidade_medida": "unidade",
    "valor_estimado": "1234567.89",
    "valor_unitario": "10288.07",
    "prazo_execucao_dias": 90,
    "nivel_risco": "medio",
    "dotacao_orcamentaria": "33.90.52",
    "descricao_necessidade": "Equipamentos obsoletos.",
    "requisitos": "Processador de 8 núcleos.",
    "riscos": "Atraso na entrega.",
    "campos": {"garantia_meses": 36, "forma_fornecimento": "entrega_unica"},
}
