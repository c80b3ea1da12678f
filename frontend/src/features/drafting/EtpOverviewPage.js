import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
// The overview of one ETP (/etps/:etpId, inside the workspace layout): its facts, "Redigir todas as
// seções vazias" with the live progress panel (the job's id in `?tarefa=`), the AI-drafted sections
// still to review, the quality summary and the lifecycle actions.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError, messageOf } from "../../api/errors";
import { keys, useEtp, useSections } from "../../api/queries";
import { isTerminal, useJob } from "../../api/useJob";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { EtpStatusTag } from "../../components/StatusTag";
import { usePageTitle } from "../../components/usePageTitle";
import { formatMoney, plural } from "../../lib/format";
import { isAiDrafted } from "./AiNotice";
import { draftEtp, invalidateSection, useJobParam } from "./api";
import { DraftProgressPanel } from "./DraftProgressPanel";
import { QualitySummary } from "./QualitySummary";
import { StatusActions } from "./StatusActions";
import "./drafting.css";
const TEMPLATE_LABELS = {
    bens: "Aquisição de bens",
    servicos: "Prestação de serviços",
    obras: "Obras e serviços de engenharia",
    ti: "Soluções de tecnologia da informação",
};
const hasText = (s) => Boolean((s.content ?? "").trim());
function Fact({ label, value }) {
    return (_jsxs("div", { className: "etp-facts__item", children: [_jsx("dt", { children: label }), _jsx("dd", { children: value?.toString().trim() ? value : "Não informado" })] }));
}
function AiReviewNotice({ etpId, sections }) {
    const pending = sections.filter((s) => hasText(s) && isAiDrafted(s) && !s.review);
    if (!pending.length)
        return null;
    const notice = pending.find((s) => s.ai_notice)?.ai_notice;
    return (_jsxs("div", { className: "br-message info etp-ai-notice", role: "note", "aria-label": "Se\u00E7\u00F5es redigidas por IA a revisar", children: [_jsx("div", { className: "icon", children: _jsx(Icon, { name: "robot", className: "fa-lg" }) }), _jsxs("div", { className: "content", children: [_jsxs("p", { children: [_jsxs("strong", { children: [plural(pending.length, "seção foi redigida", "seções foram redigidas"), " com aux\u00EDlio de IA (ou a partir do modelo) e ainda n\u00E3o ", pending.length === 1 ? "foi revisada" : "foram revisadas", " por uma pessoa:"] }), " ", pending.map((s, index) => (_jsxs("span", { children: [index ? ", " : "", _jsxs(Link, { to: `/etps/${etpId}/secoes/${s.inciso ?? ""}`, children: ["Se\u00E7\u00E3o ", s.code] })] }, s.inciso))), "."] }), notice ? _jsx("p", { className: "etp-ai-notice__text", children: notice }) : null] })] }));
}
export default function EtpOverviewPage() {
    const { etpId = "" } = useParams();
    const queryClient = useQueryClient();
    const etpQuery = useEtp(etpId);
    const sectionsQuery = useSections(etpId);
    const [jobId, setJobId] = useJobParam();
    const watched = useJob(jobId);
    const instructionsId = useId();
    const [instructions, setInstructions] = useState("");
    const [requested, setRequested] = useState(null);
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const etp = etpQuery.data?.etp;
    usePageTitle(etp?.title ? `${etp.title} — visão geral` : "Visão geral do ETP");
    const sections = sectionsQuery.data ?? [];
    const status = etp?.status ?? "draft";
    const editable = status === "draft" || status === "in_review";
    const jobRunning = Boolean(watched.data) && !isTerminal(watched.data);
    const empty = sections.filter((s) => !hasText(s) && s.status !== "drafting");
    function started(job, incisos) {
        setRequested({ jobId: job.id ?? "", incisos });
        setJobId(job.id ?? null);
    }
    async function draftAll() {
        setBusy(true);
        setError(null);
        const incisos = empty.map((s) => s.inciso ?? 0).filter(Boolean);
        try {
            const job = await draftEtp(etpId, { instructions });
            queryClient.setQueryData(keys.job(job.id ?? ""), job);
            invalidateSection(queryClient, etpId, null);
            started(job, incisos);
        }
        catch (err) {
            setError({ kind: err instanceof ApiError && err.status === 409 ? "warning" : "danger", text: messageOf(err) });
        }
        finally {
            setBusy(false);
        }
    }
    if (etpQuery.isPending || sectionsQuery.isPending)
        return _jsx(Loading, { label: "Carregando o ETP\u2026" });
    if (!etp) {
        return (_jsxs(_Fragment, { children: [_jsx("h1", { children: "Vis\u00E3o geral do ETP" }), _jsx(Message, { kind: "danger", children: messageOf(etpQuery.error ?? sectionsQuery.error) })] }));
    }
    const completion = etp.completion;
    return (_jsxs("div", { className: "etp-overview", children: [_jsx("h1", { children: etp.title }), _jsxs("section", { className: "etp-overview__facts", "aria-labelledby": "resumo-titulo", children: [_jsx("h2", { id: "resumo-titulo", children: "Resumo" }), _jsxs("dl", { className: "etp-facts", children: [_jsx(Fact, { label: "Objeto", value: etp.objeto }), _jsx(Fact, { label: "Processo", value: etp.numero_processo }), _jsx(Fact, { label: "UASG", value: etp.uasg }), _jsx(Fact, { label: "Valor estimado", value: formatMoney(etp.valor_estimado) }), _jsx(Fact, { label: "Tipo de contrata\u00E7\u00E3o", value: etp.template_type ? TEMPLATE_LABELS[etp.template_type] : null }), _jsxs("div", { className: "etp-facts__item", children: [_jsx("dt", { children: "Situa\u00E7\u00E3o" }), _jsx("dd", { children: _jsx(EtpStatusTag, { status: etp.status }) })] }), _jsx(Fact, { label: "Preenchimento", value: completion ? `${completion.mandatory_filled ?? 0} de ${completion.mandatory_total ?? 5} obrigatórias · ${completion.filled ?? 0} de ${completion.total ?? 13}` : null })] }), _jsx("p", { children: _jsxs(Link, { to: `/etps/${etpId}/dados`, children: [_jsx(Icon, { name: "pen" }), " Editar dados"] }) })] }), _jsx(AiReviewNotice, { etpId: etpId, sections: sections }), _jsxs("section", { className: "etp-overview__draft", "aria-labelledby": "redigir-titulo", children: [_jsx("h2", { id: "redigir-titulo", children: "Reda\u00E7\u00E3o por IA" }), editable ? (_jsxs(_Fragment, { children: [_jsxs("p", { children: ["A IA redige as se\u00E7\u00F5es vazias, em ordem, a partir dos dados do ETP e das se\u00E7\u00F5es anteriores. Nenhum texto escrito por uma pessoa \u00E9 substitu\u00EDdo. ", empty.length ? `${plural(empty.length, "seção vazia", "seções vazias")} agora.` : "Nenhuma seção vazia agora."] }), _jsxs("div", { className: "br-textarea etp-field", children: [_jsx("label", { htmlFor: instructionsId, children: "Instru\u00E7\u00F5es para a IA (opcional)" }), _jsx("textarea", { id: instructionsId, value: instructions, rows: 2, maxLength: 4000, onChange: (event) => setInstructions(event.target.value), disabled: busy || jobRunning })] }), _jsx("div", { className: "etp-actions", children: _jsxs("button", { type: "button", className: "br-button primary", onClick: () => void draftAll(), disabled: busy || jobRunning, children: [_jsx(Icon, { name: "robot" }), " Redigir todas as se\u00E7\u00F5es vazias"] }) })] })) : (_jsx("p", { children: "ETP aprovado ou arquivado: a reda\u00E7\u00E3o por IA fica indispon\u00EDvel." })), error ? _jsx(Message, { kind: error.kind, children: error.text }) : null] }), jobId ? (_jsx(DraftProgressPanel, { etpId: etpId, jobId: jobId, sections: sections, requested: requested?.jobId === jobId ? requested.incisos : undefined, onJobStarted: started, onClose: () => setJobId(null) })) : null, _jsx(QualitySummary, { etpId: etpId, sections: sections, readOnly: !editable }), _jsx(StatusActions, { etp: etp, sections: sections })] }));
}
