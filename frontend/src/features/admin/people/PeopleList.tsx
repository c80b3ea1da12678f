// The organization's people: search and role filter in the URL, pages from X-Pagination; per person
// the role (changed in a dialog), the account's state (deactivate/reactivate, confirmed) and the
// "autoridade competente" permission. Nobody changes their own row: its controls are disabled and
// say why; the API's refusals (403/409) are shown as it words them.
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { useSearchParams } from "react-router";

import { ApiError, messageOf } from "../../../api/errors";
import type { User } from "../../../api/types";
import { isSystemAdmin } from "../../../auth/RequireRole";
import { useSession } from "../../../auth/useSession";
import { Dialog } from "../../../components/Dialog";
import { SelectField } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { Loading } from "../../../components/Loading";
import { Message } from "../../../components/Message";
import { Tag } from "../../../components/StatusTag";
import { formatDateTime } from "../../../lib/format";
import { useOrganizationSettings, usePeople, useUpdatePerson, type PeopleParams, type Role } from "./api";
import { APPROVER_LABELS, GRANTABLE_ROLES, isRole, ROLE_FILTER_OPTIONS, ROLE_HINTS, ROLE_LABELS } from "./labels";
import { Pagination } from "../../../components/Pagination";

type Action = { kind: "role" | "active" | "authority"; person: User };

function readParams(search: URLSearchParams): PeopleParams {
  const page = Number(search.get("page") ?? "1");
  const role = search.get("role");
  return {
    q: search.get("q")?.trim() || undefined,
    role: isRole(role) ? role : undefined,
    page: Number.isInteger(page) && page > 1 ? page : undefined,
  };
}

/** Why the caller cannot change this person, or null when they can. */
export function lockReason(person: User, me: User | null | undefined): string | null {
  if (person.id === me?.id) return "Esta é a sua conta: ninguém altera o próprio perfil, a própria situação ou a própria permissão. Peça a outro administrador.";
  if (person.role === "system_admin" && !isSystemAdmin(me)) return "Somente um administrador do sistema altera outro administrador do sistema.";
  return null;
}

export function PeopleList() {
  const [search, setSearch] = useSearchParams();
  const params = readParams(search);
  const list = usePeople(params);
  const me = useSession().user;
  // the dialog stays mounted after closing, so the native <dialog> returns the focus to its opener
  const [dialog, setDialog] = useState<{ action: Action; open: boolean; seq: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const close = () => setDialog((d) => (d ? { ...d, open: false } : d));

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!("page" in changes)) next.delete("page");
    setSearch(next);
  };

  return (
    <section className="etp-people__section" aria-labelledby="pessoas-titulo">
      <h2 id="pessoas-titulo">Pessoas da organização</h2>
      <p className="etp-people__intro">
        As contas entram na organização por convite ou por pedido de entrada aprovado. Aqui você muda o perfil de cada pessoa,
        desativa ou reativa contas e concede a permissão de autoridade competente.
      </p>
      <Filters key={`${params.q ?? ""}|${params.role ?? ""}`} params={params} onChange={update} />
      {notice ? <Message kind="success" onClose={() => setNotice(null)}>{notice}</Message> : null}
      <Results list={list} params={params} me={me} onAction={(next) => { setNotice(null); setDialog((d) => ({ action: next, open: true, seq: (d?.seq ?? 0) + 1 })); }} onPage={(page) => update({ page: page > 1 ? String(page) : undefined })} onClear={() => update({ q: undefined, role: undefined })} />
      {dialog ? <ActionDialog key={dialog.seq} action={dialog.action} open={dialog.open} me={me} onClose={close} onDone={(text) => { close(); setNotice(text); }} /> : null}
    </section>
  );
}

function Filters({ params, onChange }: { params: PeopleParams; onChange: (changes: Record<string, string | undefined>) => void }) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const [q, setQ] = useState(params.q ?? "");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ q: q.trim() || undefined });
  };
  return (
    <form className="etp-people__filters" role="search" aria-label="Buscar pessoas" onSubmit={submit}>
      <div className="etp-field">
        <label htmlFor={`${id}-q`}>Buscar por nome ou e-mail</label>
        <div className="etp-people__search">
          <input id={`${id}-q`} type="search" name="q" value={q} onChange={(event) => setQ(event.target.value)} />
          <button className="br-button secondary" type="submit">
            <Icon name="search" /> Buscar
          </button>
        </div>
      </div>
      <div className="br-select etp-field">
        <label htmlFor={`${id}-perfil`}>Perfil</label>
        <select id={`${id}-perfil`} className="etp-select" value={params.role ?? ""} onChange={(event) => onChange({ role: event.target.value || undefined })}>
          <option value="">Todos</option>
          {ROLE_FILTER_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>{o.label}</option>
          ))}
        </select>
      </div>
    </form>
  );
}

function Results({ list, params, me, onAction, onPage, onClear }: { list: ReturnType<typeof usePeople>; params: PeopleParams; me: User | null | undefined; onAction: (action: Action) => void; onPage: (page: number) => void; onClear: () => void }) {
  if (list.isPending) return <Loading label="Carregando as pessoas…" />;
  if (list.isError) {
    return (
      <>
        <Message kind="danger" title="Não foi possível carregar as pessoas">{messageOf(list.error)}</Message>
        <button className="br-button secondary" type="button" onClick={() => void list.refetch()}>
          <Icon name="redo" /> Tentar novamente
        </button>
      </>
    );
  }
  const { items, pagination } = list.data;
  if (!items.length) {
    return (
      <div role="status">
        <p>{params.q || params.role ? "Ninguém corresponde à busca." : "Nenhuma pessoa na organização."}</p>
        {params.q || params.role ? (
          <button className="br-button secondary" type="button" onClick={onClear}>
            <Icon name="times" /> Limpar a busca
          </button>
        ) : null}
      </div>
    );
  }
  const total = pagination?.total ?? items.length;
  return (
    <>
      <p className="etp-people__count" role="status">
        {total === 1 ? "1 pessoa" : `${total} pessoas`}
        {list.isFetching ? " · atualizando…" : ""}
      </p>
      <div className="etp-people__scroll" role="region" aria-label="Tabela de pessoas (rolável)" tabIndex={0}>
        <table className="etp-people__table">
          <caption className="visually-hidden">Pessoas da organização</caption>
          <thead>
            <tr>
              <th scope="col">Pessoa</th>
              <th scope="col">Perfil</th>
              <th scope="col">Situação</th>
              <th scope="col">Último acesso</th>
              <th scope="col">Ações</th>
            </tr>
          </thead>
          <tbody>
            {items.map((person) => (
              <PersonRow key={person.id} person={person} me={me} onAction={onAction} />
            ))}
          </tbody>
        </table>
      </div>
      <Pagination pagination={pagination} onPage={onPage} label="Paginação das pessoas" />
    </>
  );
}

function PersonRow({ person, me, onAction }: { person: User; me: User | null | undefined; onAction: (action: Action) => void }) {
  const noteId = useId();
  const locked = lockReason(person, me);
  const name = person.name ?? person.email ?? "";
  const role = (person.role ?? "member") as Role;
  const disabledProps = locked ? { disabled: true, "aria-describedby": noteId } : {};
  return (
    <tr>
      <td>
        <span className="etp-people__name">{name}</span>
        {person.id === me?.id ? <span> (você)</span> : null}
        <span className="etp-people__email">{person.email}</span>
      </td>
      <td>
        {ROLE_LABELS[role]}
        {person.autoridade_competente ? (
          <span className="etp-people__email"><Icon name="stamp" /> Autoridade competente</span>
        ) : null}
      </td>
      <td>
        <div className="etp-people__tags">
          {person.is_active ? <Tag small look={{ label: "Ativa", icon: "user-check", tone: "success" }} /> : <Tag small look={{ label: "Inativa", icon: "user-slash", tone: "danger" }} />}
          {person.email_verified ? <Tag small look={{ label: "E-mail confirmado", icon: "check-circle", tone: "neutral" }} /> : <Tag small look={{ label: "E-mail não confirmado", icon: "exclamation-triangle", tone: "warning" }} />}
        </div>
      </td>
      <td>{person.last_login_at ? formatDateTime(person.last_login_at) : "Nunca entrou"}</td>
      <td>
        <div className="etp-people__actions">
          <button aria-label={`Alterar perfil de ${name}`} type="button" className="br-button secondary small" onClick={() => onAction({ kind: "role", person })} {...disabledProps}>
            <Icon name="user-shield" /> Alterar perfil
          </button>
          <button aria-label={`${person.is_active ? "Desativar" : "Reativar"} a conta de ${name}`} type="button" className="br-button secondary small" onClick={() => onAction({ kind: "active", person })} {...disabledProps}>
            <Icon name={person.is_active ? "user-slash" : "user-check"} /> {person.is_active ? "Desativar" : "Reativar"}
          </button>
          <button aria-label={person.autoridade_competente ? `Retirar autoridade competente de ${name}` : `Conceder autoridade competente a ${name}`} type="button" className="br-button secondary small" onClick={() => onAction({ kind: "authority", person })} {...disabledProps}>
            <Icon name="stamp" /> {person.autoridade_competente ? "Retirar autoridade" : "Conceder autoridade"}
          </button>
        </div>
        {locked ? <span id={noteId} className="etp-people__note"><Icon name="lock" /> {locked}</span> : null}
      </td>
    </tr>
  );
}

function ActionDialog({ action, open, me, onClose, onDone }: { action: Action; open: boolean; me: User | null | undefined; onClose: () => void; onDone: (notice: string) => void }) {
  const { person, kind } = action;
  const name = person.name ?? person.email ?? "";
  const current = (person.role ?? "member") as Role;
  const roles: Role[] = isSystemAdmin(me) ? ["system_admin", ...GRANTABLE_ROLES] : [...GRANTABLE_ROLES];
  if (!roles.includes(current)) roles.push(current);
  const [role, setRole] = useState<Role>(current);
  const mutation = useUpdatePerson();
  const organization = useOrganizationSettings();
  const policy = organization.data?.approvers;

  const submit = () => {
    if (kind === "role") {
      if (role === current) return onClose();
      mutation.mutate({ id: person.id ?? "", changes: { role } }, { onSuccess: () => onDone(`O perfil de ${name} agora é ${ROLE_LABELS[role]}.`) });
    } else if (kind === "active") {
      const active = !person.is_active;
      mutation.mutate({ id: person.id ?? "", changes: { is_active: active } }, { onSuccess: () => onDone(active ? `A conta de ${name} foi reativada.` : `A conta de ${name} foi desativada e as sessões dela foram encerradas.`) });
    } else {
      const grant = !person.autoridade_competente;
      mutation.mutate({ id: person.id ?? "", changes: { autoridade_competente: grant } }, { onSuccess: () => onDone(grant ? `${name} agora tem a permissão de autoridade competente.` : `${name} não tem mais a permissão de autoridade competente.`) });
    }
  };

  let title: string;
  let confirm: string;
  let body: ReactNode;
  if (kind === "role") {
    title = `Alterar perfil de ${name}`;
    confirm = "Salvar perfil";
    body = (
      <>
        <p>Perfil atual: <strong>{ROLE_LABELS[current]}</strong>.</p>
        <SelectField label="Novo perfil" id="novo-perfil" value={role} onChange={(event) => setRole(event.target.value as Role)} options={roles.map((value) => ({ value, label: `${ROLE_LABELS[value]} — ${ROLE_HINTS[value]}` }))} hint="A mudança vale já: a sessão aberta da pessoa é renovada com o novo perfil." />
      </>
    );
  } else if (kind === "active" && person.is_active) {
    title = `Desativar a conta de ${name}?`;
    confirm = "Desativar conta";
    body = (
      <>
        <p>{name} deixa de entrar no ETP Express: <strong>todas as sessões abertas terminam agora</strong> (os acessos de todos os dispositivos são revogados).</p>
        <p>Os ETPs e o histórico que a pessoa escreveu continuam na organização. Você pode reativar a conta depois.</p>
      </>
    );
  } else if (kind === "active") {
    title = `Reativar a conta de ${name}?`;
    confirm = "Reativar conta";
    body = <p>{name} volta a poder entrar com a própria senha, com o perfil {ROLE_LABELS[current]}.</p>;
  } else {
    const grant = !person.autoridade_competente;
    title = grant ? `Conceder a permissão de autoridade competente a ${name}?` : `Retirar a permissão de autoridade competente de ${name}?`;
    confirm = grant ? "Conceder permissão" : "Retirar permissão";
    body = (
      <>
        <p>A autoridade competente aprova ETPs em nome da organização, conforme a política de aprovação (em “Configurações da organização”, nesta página).</p>
        {policy ? <p>Política atual: <strong>{APPROVER_LABELS[policy].label}</strong> — {APPROVER_LABELS[policy].hint}.</p> : null}
        <p>{grant ? `Com a permissão, ${name} poderá aprovar ETPs sempre que a política permitir autoridades competentes.` : `Sem a permissão, ${name} só aprova ETPs se o perfil dela bastar pela política.`}</p>
      </>
    );
  }

  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="br-button secondary" onClick={onClose}>Cancelar</button>
          <button type="button" className="br-button primary" onClick={submit} disabled={mutation.isPending}>
            {mutation.isPending ? "Salvando…" : confirm}
          </button>
        </>
      }
    >
      {body}
      {mutation.isError ? (
        <Message kind="danger" title="A alteração foi recusada">
          {messageOf(mutation.error)}
          {mutation.error instanceof ApiError && mutation.error.status === 403 ? " Se o seu perfil mudou, recarregue a página." : ""}
        </Message>
      ) : null}
    </Dialog>
  );
}
