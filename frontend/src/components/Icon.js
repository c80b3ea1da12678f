import { jsx as _jsx } from "react/jsx-runtime";
export function Icon({ name, spin = false, className = "" }) {
    return _jsx("i", { className: `fas fa-${name}${spin ? " fa-spin" : ""} ${className}`.trim(), "aria-hidden": "true" });
}
