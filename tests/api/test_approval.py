"""Issue 10 §1: approval that means something — section reviews ("revisado por … em …"), acknowledged
findings, the approval blockers (art. 18 §§ 1–2 and the review rules), who may approve, separation of
duties, the approval record, the planning team and the approving authority."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from etp_app.extensions import db
from etp_app.models import AuditLog, Section
from tests.helpers.api import (
    APPROVAL_STATEMENT,
    MANDATORY,
    approve,
    audit_actions,
    create_etp,
    etag_of,
    fill_for_approval,
    org_users,
    put_section,
    review_section,
)

INVENTED_CITATION = "Conforme o art. 250 da Lei 14.133/2021, a contratação é necessária."


def _url(eid, inciso=None, tail=""):
    base = f"/api/v1/etps/{eid}"
    return base + (f"/sections/{inciso}" if inciso else "") + tail


def _readiness(api, eid) -> dict:
    resp = api.get(_url(eid, tail="/approval"))
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def _set_section(app, eid, inciso, **values) -> None:
    """The state a worker leaves (an AI draft, a pending suggestion), written directly."""
    with app.app_context():
        s = db.session.scalar(select(Section).where(Section.etp_id == uuid.UUID(eid), Section.inciso == inciso))
        for key, value in values.items():
            setattr(s, key, value)
        db.session.commit()
        db.session.remove()


@pytest.fixture
def team(make_user):
    return org_users(make_user, "member", "viewer")


def _ready_etp(team, **fields) -> str:
    """An ETP a member wrote and reviewed, in review: only its approval is left."""
    _, member = team["member"]
    eid = create_etp(member, **fields)["id"]
    fill_for_approval(member, eid)
    assert member.post(_url(eid, tail="/status"), json={"status": "in_review"}).status_code == 200
    return eid


# --------------------------------------------------------------------------------------------------
# review
# --------------------------------------------------------------------------------------------------


def test_review_records_who_and_when_and_a_new_text_clears_it(app, team):
    admin_user, admin = team["org_admin"]
    _, member = team["member"]
    eid = create_etp(member)["id"]
    put_section(member, eid, 1, content="A necessidade é real.")
    before = member.get(_url(eid, 1)).get_json()
    assert before["review"] is None and before["status"] == "edited"

    reviewed = review_section(admin, eid, 1)
    review = reviewed["review"]
    assert review["reviewed_by"] == admin_user["id"] and review["reviewer_name"] == admin_user["name"]
    assert (
        review["label"].startswith(f"Revisado por {admin_user['name']} em ")
        and "horário de Brasília" in review["label"]
    )
    assert reviewed["status"] == "approved"
    assert reviewed["updated_by"] == before["updated_by"]  # reviewing is not writing
    assert reviewed["etag"] != before["etag"]
    again = admin.post(_url(eid, 1, "/review"))
    assert again.status_code == 200 and again.get_json()["review"] == review  # repeating changes nothing

    edited = put_section(member, eid, 1, content="A necessidade foi revista.")
    assert edited["review"] is None and edited["status"] == "edited"
    assert audit_actions(app, eid).count("section.review") == 1

    # an accepted suggestion is a new text too
    review_section(admin, eid, 1)
    _set_section(app, eid, 1, suggestion="Texto sugerido pela IA.")
    accepted = member.post(_url(eid, 1, "/suggestion/accept"))
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["review"] is None and accepted.get_json()["status"] == "drafted"


def test_review_needs_text_a_writer_and_the_callers_organization(team, make_user):
    _, member = team["member"]
    _, viewer = team["viewer"]
    eid = create_etp(member)["id"]
    empty = member.post(_url(eid, 4, "/review"))
    assert empty.status_code == 409 and empty.get_json()["errors"] == {"IV": ["Seção obrigatória sem conteúdo."]}
    put_section(member, eid, 4, content="Quantidades.")
    assert viewer.post(_url(eid, 4, "/review")).status_code == 403
    _, outsider = make_user()
    assert outsider.post(_url(eid, 4, "/review")).status_code == 404
    assert outsider.get(_url(eid, tail="/approval")).status_code == 404
    assert outsider.post(_url(eid, 4, "/findings/x/acknowledge"), json={"reason": "r"}).status_code == 404
    stale = member.post(_url(eid, 4, "/review"), headers={"If-Match": '"old-1"'})
    assert stale.status_code == 412
    assert member.post(_url(eid, 14, "/review")).status_code == 404


# --------------------------------------------------------------------------------------------------
# blockers
# --------------------------------------------------------------------------------------------------


def test_pending_placeholders_block_approval_per_section(team):
    _, admin = team["org_admin"]
    _, member = team["member"]
    eid = _ready_etp(team)
    etag = member.get(_url(eid, 8)).headers["ETag"]
    text = "Parcelamento: " + " ".join(f"[a preencher: item {k}]" for k in range(6))
    assert member.put(_url(eid, 8), json={"content": text}, headers={"If-Match": etag}).status_code == 200
    review_section(member, eid, 8)  # reviewed, and still not approvable with gaps

    ready = _readiness(admin, eid)
    assert ready["ready"] is False and list(ready["blockers"]) == ["VIII"]
    (message,) = ready["blockers"]["VIII"]
    assert message.startswith('Há 6 marcadores "[a preencher: …]" pendentes') and "art. 18" in message

    refused = approve(admin, eid)
    assert refused.status_code == 409
    body = refused.get_json()
    assert body["errors"] == ready["blockers"] and "VIII" in body["message"] and "art. 18" in body["message"]
    assert admin.get(_url(eid)).get_json()["status"] == "in_review"


def test_a_placeholder_in_a_justification_blocks_too(team):
    _, admin = team["org_admin"]
    _, member = team["member"]
    eid = _ready_etp(team)
    put_section(member, eid, 2, justification="A demanda não consta do PCA: [a preencher: motivo].")
    assert "II" in _readiness(admin, eid)["blockers"]


def test_required_template_field_blocks_approval(team):
    _, admin = team["org_admin"]
    _, member = team["member"]
    eid = _ready_etp(team, template_type="servicos")
    blockers = _readiness(admin, eid)["blockers"]
    assert list(blockers) == ["campos.natureza_continuada"]
    (message,) = blockers["campos.natureza_continuada"]
    assert message.startswith('Campo obrigatório do tipo de contratação "Serviços" não preenchido: Serviço de natureza')
    assert approve(admin, eid).status_code == 409
    assert member.post(_url(eid, tail="/status"), json={"status": "draft"}).status_code == 200
    resp = member.patch(
        _url(eid), json={"campos": {"natureza_continuada": True}}, headers={"If-Match": etag_of(member, eid)}
    )
    assert resp.status_code == 200, resp.get_json()
    assert member.post(_url(eid, tail="/status"), json={"status": "in_review"}).status_code == 200
    assert _readiness(admin, eid)["ready"] is True
    assert approve(admin, eid).status_code == 200


def test_unreviewed_and_ai_drafted_texts_block_with_their_own_messages(app, team):
    _, admin = team["org_admin"]
    _, member = team["member"]
    eid = _ready_etp(team)
    put_section(member, eid, 3, content="Requisitos técnicos.")  # written after the reviews
    _set_section(app, eid, 7, content="Descrição redigida pela IA.", status="drafted", ai_generated=True)
    blockers = _readiness(admin, eid)["blockers"]
    assert set(blockers) == {"III", "VII"}
    assert "sem revisão por uma pessoa após a última alteração" in blockers["III"][0]
    assert "inteligência artificial nunca revisado" in blockers["VII"][0]
    review_section(admin, eid, 3)
    review_section(admin, eid, 7)
    assert _readiness(admin, eid)["ready"] is True


def test_error_findings_block_until_acknowledged_and_a_new_text_drops_the_acknowledgement(app, team):
    admin_user, admin = team["org_admin"]
    _, member = team["member"]
    eid = _ready_etp(team)
    put_section(member, eid, 1, content=INVENTED_CITATION)
    review_section(member, eid, 1)
    blockers = _readiness(admin, eid)["blockers"]
    assert list(blockers) == ["I"]
    assert "citation_article_out_of_range" in blockers["I"][0] and "art. 250" in blockers["I"][0]

    ack_url = _url(eid, 1, "/findings/citation_article_out_of_range/acknowledge")
    assert admin.post(ack_url, json={"reason": "   "}).status_code == 422
    assert admin.post(ack_url, json={}).status_code == 422
    unknown = admin.post(_url(eid, 1, "/findings/marketing_claim/acknowledge"), json={"reason": "Ok."})
    assert unknown.status_code == 404 and "citation_article_out_of_range" in unknown.get_json()["message"]
    assert admin.post(_url(eid, 1, "/findings/Bad-Code!/acknowledge"), json={"reason": "Ok."}).status_code == 404

    resp = admin.post(ack_url, json={"reason": "Citação mantida de propósito: será corrigida no termo de referência."})
    assert resp.status_code == 200, resp.get_json()
    (ack,) = resp.get_json()["acknowledgements"]
    assert ack["code"] == "citation_article_out_of_range" and ack["by"] == admin_user["id"]
    assert ack["reason"].startswith("Citação mantida") and ack["by_name"] == admin_user["name"]
    assert resp.get_json()["review"] is not None  # acknowledging is not a change of the text
    assert _readiness(admin, eid)["ready"] is True
    with app.app_context():
        row = db.session.scalar(
            select(AuditLog).where(AuditLog.etp_id == uuid.UUID(eid), AuditLog.action == "section.finding_acknowledged")
        )
        assert row.after["code"] == "citation_article_out_of_range" and row.after["reason"].startswith("Citação")
        db.session.remove()

    # a new text: the acknowledgement was about the old one
    edited = put_section(member, eid, 1, content=INVENTED_CITATION + " Texto revisto.")
    assert edited["acknowledgements"] == [] and edited["review"] is None
    blockers = _readiness(admin, eid)["blockers"]["I"]
    assert any("citation_article_out_of_range" in m for m in blockers) and any("revisão" in m for m in blockers)


def test_acknowledging_a_finding_the_text_no_longer_has_is_404(team):
    _, member = team["member"]
    eid = create_etp(member)["id"]
    put_section(member, eid, 1, content="Texto sem problemas de citação.")
    resp = member.post(_url(eid, 1, "/findings/citation_article_out_of_range/acknowledge"), json={"reason": "x"})
    assert resp.status_code == 404 and resp.get_json()["code"] == 404


# --------------------------------------------------------------------------------------------------
# who approves
# --------------------------------------------------------------------------------------------------


def test_the_approval_records_approver_date_and_statement_and_reopening_clears_it(app, team):
    admin_user, admin = team["org_admin"]
    eid = _ready_etp(team)
    missing = admin.post(_url(eid, tail="/status"), json={"status": "approved"})
    assert missing.status_code == 422 and "statement" in missing.get_json()["errors"]
    blank = admin.post(_url(eid, tail="/status"), json={"status": "approved", "statement": "  "})
    assert blank.status_code == 422

    approved = approve(admin, eid)
    assert approved.status_code == 200, approved.get_json()
    record = approved.get_json()["approval"]
    assert record["approved_by"] == admin_user["id"] and record["approved_by_name"] == admin_user["name"]
    assert record["statement"] == APPROVAL_STATEMENT and record["approved_at"]
    assert record["label"].startswith(f"Aprovado por {admin_user['name']} em ")
    assert admin.get(_url(eid)).get_json()["approval"] == record
    listed = next(e for e in admin.get("/api/v1/etps").get_json() if e["id"] == eid)
    assert listed["approval"] == record
    with app.app_context():
        row = db.session.scalar(
            select(AuditLog)
            .where(AuditLog.etp_id == uuid.UUID(eid), AuditLog.action == "etp.status")
            .order_by(AuditLog.created_at.desc())
            .limit(1)
        )
        assert row.after == {
            "status": "approved",
            "approved_by_name": admin_user["name"],
            "statement": APPROVAL_STATEMENT,
        }
        db.session.remove()

    reopened = admin.post(_url(eid, tail="/status"), json={"status": "draft"})
    assert reopened.status_code == 200 and reopened.get_json()["approval"] is None


def test_separation_of_duties_by_default_and_configurable(team):
    _, admin = team["org_admin"]
    _, member = team["member"]
    eid = create_etp(admin)["id"]
    fill_for_approval(admin, eid)
    assert admin.post(_url(eid, tail="/status"), json={"status": "in_review"}).status_code == 200
    ready = _readiness(admin, eid)
    assert (
        ready["ready"] is True and ready["can_approve"] is False and "Separação de funções" in ready["approver_problem"]
    )
    refused = approve(admin, eid)
    assert refused.status_code == 403 and "único autor" in refused.get_json()["message"]

    # a reviewer is not an author; a co-author is
    review_section(member, eid, 1)
    assert approve(admin, eid).status_code == 403
    put_section(member, eid, 1, content="Necessidade, revista por outra pessoa.")
    review_section(admin, eid, 1)
    assert _readiness(admin, eid)["can_approve"] is True
    assert approve(admin, eid).status_code == 200


def test_an_organization_may_switch_separation_of_duties_off(team):
    _, admin = team["org_admin"]
    _, member = team["member"]
    resp = member.patch("/api/v1/organization", json={"separation_of_duties": False})
    assert resp.status_code == 403
    resp = admin.patch("/api/v1/organization", json={"separation_of_duties": False})
    assert resp.status_code == 200 and resp.get_json()["separation_of_duties"] is False
    assert admin.get("/api/v1/organization").get_json()["separation_of_duties"] is False
    eid = create_etp(admin)["id"]
    fill_for_approval(admin, eid)
    assert admin.post(_url(eid, tail="/status"), json={"status": "in_review"}).status_code == 200
    assert approve(admin, eid).status_code == 200


def test_approvers_policy_and_the_autoridade_competente_permission(team):
    _, admin = team["org_admin"]
    member_user, member = team["member"]
    eid = _ready_etp(team)  # written by the member
    assert approve(member, eid).status_code == 403  # default: org admins and autoridades competentes
    assert admin.patch("/api/v1/organization", json={"approvers": "nobody"}).status_code == 422
    resp = admin.patch("/api/v1/organization", json={"approvers": "autoridade_competente"})
    assert resp.status_code == 200 and resp.get_json()["approvers"] == "autoridade_competente"
    refused = approve(admin, eid)
    assert refused.status_code == 403 and "autoridade competente" in refused.get_json()["message"]

    # an org admin grants the permission; nobody grants it to themselves
    admin_id = admin.get("/api/v1/auth/me").get_json()["id"]
    assert admin.patch(f"/api/v1/users/{admin_id}", json={"autoridade_competente": True}).status_code == 403
    assert member.patch(f"/api/v1/users/{member_user['id']}", json={"autoridade_competente": True}).status_code == 403
    granted = admin.patch(f"/api/v1/users/{member_user['id']}", json={"autoridade_competente": True})
    assert granted.status_code == 200 and granted.get_json()["autoridade_competente"] is True
    # the member is allowed now, but wrote the ETP alone: separation of duties still holds
    assert approve(member, eid).status_code == 403
    other = create_etp(admin)["id"]
    fill_for_approval(admin, other)
    assert admin.post(_url(other, tail="/status"), json={"status": "in_review"}).status_code == 200
    assert approve(member, other).status_code == 200

    resp = admin.patch("/api/v1/organization", json={"approvers": "member"})
    assert resp.status_code == 200
    third = create_etp(admin)["id"]
    fill_for_approval(admin, third)
    assert admin.post(_url(third, tail="/status"), json={"status": "in_review"}).status_code == 200
    assert _readiness(team["viewer"][1], third)["can_approve"] is False  # viewers never approve
    assert approve(member, third).status_code == 200


# --------------------------------------------------------------------------------------------------
# planning team and approving authority
# --------------------------------------------------------------------------------------------------

TEAM = [
    {"nome": "Ana Lima", "cargo": "Coordenadora de Compras", "papel": "requisitante", "matricula": "123"},
    {"nome": "Bruno Reis", "papel": "area_tecnica"},
]


def test_planning_team_and_authority_are_editable_facts(app, team):
    _, member = team["member"]
    etp = create_etp(
        member, equipe_planejamento=TEAM, autoridade_competente={"nome": "Carla Dias", "cargo": "Prefeita"}
    )
    assert etp["equipe_planejamento"] == [
        TEAM[0],
        {"nome": "Bruno Reis", "cargo": None, "papel": "area_tecnica", "matricula": None},
    ]
    assert etp["autoridade_competente"] == {"nome": "Carla Dias", "cargo": "Prefeita"}
    url = _url(etp["id"])
    for bad in (
        [{"nome": "Sem papel"}],
        [{"nome": "X", "papel": "chefe"}],
        [{"nome": " ", "papel": "outro"}],
        [{"nome": "X", "papel": "outro", "apelido": "Y"}],
        [{"nome": "X", "papel": "outro"}] * 31,
        {"nome": "não é lista"},
    ):
        resp = member.patch(url, json={"equipe_planejamento": bad}, headers={"If-Match": etag_of(member, etp["id"])})
        assert resp.status_code == 422, (bad, resp.get_json())
        assert "equipe_planejamento" in resp.get_json()["errors"]
    resp = member.patch(
        url,
        json={"equipe_planejamento": TEAM[:1], "autoridade_competente": {"cargo": "Prefeita Municipal"}},
        headers={"If-Match": etag_of(member, etp["id"])},
    )
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["equipe_planejamento"] == [TEAM[0]]
    assert body["autoridade_competente"] == {"nome": "Carla Dias", "cargo": "Prefeita Municipal"}
    with app.app_context():
        row = db.session.scalar(
            select(AuditLog).where(AuditLog.etp_id == uuid.UUID(etp["id"]), AuditLog.action == "etp.update")
        )
        assert "equipe_planejamento" in row.after and row.after["autoridade_cargo"] == "Prefeita Municipal"
        db.session.remove()


def test_the_approval_flow_through_the_old_approve_route_still_works(team):
    _, admin = team["org_admin"]
    _, member = team["member"]
    eid = create_etp(member)["id"]
    for inciso in range(1, 14):
        if inciso in MANDATORY:
            put_section(member, eid, inciso, content=f"Texto {inciso}.")
        else:
            put_section(member, eid, inciso, justification="Não se aplica.")
    for inciso in MANDATORY:
        assert admin.post(_url(eid, inciso, "/approve")).status_code == 200
    assert member.post(_url(eid, tail="/status"), json={"status": "in_review"}).status_code == 200
    assert approve(admin, eid).status_code == 200
    sections = admin.get(_url(eid, tail="/sections")).get_json()
    assert {s["status"] for s in sections} == {"approved"}
    assert all(s["review"] is None for s in sections if s["inciso"] not in MANDATORY)  # justified: nothing to read


def test_a_deleted_account_leaves_its_reviews_and_approvals_anonymous(make_user):
    from etp_app.services.lgpd import ANONYMOUS_NAME
    from tests.conftest import DEFAULT_PASSWORD

    users = org_users(make_user, "member", "org_admin")
    _, admin = users["org_admin"]
    _, member = users["member"]
    eid = _ready_etp(users)
    put_section(member, eid, 1, content=INVENTED_CITATION)
    review_section(admin, eid, 1)
    ack = admin.post(_url(eid, 1, "/findings/citation_article_out_of_range/acknowledge"), json={"reason": "Mantida."})
    assert ack.status_code == 200, ack.get_json()
    assert approve(admin, eid).status_code == 200
    # the admin leaves (another org admin stays): their acts stay, their name does not
    assert admin.delete("/api/v1/users/me", json={"password": DEFAULT_PASSWORD}).status_code == 204
    etp = member.get(_url(eid)).get_json()
    assert etp["approval"]["approved_by_name"] == ANONYMOUS_NAME and etp["approval"]["approved_by"]
    s1 = member.get(_url(eid, 1)).get_json()
    assert s1["review"]["reviewer_name"] == ANONYMOUS_NAME
    assert s1["acknowledgements"][0]["by_name"] == ANONYMOUS_NAME


def test_an_unreviewed_offline_draft_is_not_called_an_ai_text():
    from etp_app.models import Section
    from etp_app.services import approval

    def unreviewed(**kw):
        return approval._not_reviewed_message(Section(inciso=1, content="Texto.", **kw))

    assert unreviewed(provenance="offline", ai_generated=True) == approval.OFFLINE_NOT_REVIEWED
    assert "inteligência artificial" not in approval.OFFLINE_NOT_REVIEWED
    assert unreviewed(provenance="ai", ai_generated=True) == approval.AI_NOT_REVIEWED
    assert unreviewed(provenance="human", ai_generated=False) == approval.NOT_REVIEWED
    assert unreviewed(provenance=None, ai_generated=True) == approval.AI_NOT_REVIEWED
