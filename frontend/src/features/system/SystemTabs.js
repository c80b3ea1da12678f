import { jsx as _jsx } from "react/jsx-runtime";
import { SectionTabs } from "../../components/SectionTabs";
/** The platform's administration (system admins). */
export const SYSTEM_TABS = [
    { to: "/sistema/saude", label: "Saúde da plataforma", icon: "heartbeat" },
    { to: "/sistema/backups", label: "Backups", icon: "database" },
    { to: "/sistema/organizacoes", label: "Organizações", icon: "building" },
];
export function SystemTabs() {
    return _jsx(SectionTabs, { label: "Administra\u00E7\u00E3o do sistema", tabs: SYSTEM_TABS });
}
