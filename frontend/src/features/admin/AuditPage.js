import { jsx as _jsx } from "react/jsx-runtime";
// Placeholder while the page is written in parallel; replaced by the page itself.
export default function AuditPage() {
    return _jsx("h1", { children: "AuditPage" });
}
