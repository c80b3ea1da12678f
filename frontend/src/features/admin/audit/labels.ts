// The audit trail in Portuguese: the actions the API records (etp_app/services: every
// `audit.record("<action>", …)`), their groups (the API filters a group with the prefix "etp."), the
// names of the fields in the before/after summaries and the labels of the codes they hold.
import { ETP_STATUS, JOB_STATE, SECTION_STATUS } from "../../../components/StatusTag";

export const ACTION_LABELS: Record<string, string> = {
  "etp.create": "ETP criado",
  "etp.update": "Dados do ETP alterados",
  "etp.status": "Status do ETP alterado",
  "etp.delete": "ETP excluído",
  "etp.trash": "ETP movido para a lixeira",
  "etp.restore": "ETP restaurado da lixeira",
  "etp.purge": "ETP excluído de vez",
  "etp.recover": "ETP recuperado de um backup",
  "etp.draft_requested": "Redação do ETP pedida à IA",
  "section.update": "Seção editada",
  "section.draft_requested": "Redação de seção pedida à IA",
  "section.draft": "Seção redigida pela IA",
  "section.review": "Seção revisada",
  "section.suggestion_accepted": "Sugestão da IA aceita",
  "section.suggestion_discarded": "Sugestão da IA descartada",
  "section.finding_acknowledged": "Aviso de qualidade reconhecido",
  "version.create": "Versão salva",
  "version.restore": "Versão restaurada",
  "export.create": "Exportação do ETP pedida",
  "job.cancel": "Trabalho cancelado",
  "user.provisioned": "Conta criada",
  "user.created_by_invitation": "Conta criada por convite",
  "user.joined_organization": "Pessoa entrou na organização",
  "user.role_changed": "Perfil alterado",
  "user.permission_changed": "Permissão alterada",
  "user.deactivated": "Pessoa desativada",
  "user.reactivated": "Pessoa reativada",
  "user.updated": "Dados da pessoa alterados",
  "user.profile_updated": "Nome corrigido pela própria pessoa",
  "user.system_admin_created": "Administrador do sistema criado",
  "invitation.created": "Convite enviado",
  "invitation.resent": "Convite reenviado",
  "invitation.revoked": "Convite revogado",
  "invitation.accepted": "Convite aceito",
  "join_request.created": "Pedido de entrada feito",
  "join_request.approved": "Pedido de entrada aprovado",
  "join_request.rejected": "Pedido de entrada recusado",
  "join_request.cancelled": "Pedido de entrada cancelado",
  "organization.created": "Organização criada",
  "organization.update": "Configurações da organização alteradas",
  "organization.admin_updated": "Organização alterada pela administração do sistema",
  "organization_request.created": "Pedido de nova organização feito",
  "organization_request.approved": "Pedido de nova organização aprovado",
  "organization_request.rejected": "Pedido de nova organização recusado",
  "auth.register": "Cadastro de conta",
  "auth.email_verification_sent": "E-mail de confirmação enviado",
  "auth.email_verified": "E-mail confirmado",
  "auth.login": "Entrada no sistema",
  "auth.login_failed": "Entrada recusada",
  "auth.logout": "Saída do sistema",
  "auth.logout_all": "Saída de todas as sessões",
  "auth.session_revoked": "Sessão encerrada",
  "auth.refresh_reuse_detected": "Reuso de sessão detectado (sessões encerradas)",
  "auth.password_changed": "Senha alterada",
  "auth.password_change_failed": "Troca de senha recusada",
  "auth.password_reset_requested": "Redefinição de senha pedida",
  "auth.password_reset": "Senha redefinida",
  "lgpd.export": "Dados pessoais baixados (LGPD)",
  "lgpd.account_deleted": "Conta excluída (LGPD)",
  "lgpd.delete_failed": "Exclusão de conta recusada (LGPD)",
  "backup.requested": "Backup pedido",
  "audit.export": "Trilha de auditoria exportada",
};

/** The groups of actions, in the order the filter lists them; `prefix` is what the API filters by. */
export const ACTION_GROUPS: readonly { prefix: string; label: string }[] = [
  { prefix: "etp.", label: "ETPs" },
  { prefix: "section.", label: "Seções" },
  { prefix: "version.", label: "Versões" },
  { prefix: "export.", label: "Exportações" },
  { prefix: "job.", label: "Trabalhos" },
  { prefix: "user.", label: "Pessoas" },
  { prefix: "invitation.", label: "Convites" },
  { prefix: "join_request.", label: "Pedidos de entrada" },
  { prefix: "organization.", label: "Organização" },
  { prefix: "organization_request.", label: "Pedidos de nova organização" },
  { prefix: "auth.", label: "Acesso e senhas" },
  { prefix: "lgpd.", label: "Dados pessoais (LGPD)" },
  { prefix: "backup.", label: "Backups" },
  { prefix: "audit.", label: "Auditoria" },
];

export function actionsOf(prefix: string): string[] {
  return Object.keys(ACTION_LABELS).filter((action) => action.startsWith(prefix));
}

/** "etp.update" → "Dados do ETP alterados"; a group prefix → "Todas: ETPs"; an unknown code as it is. */
export function actionLabel(action: string | null | undefined): string {
  if (!action) return "";
  if (ACTION_LABELS[action]) return ACTION_LABELS[action];
  const group = ACTION_GROUPS.find((g) => g.prefix === action || `${g.prefix}*` === action);
  return group ? `Todas: ${group.label}` : action;
}

/** The names of the fields the summaries carry (the API's keys); others show as they are. */
export const FIELD_LABELS: Record<string, string> = {
  title: "Título",
  objeto: "Objeto",
  status: "Status",
  state: "Estado",
  content: "Texto",
  chars: "Caracteres",
  justification: "Justificativa",
  inciso: "Seção",
  code: "Seção",
  incisos: "Seções",
  provenance: "Origem do texto",
  reason: "Motivo",
  label: "Rótulo",
  number: "Número",
  version: "Versão",
  format: "Formato",
  name: "Nome",
  email: "E-mail",
  role: "Perfil",
  is_active: "Ativa",
  autoridade_competente: "Autoridade competente",
  monthly_token_budget: "Orçamento mensal de tokens",
  separation_of_duties: "Separação de funções",
  approvers: "Quem aprova",
  domains: "Domínios",
  fields: "Campos",
  numero_processo: "Número do processo",
  orgao: "Órgão",
  uasg: "UASG",
  valor_estimado: "Valor estimado",
  valor_unitario: "Valor unitário",
  quantidade_estimada: "Quantidade estimada",
  template_type: "Tipo de contratação",
  nivel_risco: "Nível de risco",
  reviewed: "Revisada",
  model: "Modelo",
  tokens_in: "Tokens de entrada",
  tokens_out: "Tokens de saída",
  reason_code: "Motivo",
  separator: "Separador",
  actor: "Quem fez",
  action: "Ação",
  etp_id: "ETP",
  since: "Desde",
  until: "Até",
  scope: "Escopo",
  job_id: "Trabalho",
  applied: "Aplicado em",
  provider: "Provedor",
  score: "Pontuação",
  regenerate: "Refazer",
  source: "Origem",
  organization_id: "Organização",
  unidade_medida: "Unidade de medida",
  unidade_requisitante: "Unidade requisitante",
  periodicidade_preco: "Periodicidade do preço",
  descricao_necessidade: "Descrição da necessidade",
  prazo_execucao_dias: "Prazo de execução (dias)",
  dotacao_orcamentaria: "Dotação orçamentária",
  data_elaboracao: "Data de elaboração",
  responsavel_tecnico: "Responsável técnico",
  matricula: "Matrícula",
  nome: "Nome",
  campos: "Campos",
  statement: "Declaração",
  approved_by_name: "Aprovado por",
};

const ROLE_LABELS: Record<string, string> = {
  system_admin: "administrador do sistema",
  org_admin: "administrador da organização",
  member: "membro",
  viewer: "leitura",
  autoridade_competente: "autoridade competente",
};

function labelsOf<T extends string>(looks: Record<T, { label: string }>): Record<string, string> {
  return Object.fromEntries(Object.entries(looks).map(([code, look]) => [code, (look as { label: string }).label]));
}

/** The labels of the codes a field holds, by the entry's target type (as the CSV export does). */
export function valueLabelsFor(targetType: string | null | undefined, field: string): Record<string, string> | undefined {
  if (field === "role" || field === "approvers") return ROLE_LABELS;
  if (field === "status" && targetType === "etp") return labelsOf(ETP_STATUS);
  if (field === "status" && targetType === "section") return labelsOf(SECTION_STATUS);
  if (field === "state" && targetType === "job") return labelsOf(JOB_STATE);
  return undefined;
}

/** "fields.orgao" → "Campos › Órgão". */
export function fieldLabel(key: string): string {
  if (!key) return "Valor";
  return key
    .split(".")
    .map((part) => FIELD_LABELS[part] ?? part)
    .join(" › ");
}

export const TARGET_LABELS: Record<string, string> = {
  etp: "ETP",
  section: "Seção",
  version: "Versão",
  export: "Exportação",
  job: "Trabalho",
  user: "Pessoa",
  invitation: "Convite",
  join_request: "Pedido de entrada",
  organization: "Organização",
  organization_request: "Pedido de organização",
  audit: "Trilha de auditoria",
  backup: "Backup",
  session: "Sessão",
};
