import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
// One section of the ETP (/etps/:etpId/secoes/:inciso): the statute's element, its guidance, the
// editor with autosave, the AI drafting controls and suggestion (features/drafting), the quality
// report, the justification of an optional element left absent, and the section's review.
// Approved or archived ETPs (and viewers) get the rendered text instead of the editor.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { messageOf } from "../../api/errors";
import { useEtp, useSections, useTemplate } from "../../api/queries";
import { useSession } from "../../auth/useSession";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { SectionStatusTag } from "../../components/StatusTag";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDate, formatTime } from "../../lib/format";
import { renderMarkdown } from "../../lib/markdown";
import { AiNotice } from "../drafting/AiNotice";
import { SectionDraftControls } from "../drafting/SectionDraftControls";
import { SuggestionPanel } from "../drafting/SuggestionPanel";
import { storeSection } from "../../api/queries";
import { invalidateEtp, reviewSection } from "./api";
import { ConflictDialog } from "./ConflictDialog";
import { clearBackup, differsFromServer, readBackup, writeBackup } from "./draftBackup";
import "./editor.css";
import { MarkdownEditor } from "./MarkdownEditor";
import { QualityPanel } from "./QualityPanel";
import { useAutosave } from "./useAutosave";
const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"];
/** "4" or "IV" → 4; null when it is not an inciso of art. 18 § 1º. */
export function parseInciso(raw) {
    if (!raw)
        return null;
    if (/^\d{1,2}$/.test(raw)) {
        const value = Number(raw);
        return value >= 1 && value <= 13 ? value : null;
    }
    const index = ROMAN.indexOf(raw.toUpperCase());
    return index === -1 ? null : index + 1;
}
/** Why this person cannot edit this ETP now, or null. */
export function readOnlyReason(etp, user) {
    if (etp?.status === "approved") {
        return "Este ETP foi aprovado: o texto fica somente para leitura. Para alterá-lo, o ETP precisa voltar para elaboração (reabertura por um administrador da organização).";
    }
    if (etp?.status === "archived") {
        return "Este ETP está arquivado: o texto fica somente para leitura. Para alterá-lo, o ETP precisa voltar para elaboração.";
    }
    if (user?.role === "viewer")
        return "Seu perfil na organização é de leitura: você pode ler e verificar o texto, mas não alterá-lo.";
    return null;
}
function sectionHeading(section) {
    return `${section.code ?? ""} — ${section.title ?? ""}`;
}
function theirsLabel(section, me) {
    const who = section.updated_by && me?.id && section.updated_by === me.id ? "você (em outra janela)" : "outra pessoa";
    const when = section.updated_at ? ` às ${formatTime(section.updated_at)}` : "";
    return `Texto salvo por ${who}${when}`;
}
function SectionEditor({ etpId, etp, section, readOnly, guidance, user }) {
    const queryClient = useQueryClient();
    const inciso = section.inciso ?? 0;
    const editor = useRef(null);
    const justificationField = useRef(null);
    const draft = useRef({ content: section.content ?? "", justification: section.justification ?? null });
    const [snapshot, setSnapshot] = useState(section.content ?? "");
    const [conflict, setConflict] = useState(null);
    const [conflictOpen, setConflictOpen] = useState(false);
    const [conflictBusy, setConflictBusy] = useState(false);
    const [reviewBusy, setReviewBusy] = useState(false);
    const [reviewError, setReviewError] = useState(null);
    const [notice, setNotice] = useState(null);
    const [offer, setOffer] = useState(() => {
        if (readOnly)
            return null;
        const backup = readBackup(etpId, inciso);
        return backup && differsFromServer(backup, section.content ?? "", section.justification) ? backup : null;
    });
    const seq = useRef(0);
    const autosave = useAutosave({
        etpId,
        inciso,
        initialEtag: section.etag ?? "",
        getDraft: () => draft.current,
        sendJustification: !section.mandatory,
        enabled: !readOnly,
        onConflict: (current, mine) => {
            seq.current += 1;
            setConflict({ seq: seq.current, current, mine });
            setConflictOpen(true);
        },
        onSaved: (_saved, sent) => setSnapshot(sent.content),
    });
    // A backup equal to the server's text is not worth offering: drop it.
    useEffect(() => {
        if (readOnly)
            return;
        const backup = readBackup(etpId, inciso);
        if (backup && !differsFromServer(backup, section.content ?? "", section.justification))
            clearBackup(etpId, inciso);
    }, []);
    const show = useCallback((content, justification) => {
        draft.current = { content, justification };
        editor.current?.setValue(content);
        if (justificationField.current)
            justificationField.current.value = justification ?? "";
        setSnapshot(content);
    }, []);
    // The server's section moved (a draft landed, a suggestion was accepted elsewhere): follow it when
    // nothing typed is pending; otherwise the next save meets the 412 and the conflict dialog.
    useEffect(() => {
        if (!section.etag || !autosave.rebase(section.etag))
            return;
        const content = section.content ?? "";
        const justification = section.justification ?? null;
        if (draft.current.content !== content || (draft.current.justification ?? "") !== (justification ?? ""))
            show(content, justification);
    }, [section.etag]);
    // A new suggestion compares with the text as it is now.
    useEffect(() => {
        if (section.suggestion)
            setSnapshot(draft.current.content);
    }, [section.suggestion]);
    const onContent = useCallback((value) => {
        draft.current = { ...draft.current, content: value };
        autosave.markDirty();
    }, [autosave]);
    const onJustification = (value) => {
        draft.current = { ...draft.current, justification: value.trim() ? value : null };
        autosave.markDirty();
    };
    const restore = () => {
        if (!offer)
            return;
        autosave.rebase(offer.baseEtag ?? section.etag ?? "");
        show(offer.content, section.mandatory ? null : offer.justification);
        setOffer(null);
        setNotice("Texto restaurado. Salvando…");
        autosave.markDirty();
        void autosave.flush().then((ok) => setNotice(ok ? "Texto restaurado e salvo." : null));
    };
    const discard = () => {
        clearBackup(etpId, inciso);
        setOffer(null);
    };
    const resolve = async (run) => {
        setConflictBusy(true);
        const ok = await run();
        setConflictBusy(false);
        if (ok) {
            setConflictOpen(false);
            setConflict(null);
        }
    };
    const keepMine = () => {
        if (!conflict)
            return;
        void resolve(() => autosave.saveOver(draft.current, conflict.current.etag));
    };
    const useTheirs = () => {
        if (!conflict)
            return;
        autosave.adoptServer(conflict.current);
        show(conflict.current.section.content ?? "", conflict.current.section.justification ?? null);
        setConflictOpen(false);
        setConflict(null);
        setNotice("O texto salvo pela outra pessoa foi mantido.");
    };
    const merge = (merged) => {
        if (!conflict)
            return;
        show(merged, draft.current.justification);
        void resolve(() => autosave.saveOver(draft.current, conflict.current.etag));
    };
    const onAccepted = (accepted) => {
        const etag = accepted.etag ?? "";
        // text typed but not yet saved when the suggestion was accepted: kept and offered back
        const pending = autosave.isDirty() ? { ...draft.current } : null;
        storeSection(queryClient, etpId, accepted, etag);
        autosave.adoptServer({ section: accepted, etag });
        show(accepted.content ?? "", accepted.justification ?? null);
        if (pending && differsFromServer({ ...pending, baseEtag: etag, savedAt: "" }, accepted.content ?? "", accepted.justification)) {
            writeBackup(etpId, inciso, { ...pending, baseEtag: etag });
            setOffer(readBackup(etpId, inciso));
        }
    };
    const review = async () => {
        setReviewBusy(true);
        setReviewError(null);
        try {
            if (!(await autosave.flush())) {
                setReviewError("Salve o texto antes de aprovar a seção.");
                return;
            }
            const saved = await reviewSection(etpId, inciso, autosave.getEtag() || null);
            storeSection(queryClient, etpId, saved.section, saved.etag);
            invalidateEtp(queryClient, etpId);
            setNotice("Seção aprovada: a revisão foi registrada.");
        }
        catch (caught) {
            setReviewError(messageOf(caught));
        }
        finally {
            setReviewBusy(false);
        }
    };
    const locate = useCallback((excerpt) => {
        editor.current?.selectText(excerpt);
    }, []);
    const highlights = useMemo(() => {
        const report = section.quality;
        return (report?.warnings ?? []).map((warning) => warning.excerpt ?? "").filter(Boolean);
    }, [section.quality]);
    const saveText = (() => {
        switch (autosave.state) {
            case "dirty":
                return "Alterações não salvas";
            case "saving":
                return "Salvando…";
            case "saved":
                return autosave.savedAt ? `Salvo às ${formatTime(autosave.savedAt)}` : "Salvo";
            case "error":
                return `Erro ao salvar: ${autosave.error ?? ""} — `;
            case "conflict":
                return "Outra pessoa salvou esta seção: escolha qual texto manter.";
            default:
                return "";
        }
    })();
    const justificationError = autosave.fieldErrors.justification?.join(" ") ?? null;
    const contentError = autosave.fieldErrors.content?.join(" ") ?? null;
    const canReview = !readOnly && section.status !== "drafting" && Boolean((section.content ?? "").trim() || section.justification);
    return (_jsxs(_Fragment, { children: [_jsx("h1", { children: sectionHeading(section) }), _jsxs("div", { className: "etp-section__meta", children: [_jsx(SectionStatusTag, { status: section.status }), _jsx("span", { children: section.mandatory ? "Elemento obrigatório (art. 18, § 2º)" : "Elemento não obrigatório: preencha o texto ou justifique a ausência" }), section.provenance_label && section.provenance === "human" ? _jsx("span", { className: "etp-section__provenance", children: section.provenance_label }) : null] }), section.review?.label ? (_jsxs("p", { className: "etp-section__review", children: [_jsx(Icon, { name: "check-circle" }), " ", section.review.label] })) : null, _jsx(AiNotice, { section: section }), readOnly ? _jsx(Message, { kind: "info", title: "Somente leitura", children: readOnly }) : null, guidance || (section.drafting_notes ?? []).length ? (_jsxs("aside", { className: "etp-section__guidance", "aria-labelledby": "orientacao-titulo", children: [_jsx("h2", { id: "orientacao-titulo", children: "Orienta\u00E7\u00E3o para esta se\u00E7\u00E3o" }), guidance ? _jsx("p", { children: guidance }) : null, (section.drafting_notes ?? []).length ? (_jsx("ul", { children: (section.drafting_notes ?? []).map((note, index) => (_jsxs("li", { children: [note.kind === "warning" ? _jsx("strong", { children: "Aten\u00E7\u00E3o: " }) : null, note.text] }, index))) })) : null] })) : null, offer ? (_jsxs(Message, { kind: "warning", title: "Texto n\u00E3o salvo", children: ["Recuperamos um texto n\u00E3o salvo de ", formatDate(offer.savedAt), " \u00E0s ", formatTime(offer.savedAt), ".", _jsxs("span", { className: "etp-actions", children: [_jsx("button", { type: "button", className: "br-button primary small", onClick: restore, children: "Restaurar" }), _jsx("button", { type: "button", className: "br-button secondary small", onClick: discard, children: "Descartar" })] })] })) : null, notice ? _jsx(Message, { kind: "success", onClose: () => setNotice(null), children: notice }) : null, _jsx(SectionDraftControls, { etpId: etpId, section: section, disabled: Boolean(readOnly) || etp?.status === "approved" || etp?.status === "archived" }), readOnly ? (_jsxs("section", { className: "etp-section__readonly", "aria-labelledby": "texto-titulo", children: [_jsx("h2", { id: "texto-titulo", children: "Texto (somente leitura)" }), (section.content ?? "").trim() ? (_jsx("div", { className: "etp-markdown", dangerouslySetInnerHTML: { __html: renderMarkdown(section.content ?? "") } })) : (_jsx("p", { children: "A se\u00E7\u00E3o n\u00E3o tem texto." })), !section.mandatory && section.justification ? (_jsxs(_Fragment, { children: [_jsx("h3", { children: "Justificativa da aus\u00EAncia" }), _jsx("p", { className: "etp-section__justification", children: section.justification })] })) : null] })) : (_jsxs(_Fragment, { children: [_jsx(MarkdownEditor, { ref: editor, id: "texto-secao", defaultValue: section.content ?? "", onInput: onContent, onBlur: () => void autosave.flush(), highlights: highlights, describedBy: contentError ? "texto-secao-erro" : "estado-salvamento" }), contentError ? (_jsxs("p", { id: "texto-secao-erro", className: "etp-section__error", role: "alert", children: [_jsx(Icon, { name: "times-circle" }), " ", contentError] })) : null, _jsxs("div", { id: "estado-salvamento", className: `etp-save-status etp-save-status--${autosave.state}`, role: "status", "aria-live": "polite", children: [autosave.state === "saving" ? _jsx(Icon, { name: "spinner", spin: true }) : autosave.state === "saved" ? _jsx(Icon, { name: "check" }) : autosave.state === "error" ? _jsx(Icon, { name: "times-circle" }) : null, _jsx("span", { children: saveText }), autosave.state === "error" ? (_jsx("button", { type: "button", className: "etp-link-button", onClick: () => void autosave.flush(), children: "tentar novamente" })) : null, autosave.state === "conflict" && conflict && !conflictOpen ? (_jsx("button", { type: "button", className: "etp-link-button", onClick: () => setConflictOpen(true), children: "Resolver o conflito" })) : null] }), !section.mandatory ? (_jsxs("div", { className: `br-textarea etp-field etp-section__justification-field${justificationError ? " danger" : ""}`, children: [_jsx("label", { htmlFor: "justificativa", children: "Justificativa da aus\u00EAncia" }), _jsx("textarea", { ref: justificationField, id: "justificativa", defaultValue: section.justification ?? "", "aria-describedby": `justificativa-dica${justificationError ? " justificativa-erro" : ""}`, "aria-invalid": justificationError ? true : undefined, onInput: (event) => onJustification(event.currentTarget.value), onBlur: () => void autosave.flush() }), _jsx("p", { id: "justificativa-dica", className: "etp-hint", children: "Se este elemento n\u00E3o se aplica a esta contrata\u00E7\u00E3o, diga por qu\u00EA (art. 18, \u00A7 2\u00BA, da Lei 14.133/2021). Deixe em branco quando a se\u00E7\u00E3o tiver texto." }), justificationError ? (_jsxs("span", { id: "justificativa-erro", className: "feedback danger", role: "alert", children: [_jsx(Icon, { name: "times-circle" }), " ", justificationError] })) : null] })) : null, _jsx(SuggestionPanel, { etpId: etpId, section: section, currentText: snapshot, onAccepted: onAccepted })] })), _jsx(QualityPanel, { etpId: etpId, section: section, readOnly: Boolean(readOnly), beforeCheck: autosave.flush, onLocate: locate }), !readOnly ? (_jsxs("section", { className: "etp-section__review-actions", "aria-labelledby": "revisao-titulo", children: [_jsx("h2", { id: "revisao-titulo", children: "Revis\u00E3o da se\u00E7\u00E3o" }), _jsx("p", { className: "etp-hint", children: "Aprovar a se\u00E7\u00E3o registra que voc\u00EA revisou o texto atual. Qualquer altera\u00E7\u00E3o posterior pede uma nova revis\u00E3o." }), reviewError ? _jsx(Message, { kind: "danger", children: reviewError }) : null, section.review && autosave.state !== "dirty" && autosave.state !== "saving" ? (_jsxs("p", { children: [_jsx(Icon, { name: "check-circle" }), " A revis\u00E3o do texto atual est\u00E1 registrada."] })) : (_jsxs("div", { className: "etp-actions", children: [_jsxs("button", { type: "button", className: "br-button primary", disabled: !canReview || reviewBusy, onClick: () => void review(), children: [_jsx(Icon, { name: "check-circle" }), " ", _jsx("span", { children: "Aprovar se\u00E7\u00E3o" })] }), !canReview && section.status !== "drafting" ? _jsx("span", { className: "etp-hint", children: "Escreva o texto (ou a justificativa) antes de aprovar." }) : null] }))] })) : null, _jsxs("nav", { className: "etp-section__pager", "aria-label": "Se\u00E7\u00F5es vizinhas", children: [inciso > 1 ? (_jsxs(Link, { to: `/etps/${etpId}/secoes/${inciso - 1}`, children: [_jsx(Icon, { name: "chevron-left" }), " Se\u00E7\u00E3o anterior (", ROMAN[inciso - 2], ")"] })) : _jsx("span", {}), inciso < 13 ? (_jsxs(Link, { to: `/etps/${etpId}/secoes/${inciso + 1}`, children: ["Pr\u00F3xima se\u00E7\u00E3o (", ROMAN[inciso], ") ", _jsx(Icon, { name: "chevron-right" })] })) : null] }), conflict ? (_jsx(ConflictDialog, { open: conflictOpen, mine: draft.current.content, theirs: conflict.current.section.content ?? "", theirsLabel: theirsLabel(conflict.current.section, user), busy: conflictBusy, error: autosave.state === "error" ? autosave.error : null, onKeepMine: keepMine, onUseTheirs: useTheirs, onMerge: merge, onClose: () => setConflictOpen(false) }, conflict.seq)) : null] }));
}
export default function SectionEditorPage() {
    const { etpId = "", inciso: raw } = useParams();
    const inciso = parseInciso(raw);
    const sections = useSections(etpId);
    const etp = useEtp(etpId);
    const session = useSession();
    const section = sections.data?.find((item) => item.inciso === inciso);
    const template = useTemplate(etp.data?.etp.template_type);
    usePageTitle(section ? sectionHeading(section) : "Seção do ETP");
    if (inciso === null) {
        return (_jsxs(_Fragment, { children: [_jsx("h1", { children: "Se\u00E7\u00E3o n\u00E3o encontrada" }), _jsx("p", { children: "O ETP tem 13 se\u00E7\u00F5es, dos incisos I a XIII do art. 18, \u00A7 1\u00BA, da Lei 14.133/2021." }), _jsx("p", { children: _jsx(Link, { to: `/etps/${etpId}`, children: "Voltar \u00E0 vis\u00E3o geral do ETP" }) })] }));
    }
    if (sections.isPending || etp.isPending)
        return _jsx(Loading, { label: "Carregando a se\u00E7\u00E3o\u2026" });
    if (sections.isError || !section) {
        return (_jsxs(_Fragment, { children: [_jsx("h1", { children: "Se\u00E7\u00E3o indispon\u00EDvel" }), _jsx(Message, { kind: "danger", children: sections.isError ? messageOf(sections.error) : "Seção não encontrada." })] }));
    }
    const guidance = template.data?.guidance?.find((item) => item.inciso === inciso)?.guidance ?? null;
    return (_jsx(SectionEditor, { etpId: etpId, etp: etp.data?.etp, section: section, readOnly: readOnlyReason(etp.data?.etp, session.user), guidance: guidance, user: session.user }, `${etpId}:${inciso}`));
}
