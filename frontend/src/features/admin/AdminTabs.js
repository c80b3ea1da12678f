import { jsx as _jsx } from "react/jsx-runtime";
import { SectionTabs } from "../../components/SectionTabs";
/** The organization administration's pages (org admins). */
export const ADMIN_TABS = [
    { to: "/organizacao/pessoas", label: "Pessoas", icon: "users" },
    { to: "/organizacao/consumo", label: "Consumo e orçamento", icon: "chart-bar" },
    { to: "/organizacao/auditoria", label: "Auditoria", icon: "clipboard-list" },
    { to: "/organizacao/modelos", label: "Modelos de ETP", icon: "file-alt" },
];
export function AdminTabs() {
    return _jsx(SectionTabs, { label: "Administra\u00E7\u00E3o da organiza\u00E7\u00E3o", tabs: ADMIN_TABS });
}
