import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// The section's quality report: score, findings grouped by severity (text headings and icons, never
// colour alone), each with its message and the excerpt marked in its sentence, "Verificar novamente"
// (POST .../check) and, for error findings that may stay, the acknowledgement with a reason.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { messageOf } from "../../api/errors";
import { Icon } from "../../components/Icon";
import { Message } from "../../components/Message";
import { formatDateTime } from "../../lib/format";
import { storeQuality, storeSection } from "../../api/queries";
import { acknowledgeFinding, checkSection, invalidateEtp } from "./api";
import { excerptContext } from "./highlight";
const GROUPS = [
    { severity: "error", title: "Erros", icon: "times-circle" },
    { severity: "warning", title: "Avisos", icon: "exclamation-triangle" },
    { severity: "info", title: "Informações", icon: "info-circle" },
];
function reportOf(section) {
    const quality = section.quality;
    return quality && typeof quality === "object" && Array.isArray(quality.warnings) ? quality : null;
}
function AcknowledgeForm({ etpId, section, warning }) {
    const queryClient = useQueryClient();
    const [open, setOpen] = useState(false);
    const [reason, setReason] = useState("");
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    const id = useId().replace(/[^a-zA-Z0-9_-]/g, "");
    const code = warning.code ?? "";
    const submit = async (event) => {
        event.preventDefault();
        if (!reason.trim()) {
            setError("Escreva o motivo para manter o trecho como está.");
            return;
        }
        setBusy(true);
        setError(null);
        try {
            const saved = await acknowledgeFinding(etpId, section.inciso ?? 0, code, reason.trim());
            storeSection(queryClient, etpId, saved.section, saved.etag);
            invalidateEtp(queryClient, etpId);
            setOpen(false);
        }
        catch (caught) {
            setError(messageOf(caught));
        }
        finally {
            setBusy(false);
        }
    };
    if (!open) {
        return (_jsx("button", { type: "button", className: "br-button secondary small", onClick: () => setOpen(true), children: "Registrar ci\u00EAncia" }));
    }
    return (_jsxs("form", { className: "etp-quality__ack", onSubmit: submit, noValidate: true, children: [_jsxs("div", { className: `br-textarea etp-field${error ? " danger" : ""}`, children: [_jsx("label", { htmlFor: `ciencia-${id}`, children: "Motivo para manter como est\u00E1" }), _jsx("textarea", { id: `ciencia-${id}`, value: reason, maxLength: 500, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `ciencia-${id}-erro` : undefined, onChange: (event) => setReason(event.target.value) }), error ? (_jsxs("span", { id: `ciencia-${id}-erro`, className: "feedback danger", role: "alert", children: [_jsx(Icon, { name: "times-circle" }), " ", error] })) : null] }), _jsxs("div", { className: "etp-actions", children: [_jsx("button", { type: "submit", className: "br-button primary small", disabled: busy, children: "Registrar ci\u00EAncia" }), _jsx("button", { type: "button", className: "br-button secondary small", onClick: () => setOpen(false), children: "Cancelar" })] })] }));
}
function Finding({ etpId, section, warning, readOnly, onLocate }) {
    const context = excerptContext(section.content ?? "", warning.excerpt);
    const acknowledged = (section.acknowledgements ?? []).find((ack) => ack.code === warning.code);
    return (_jsxs("li", { className: "etp-quality__item", children: [_jsx("p", { className: "etp-quality__message", children: warning.message }), context ? (_jsxs("p", { className: "etp-quality__excerpt", children: [_jsx("span", { className: "etp-quality__excerpt-label", children: "Trecho: " }), context.before, _jsx("mark", { children: context.match }), context.after] })) : warning.excerpt ? (_jsxs("p", { className: "etp-quality__excerpt", children: [_jsx("span", { className: "etp-quality__excerpt-label", children: "Trecho: " }), _jsx("mark", { children: warning.excerpt })] })) : null, _jsxs("div", { className: "etp-actions etp-quality__actions", children: [context && onLocate && !readOnly ? (_jsx("button", { type: "button", className: "br-button secondary small", onClick: () => onLocate(context.match), children: "Localizar no texto" })) : null, warning.severity === "error" && acknowledged ? (_jsxs("p", { className: "etp-quality__acknowledged", children: [_jsx(Icon, { name: "check-circle" }), " Ci\u00EAncia registrada", acknowledged.by_name ? ` por ${acknowledged.by_name}` : "", acknowledged.at ? ` em ${formatDateTime(acknowledged.at)}` : "", ": ", acknowledged.reason] })) : null, warning.severity === "error" && !acknowledged && !readOnly && warning.code ? (_jsx(AcknowledgeForm, { etpId: etpId, section: section, warning: warning })) : null] })] }));
}
export function QualityPanel({ etpId, section, readOnly, beforeCheck, onLocate }) {
    const queryClient = useQueryClient();
    const [checking, setChecking] = useState(false);
    const [error, setError] = useState(null);
    const [announcement, setAnnouncement] = useState("");
    const report = reportOf(section);
    const warnings = report?.warnings ?? [];
    const inciso = section.inciso ?? 0;
    const check = async () => {
        setChecking(true);
        setError(null);
        setAnnouncement("Verificando o texto…");
        try {
            await beforeCheck();
            const fresh = await checkSection(etpId, inciso);
            storeQuality(queryClient, etpId, inciso, fresh);
            const count = fresh.warnings?.length ?? 0;
            setAnnouncement(count ? `Verificação concluída: ${count} ${count === 1 ? "achado" : "achados"}.` : "Verificação concluída: nenhum problema encontrado.");
        }
        catch (caught) {
            setError(messageOf(caught));
            setAnnouncement("");
        }
        finally {
            setChecking(false);
        }
    };
    return (_jsxs("section", { className: "etp-quality", "aria-labelledby": "etp-quality-title", children: [_jsx("h2", { id: "etp-quality-title", children: "Qualidade do texto" }), report && report.score !== undefined ? (_jsxs("p", { className: "etp-quality__score", children: ["Nota: ", _jsx("strong", { children: report.score }), " de 100"] })) : null, !report ? _jsx("p", { children: "O texto ainda n\u00E3o foi verificado." }) : null, report && warnings.length === 0 ? (_jsxs("p", { className: "etp-quality__empty", children: [_jsx(Icon, { name: "check-circle" }), " Nenhum problema encontrado"] })) : null, GROUPS.map((group) => {
                const items = warnings.filter((warning) => (warning.severity ?? "info") === group.severity);
                if (!items.length)
                    return null;
                return (_jsxs("div", { className: `etp-quality__group etp-quality__group--${group.severity}`, children: [_jsxs("h3", { children: [_jsx(Icon, { name: group.icon }), " ", group.title, " (", items.length, ")"] }), _jsx("ul", { className: "etp-quality__list", children: items.map((warning, index) => (_jsx(Finding, { etpId: etpId, section: section, warning: warning, readOnly: readOnly, onLocate: onLocate }, `${warning.code ?? "achado"}-${index}`))) })] }, group.severity));
            }), error ? _jsx(Message, { kind: "danger", children: error }) : null, _jsx("div", { className: "etp-actions", children: _jsxs("button", { type: "button", className: "br-button secondary", onClick: () => void check(), disabled: checking, children: [_jsx(Icon, { name: "sync", spin: checking }), " ", _jsx("span", { children: "Verificar novamente" })] }) }), _jsx("p", { className: "visually-hidden", role: "status", "aria-live": "polite", children: announcement })] }));
}
