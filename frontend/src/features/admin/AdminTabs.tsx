import { SectionTabs, type SectionTab } from "../../components/SectionTabs";

/** The organization administration's pages (org admins). */
export const ADMIN_TABS: readonly SectionTab[] = [
  { to: "/organizacao/pessoas", label: "Pessoas", icon: "users" },
  { to: "/organizacao/consumo", label: "Consumo e orçamento", icon: "chart-bar" },
  { to: "/organizacao/auditoria", label: "Auditoria", icon: "clipboard-list" },
  { to: "/organizacao/modelos", label: "Modelos de ETP", icon: "file-alt" },
  { to: "/organizacao/lixeira", label: "Lixeira", icon: "trash-alt" },
];

export function AdminTabs() {
  return <SectionTabs label="Administração da organização" tabs={ADMIN_TABS} />;
}
