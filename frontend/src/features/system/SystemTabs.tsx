import { SectionTabs, type SectionTab } from "../../components/SectionTabs";

/** The platform's administration (system admins). */
export const SYSTEM_TABS: readonly SectionTab[] = [
  { to: "/sistema/saude", label: "Saúde da plataforma", icon: "heartbeat" },
  { to: "/sistema/backups", label: "Backups", icon: "database" },
  { to: "/sistema/organizacoes", label: "Organizações", icon: "building" },
];

export function SystemTabs() {
  return <SectionTabs label="Administração do sistema" tabs={SYSTEM_TABS} />;
}
