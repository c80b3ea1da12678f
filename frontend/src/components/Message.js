import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Icon } from "./Icon";
const ICONS = {
    success: "check-circle",
    danger: "times-circle",
    warning: "exclamation-triangle",
    info: "info-circle",
};
const TITLES = { success: "Sucesso", danger: "Erro", warning: "Atenção", info: "Informação" };
/** The design system's br-message. Errors are announced (role=alert); the rest politely. */
export function Message({ kind, title, children, onClose, id }) {
    return (_jsxs("div", { id: id, className: `br-message ${kind}`, role: kind === "danger" ? "alert" : "status", children: [_jsx("div", { className: "icon", children: _jsx(Icon, { name: ICONS[kind], className: "fa-lg" }) }), _jsxs("div", { className: "content", children: [_jsxs("span", { className: "message-title", children: [title ?? TITLES[kind], ". "] }), _jsx("span", { className: "message-body", children: children })] }), onClose ? (_jsx("div", { className: "close", children: _jsx("button", { className: "br-button circle small", type: "button", "aria-label": "Fechar a mensagem", onClick: onClose, children: _jsx(Icon, { name: "times" }) }) })) : null] }));
}
