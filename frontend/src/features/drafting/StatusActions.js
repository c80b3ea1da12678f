import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
// The ETP's lifecycle as the API allows it (etp_app/services/etps.py TRANSITIONS): send to review,
// approve (after reading GET /approval: blockers, can_approve, approver_problem), archive, back to
// drafting. A 409 naming sections shows them as links; approve and archive ask for confirmation.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { ApiError, messageOf } from "../../api/errors";
import { keys } from "../../api/queries";
import { useSession } from "../../auth/useSession";
import { Dialog } from "../../components/Dialog";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { formatDate } from "../../lib/format";
import { changeStatus, useApproval } from "./api";
import { incisoOf } from "./progress";
/** From each status, the moves the API accepts (reopening an approved or archived ETP: org admins). */
const TRANSITIONS = {
    draft: [
        { to: "in_review", label: "Enviar para revisão", icon: "paper-plane" },
        { to: "archived", label: "Arquivar", icon: "archive", confirm: true },
    ],
    in_review: [
        { to: "approved", label: "Aprovar", icon: "stamp", confirm: true },
        { to: "draft", label: "Voltar para elaboração", icon: "arrow-left" },
        { to: "archived", label: "Arquivar", icon: "archive", confirm: true },
    ],
    approved: [
        { to: "archived", label: "Arquivar", icon: "archive", confirm: true },
        { to: "draft", label: "Voltar para elaboração", icon: "arrow-left", adminOnly: true, confirm: true },
    ],
    archived: [{ to: "draft", label: "Voltar para elaboração", icon: "arrow-left", adminOnly: true, confirm: true }],
};
export const DEFAULT_STATEMENT = "Aprovo o presente ETP: a contratação é viável e adequada à necessidade descrita.";
/** The API's `errors` of a 409 or of GET /approval, per section code (links to the section) or field. */
export function BlockerList({ etpId, blockers, sections }) {
    const titles = new Map(sections.map((s) => [s.code ?? "", s.title ?? ""]));
    const entries = Object.entries(blockers).filter(([, messages]) => messages.length);
    if (!entries.length)
        return null;
    return (_jsx("ul", { className: "etp-blockers", children: entries.map(([key, messages]) => {
            const inciso = incisoOf(key);
            const title = titles.get(key);
            const name = inciso > 0 ? `Seção ${key}${title ? ` — ${title}` : ""}` : key.startsWith("campos.") ? `Dado do ETP: ${key.slice(7)}` : key;
            const href = inciso > 0 ? `/etps/${etpId}/secoes/${inciso}` : `/etps/${etpId}/dados`;
            return (_jsxs("li", { children: [key === "status" ? _jsx("strong", { children: name }) : _jsx(Link, { to: href, children: name }), ": ", messages.join(" ")] }, key));
        }) }));
}
function blockersOf(error) {
    const raw = error instanceof ApiError ? error.body?.errors : undefined;
    if (!raw)
        return {};
    const out = {};
    for (const [key, value] of Object.entries(raw)) {
        if (Array.isArray(value))
            out[key] = value.filter((item) => typeof item === "string");
    }
    return out;
}
export function approvalLine(etp) {
    if (etp.status !== "approved")
        return null;
    const when = formatDate(etp.approval?.approved_at);
    const who = etp.approval?.approved_by_name;
    return `Aprovado${when ? ` em ${when}` : ""}${who ? ` por ${who}` : ""}.`;
}
export function StatusActions({ etp, sections }) {
    const queryClient = useQueryClient();
    const session = useSession();
    const etpId = etp.id ?? "";
    const status = etp.status ?? "draft";
    const statementId = useId();
    const [pending, setPending] = useState(null);
    const [statement, setStatement] = useState(DEFAULT_STATEMENT);
    const [busy, setBusy] = useState(false);
    const [failure, setFailure] = useState(null);
    const [done, setDone] = useState(null);
    const approving = pending?.to === "approved";
    const readiness = useApproval(etpId, approving || status === "in_review");
    const isAdmin = session.user?.role === "org_admin";
    const available = TRANSITIONS[status].filter((t) => !t.adminOnly || isAdmin);
    async function run(transition) {
        setBusy(true);
        setFailure(null);
        setDone(null);
        try {
            await changeStatus(etpId, transition.to, transition.to === "approved" ? statement : undefined);
            setPending(null);
            setDone(transition.to === "approved" ? "ETP aprovado." : transition.to === "archived" ? "ETP arquivado." : transition.to === "in_review" ? "ETP enviado para revisão." : "ETP de volta à elaboração.");
            await Promise.all([
                queryClient.invalidateQueries({ queryKey: keys.etp(etpId), exact: true }),
                queryClient.invalidateQueries({ queryKey: keys.sections(etpId), exact: true }),
                queryClient.invalidateQueries({ queryKey: keys.approval(etpId), exact: true }),
                queryClient.invalidateQueries({ queryKey: keys.etpLists }),
            ]);
        }
        catch (error) {
            setPending(null);
            setFailure({ message: messageOf(error), blockers: error instanceof ApiError && error.status === 409 ? blockersOf(error) : {} });
            if (error instanceof ApiError && error.status === 409)
                void queryClient.invalidateQueries({ queryKey: keys.approval(etpId), exact: true });
        }
        finally {
            setBusy(false);
        }
    }
    function choose(transition) {
        setFailure(null);
        setDone(null);
        if (transition.confirm)
            setPending(transition);
        else
            void run(transition);
    }
    const ready = readiness.data;
    const blockers = (ready?.blockers ?? {});
    const hasBlockers = Object.values(blockers).some((list) => list.length);
    const canConfirm = !approving || (Boolean(ready) && !hasBlockers && ready?.can_approve !== false && statement.trim().length > 0);
    const line = approvalLine(etp);
    return (_jsxs("section", { className: "etp-status-actions", "aria-labelledby": "situacao-titulo", children: [_jsx("h2", { id: "situacao-titulo", children: "Situa\u00E7\u00E3o do ETP" }), line ? (_jsxs(Message, { kind: "success", title: "Aprovado", children: [line, " ", etp.approval?.statement ? `Declaração: “${etp.approval.statement}”` : "", " O ETP est\u00E1 somente para leitura."] })) : null, status === "archived" ? _jsx(Message, { kind: "info", title: "Arquivado", children: "Este ETP est\u00E1 arquivado e somente para leitura." }) : null, status === "in_review" && ready && hasBlockers ? (_jsxs("div", { className: "etp-approval-blockers", children: [_jsx("p", { children: "Para aprovar, resolva antes:" }), _jsx(BlockerList, { etpId: etpId, blockers: blockers, sections: sections })] })) : null, done ? _jsx(Message, { kind: "success", children: done }) : null, failure ? (_jsxs("div", { role: "alert", className: "br-message danger etp-status-failure", children: [_jsx("div", { className: "icon", children: _jsx(Icon, { name: "times-circle", className: "fa-lg" }) }), _jsxs("div", { className: "content", children: [_jsx("span", { className: "message-title", children: "N\u00E3o foi poss\u00EDvel mudar a situa\u00E7\u00E3o. " }), _jsx("span", { className: "message-body", children: failure.message }), _jsx(BlockerList, { etpId: etpId, blockers: failure.blockers, sections: sections })] })] })) : null, available.length ? (_jsx("div", { className: "etp-actions", children: available.map((transition) => (_jsxs("button", { type: "button", className: `br-button ${transition.to === "approved" || transition.to === "in_review" ? "primary" : "secondary"}`, onClick: () => choose(transition), disabled: busy, children: [_jsx(Icon, { name: transition.icon }), " ", transition.label] }, transition.to))) })) : null, _jsx(Dialog, { open: pending !== null, title: approving ? "Aprovar o ETP" : pending?.to === "archived" ? "Arquivar o ETP" : "Voltar para elaboração", onClose: () => setPending(null), footer: _jsxs(_Fragment, { children: [_jsx("button", { type: "button", className: "br-button secondary", onClick: () => setPending(null), children: "Cancelar" }), _jsx("button", { type: "button", className: "br-button primary", onClick: () => pending && void run(pending), disabled: busy || !canConfirm, children: approving ? "Confirmar a aprovação" : pending?.to === "archived" ? "Confirmar o arquivamento" : "Confirmar" })] }), children: approving ? (_jsxs(_Fragment, { children: [readiness.isPending ? _jsx(Loading, { label: "Verificando se o ETP pode ser aprovado\u2026" }) : null, readiness.isError ? _jsx(Message, { kind: "danger", children: messageOf(readiness.error) }) : null, ready?.approver_problem ? _jsx(Message, { kind: "warning", children: ready.approver_problem }) : null, ready && hasBlockers ? (_jsxs(_Fragment, { children: [_jsx("p", { children: "O ETP ainda n\u00E3o pode ser aprovado:" }), _jsx(BlockerList, { etpId: etpId, blockers: blockers, sections: sections })] })) : null, ready && !hasBlockers && ready.can_approve !== false ? _jsx("p", { children: "Nada impede a aprova\u00E7\u00E3o. Ao aprovar, o ETP fica somente para leitura." }) : null, _jsxs("div", { className: "br-textarea etp-field", children: [_jsx("label", { htmlFor: statementId, children: "Declara\u00E7\u00E3o de aprova\u00E7\u00E3o" }), _jsx("textarea", { id: statementId, value: statement, rows: 3, maxLength: 2000, onChange: (event) => setStatement(event.target.value) })] })] })) : pending?.to === "archived" ? (_jsx("p", { children: "Arquivar o ETP o deixa somente para leitura; s\u00F3 um administrador da organiza\u00E7\u00E3o pode reabri-lo." })) : (_jsx("p", { children: "O ETP volta a ser um rascunho edit\u00E1vel; a aprova\u00E7\u00E3o registrada, se houver, \u00E9 retirada." })) })] }));
}
