import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Icon } from "../../components/Icon";
import "./drafting.css";
export function isAiDrafted(section) {
    return Boolean(section.ai_notice) || section.provenance === "ai" || section.provenance === "offline" || Boolean(section.ai_generated);
}
export function AiNotice({ section }) {
    if (!(section.content ?? "").trim() || !isAiDrafted(section))
        return null;
    const notice = section.ai_notice?.trim();
    const label = section.provenance_label?.trim();
    if (!notice && !label)
        return null;
    return (_jsxs("div", { className: "br-message info etp-ai-notice", role: "note", "aria-label": notice ? "Aviso de conteúdo gerado por IA" : "Procedência do texto", children: [_jsx("div", { className: "icon", children: _jsx(Icon, { name: "robot", className: "fa-lg" }) }), _jsxs("div", { className: "content", children: [notice ? _jsx("p", { className: "etp-ai-notice__text", children: notice }) : null, label ? _jsx("p", { className: "etp-ai-notice__label", children: label }) : null] })] }));
}
