import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
// A modal dialog on the native <dialog> (focus kept inside, Esc closes, focus returns to the opener),
// styled with the design system's br-modal.
import { useEffect, useId, useRef } from "react";
import { Icon } from "./Icon";
export function Dialog({ open, title, onClose, children, footer, wide = false }) {
    const ref = useRef(null);
    const titleId = useId();
    const opener = useRef(null);
    useEffect(() => {
        const dialog = ref.current;
        if (!dialog)
            return;
        if (open && !dialog.open) {
            opener.current = document.activeElement;
            if (typeof dialog.showModal === "function")
                dialog.showModal();
            else
                dialog.setAttribute("open", "");
        }
        else if (!open && dialog.open) {
            if (typeof dialog.close === "function")
                dialog.close();
            else
                dialog.removeAttribute("open");
            if (opener.current instanceof HTMLElement)
                opener.current.focus();
        }
    }, [open]);
    return (_jsx("dialog", { ref: ref, className: `br-modal etp-dialog${wide ? " etp-dialog--wide" : ""}`, "aria-labelledby": titleId, onCancel: (event) => { event.preventDefault(); onClose(); }, children: open ? (_jsxs(_Fragment, { children: [_jsxs("div", { className: "br-modal-header", children: [_jsx("h2", { id: titleId, className: "etp-dialog__title", children: title }), _jsx("button", { type: "button", className: "br-button close circle small", "aria-label": "Fechar", onClick: onClose, children: _jsx(Icon, { name: "times" }) })] }), _jsx("div", { className: "br-modal-body", children: children }), footer ? _jsx("div", { className: "br-modal-footer etp-dialog__footer", children: footer }) : null] })) : null }));
}
