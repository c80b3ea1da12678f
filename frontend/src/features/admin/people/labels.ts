// Portuguese names of the organization's roles and of the approval policies.
import type { GrantableRole, InvitationStatus, Role } from "./api";

export const ROLE_LABELS: Record<Role, string> = {
  viewer: "Leitura",
  member: "Membro",
  org_admin: "Administrador da organização",
  system_admin: "Administrador do sistema",
};

export const ROLE_HINTS: Record<Role, string> = {
  viewer: "consulta os ETPs da organização, sem alterá-los",
  member: "cria e escreve ETPs",
  org_admin: "escreve ETPs e administra pessoas, convites e configurações",
  system_admin: "opera a plataforma inteira",
};

export const GRANTABLE_ROLES: readonly GrantableRole[] = ["viewer", "member", "org_admin"];
export const ROLE_FILTER_OPTIONS = (Object.keys(ROLE_LABELS) as Role[]).map((value) => ({ value, label: ROLE_LABELS[value] }));
export const GRANTABLE_OPTIONS = GRANTABLE_ROLES.map((value) => ({ value, label: `${ROLE_LABELS[value]} — ${ROLE_HINTS[value]}` }));

export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = {
  pending: "Aguardando aceite",
  expired: "Link vencido",
  accepted: "Aceitos",
  revoked: "Revogados",
};

export const APPROVER_LABELS: Record<"org_admin" | "member" | "autoridade_competente", { label: string; hint: string }> = {
  org_admin: { label: "Administradores e autoridades competentes", hint: "administradores da organização e quem tem a permissão de autoridade competente (padrão)" },
  member: { label: "Qualquer membro com permissão de escrita", hint: "membros e administradores" },
  autoridade_competente: { label: "Somente autoridades competentes", hint: "só quem recebeu a permissão de autoridade competente nesta página" },
};

export function isRole(value: string | null): value is Role {
  return value !== null && Object.hasOwn(ROLE_LABELS, value);
}
