// /conta, "Meus dados" (behind login; no organization needed): the person's profile (the name can be
// corrected), links to password and sessions, and the LGPD rights of art. 18: a copy of the personal
// data (GET /api/v1/users/me/export, saved as a JSON file) and the deletion of the account
// (DELETE /api/v1/users/me with the password), which signs out and lands on /entrar.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";

import { api, unwrap, unwrapWithResponse } from "../../api/client";
import { ApiError, messageOf } from "../../api/errors";
import { keys } from "../../api/queries";
import type { Me, User } from "../../api/types";
import { setUser, signedOut } from "../../auth/session";
import { Dialog } from "../../components/Dialog";
import { TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../lib/format";
import "./myData.css";
import { fileNameOf, saveBlob } from "../../lib/download";

export const EXPORT_FILE_NAME = "meus-dados-etp-express.json";
export const ACCOUNT_DELETED_NOTICE = "Sua conta foi excluída: seu nome e seu e-mail foram removidos do ETP Express. Obrigado por ter usado o sistema.";

export const ROLE_LABELS: Record<string, string> = {
  system_admin: "Administrador do sistema",
  org_admin: "Administrador da organização",
  member: "Membro",
  viewer: "Leitor",
};

function YesNo({ value, yes, no }: { value: boolean; yes: string; no: string }) {
  return (
    <span className={`etp-mydata__flag etp-mydata__flag--${value ? "yes" : "no"}`}>
      <Icon name={value ? "check-circle" : "exclamation-triangle"} /> {value ? yes : no}
    </span>
  );
}

function NameEditor({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(me.name ?? "");
  const save = useMutation({
    mutationFn: (value: string) => unwrap(api.PATCH("/api/v1/auth/me", { body: { name: value } })) as Promise<Me>,
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.me, updated);
      setUser(updated as User); // the header shows the new name too
      setEditing(false);
    },
  });
  const fieldError = save.error instanceof ApiError ? save.error.fieldErrors.name : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!save.isPending) save.mutate(name);
  }

  if (!editing) {
    return (
      <>
        <span>{me.name}</span>{" "}
        <button type="button" className="br-button secondary small" onClick={() => { setName(me.name ?? ""); save.reset(); setEditing(true); }}>
          <Icon name="pen" /> Corrigir o nome
        </button>
        {save.isSuccess ? <Message kind="success" title="Nome atualizado">Seu nome foi corrigido.</Message> : null}
      </>
    );
  }
  return (
    <form className="etp-mydata__name-form" noValidate onSubmit={submit}>
      <TextField label="Seu nome" id="meu-nome" autoComplete="name" required value={name} maxLength={200} onChange={(event) => setName(event.target.value)} error={fieldError} />
      {save.isError && !fieldError ? <Message kind="danger">{messageOf(save.error)}</Message> : null}
      <div className="etp-actions">
        <button type="submit" className="br-button primary small" disabled={save.isPending}>
          <Icon name="save" /> {save.isPending ? "Salvando…" : "Salvar o nome"}
        </button>
        <button type="button" className="br-button secondary small" onClick={() => setEditing(false)}>Cancelar</button>
      </div>
    </form>
  );
}

function Profile({ me }: { me: Me }) {
  return (
    <section aria-labelledby="perfil-titulo" className="etp-mydata__section">
      <h2 id="perfil-titulo">Seu perfil</h2>
      <dl className="etp-mydata__profile">
        <dt>Nome</dt>
        <dd><NameEditor me={me} /></dd>
        <dt>E-mail</dt>
        <dd className="etp-mydata__email">{me.email}</dd>
        <dt>E-mail confirmado</dt>
        <dd><YesNo value={Boolean(me.email_verified)} yes="Sim" no="Ainda não" /></dd>
        <dt>Perfil de acesso</dt>
        <dd>{ROLE_LABELS[me.role ?? ""] ?? me.role}{me.autoridade_competente ? " · autoridade competente (aprova ETPs)" : ""}</dd>
        <dt>Organização</dt>
        <dd>{me.organization && "name" in me.organization ? me.organization.name : "Nenhuma ainda"}</dd>
        <dt>Conta criada em</dt>
        <dd>{formatDateTime(me.created_at) || "—"}</dd>
        <dt>Último acesso</dt>
        <dd>{formatDateTime(me.last_login_at) || "—"}</dd>
      </dl>
      <p className="etp-hint">O e-mail e o perfil de acesso são mantidos pela administração da sua organização.</p>
    </section>
  );
}

function Security() {
  return (
    <section aria-labelledby="seguranca-titulo" className="etp-mydata__section">
      <h2 id="seguranca-titulo">Senha e sessões</h2>
      <p>Troque a sua senha e veja em quais navegadores e aparelhos você está conectado, encerrando as sessões que não reconhece.</p>
      <p>
        <Link to="/conta/senha" className="br-button secondary etp-mydata__wrap">
          <Icon name="key" /> Trocar a senha e ver as sessões
        </Link>
      </p>
    </section>
  );
}

function Download() {
  const download = useMutation({
    mutationFn: async () => {
      const { data, response } = await unwrapWithResponse(api.GET("/api/v1/users/me/export", { parseAs: "blob" }));
      const blob = data as unknown as Blob;
      const name = fileNameOf(response.headers.get("Content-Disposition")) ?? EXPORT_FILE_NAME;
      saveBlob(blob.type ? blob : new Blob([blob], { type: "application/json" }), name);
      return name;
    },
  });
  return (
    <section aria-labelledby="baixar-titulo" className="etp-mydata__section">
      <h2 id="baixar-titulo">Baixar meus dados</h2>
      <p>
        Pela Lei Geral de Proteção de Dados (LGPD, art. 18), você pode ter uma cópia dos seus dados pessoais. O arquivo, em
        formato JSON, traz o seu perfil, a sua organização, o que você fez no sistema (ações registradas na trilha de auditoria,
        com endereço IP e navegador), o que outras pessoas mudaram na sua conta, os ETPs que você criou, os trabalhos que
        pediu, os seus pedidos de entrada e os convites recebidos.
      </p>
      <div className="etp-actions">
        <button type="button" className="br-button primary" disabled={download.isPending} onClick={() => download.mutate()}>
          <Icon name="download" /> {download.isPending ? "Preparando o arquivo…" : "Baixar meus dados"}
        </button>
      </div>
      {download.isSuccess ? <Message kind="success" title="Arquivo gerado">O arquivo {download.data} foi baixado. O pedido ficou registrado na trilha de auditoria.</Message> : null}
      {download.isError ? <Message kind="danger">{messageOf(download.error)}</Message> : null}
    </section>
  );
}

function DeleteAccount() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const remove = useMutation({
    mutationFn: (value: string) => unwrap(api.DELETE("/api/v1/users/me", { body: { password: value } })),
    onSuccess: () => {
      setOpen(false);
      navigate("/entrar", { replace: true });
      signedOut(ACCOUNT_DELETED_NOTICE);
      queryClient.clear();
    },
  });
  const passwordError = remove.error instanceof ApiError ? remove.error.fieldErrors.password : undefined;

  function close() {
    setOpen(false);
    setPassword("");
    remove.reset();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!remove.isPending) remove.mutate(password);
  }

  return (
    <section aria-labelledby="excluir-titulo" className="etp-mydata__section etp-mydata__danger">
      <h2 id="excluir-titulo">Excluir minha conta</h2>
      <p>A exclusão é definitiva: você não poderá mais entrar com esta conta. Antes, se quiser, baixe os seus dados.</p>
      <div className="etp-actions">
        <button type="button" className="br-button secondary etp-mydata__danger-button" onClick={() => setOpen(true)}>
          <Icon name="user-slash" /> Excluir minha conta
        </button>
      </div>
      <Dialog
        open={open}
        title="Excluir a sua conta?"
        onClose={close}
        footer={
          <>
            <button type="button" className="br-button secondary" onClick={close}>Cancelar</button>
            <button type="submit" form="excluir-conta-form" className="br-button primary etp-mydata__danger-button" disabled={remove.isPending}>
              <Icon name="trash-alt" /> {remove.isPending ? "Excluindo…" : "Excluir definitivamente"}
            </button>
          </>
        }
      >
        <h3 className="etp-mydata__dialog-heading">O que é apagado</h3>
        <ul>
          <li>Seu nome e seu e-mail são substituídos por “Usuário removido” e um endereço anônimo; sua senha deixa de valer.</li>
          <li>Todas as suas sessões são encerradas, inclusive esta; links de troca de senha e de confirmação pendentes são apagados.</li>
          <li>Os e-mails guardados para o seu endereço, os seus pedidos de entrada em organizações e os convites para o seu e-mail são apagados.</li>
        </ul>
        <h3 className="etp-mydata__dialog-heading">O que fica com a organização, sem o seu nome</h3>
        <ul>
          <li>Os ETPs que você criou ou editou e os trabalhos que pediu: são documentos da organização.</li>
          <li>A trilha de auditoria (o que foi feito e quando), que a organização precisa manter: ela aponta para a conta anonimizada.</li>
          <li>Revisões, ciências e aprovações que você assinou continuam valendo, em nome de “Usuário removido”.</li>
        </ul>
        <p>Se você é a última pessoa administradora de uma organização com outros membros, promova alguém antes.</p>
        <form id="excluir-conta-form" noValidate onSubmit={submit}>
          <TextField label="Sua senha atual, para confirmar" id="excluir-senha" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} error={passwordError} />
        </form>
        {remove.isError ? <Message kind="danger" title="A conta não foi excluída">{messageOf(remove.error)}</Message> : null}
      </Dialog>
    </section>
  );
}

export default function MyDataPage() {
  usePageTitle("Meus dados");
  const me = useQuery({
    queryKey: keys.me,
    queryFn: async () => (await unwrap(api.GET("/api/v1/auth/me"))) as Me,
  });
  return (
    <div className="etp-mydata">
      <h1>Meus dados</h1>
      {me.isPending ? <Loading label="Carregando os seus dados…" /> : null}
      {me.isError ? <Message kind="danger">{messageOf(me.error)}</Message> : null}
      {me.data ? <Profile me={me.data} /> : null}
      <Security />
      <Download />
      <DeleteAccount />
      <p className="etp-mydata__legal">
        Saiba como o ETP Express trata os seus dados no <Link to="/privacidade">Aviso de privacidade</Link> e leia os{" "}
        <Link to="/termos">Termos de uso</Link>.
      </p>
    </div>
  );
}
