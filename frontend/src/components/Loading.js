import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { useId } from "react";
/** A labelled wait (never a spinner with no text); determinate when `progress` (0–100) is given. */
export function Loading({ label, progress }) {
    const id = useId();
    if (progress !== undefined) {
        const value = Math.max(0, Math.min(100, Math.round(progress)));
        return (_jsxs("div", { className: "etp-progress", children: [_jsx("span", { id: id, className: "etp-progress__label", children: label }), _jsx("div", { className: "etp-progress__bar", role: "progressbar", "aria-labelledby": id, "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": value, "aria-valuetext": `${value}%`, children: _jsx("div", { className: "etp-progress__fill", style: { width: `${value}%` } }) })] }));
    }
    return (_jsxs("div", { className: "etp-loading", role: "status", children: [_jsx("div", { className: "etp-spinner", "aria-hidden": "true" }), _jsx("span", { children: label })] }));
}
