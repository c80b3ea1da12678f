import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Icon } from "./Icon";
export const ETP_STATUS = {
    draft: { label: "Em elaboração", icon: "pen", tone: "info" },
    in_review: { label: "Em revisão", icon: "eye", tone: "warning" },
    approved: { label: "Aprovado", icon: "stamp", tone: "success" },
    archived: { label: "Arquivado", icon: "archive", tone: "neutral" },
};
export const SECTION_STATUS = {
    empty: { label: "Vazia", icon: "minus-circle", tone: "neutral" },
    drafting: { label: "Em redação", icon: "spinner", tone: "info" },
    drafted: { label: "Redigida pela IA", icon: "robot", tone: "warning" },
    edited: { label: "Editada", icon: "pen", tone: "info" },
    approved: { label: "Aprovada", icon: "check-circle", tone: "success" },
};
export const JOB_STATE = {
    queued: { label: "Na fila", icon: "clock", tone: "neutral" },
    running: { label: "Em andamento", icon: "spinner", tone: "info" },
    succeeded: { label: "Concluído", icon: "check-circle", tone: "success" },
    failed: { label: "Falhou", icon: "times-circle", tone: "danger" },
    cancelled: { label: "Cancelado", icon: "ban", tone: "neutral" },
};
export function Tag({ look, small = false }) {
    return (_jsxs("span", { className: `br-tag etp-tag etp-tag--${look.tone}${small ? " small" : ""}`, children: [_jsx(Icon, { name: look.icon, spin: look.icon === "spinner" }), _jsx("span", { children: look.label })] }));
}
export function EtpStatusTag({ status }) {
    return _jsx(Tag, { look: ETP_STATUS[status ?? "draft"] });
}
export function SectionStatusTag({ status, small }) {
    return _jsx(Tag, { look: SECTION_STATUS[status ?? "empty"], small: small });
}
export function JobStateTag({ state }) {
    return _jsx(Tag, { look: JOB_STATE[state ?? "queued"] });
}
