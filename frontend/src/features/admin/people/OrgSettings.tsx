// "Configurações da organização": the name and the ETP approval policy (separation of duties, who
// approves). The monthly token budget belongs to the "Consumo e orçamento" page.
import { useState, type FormEvent } from "react";

import { ApiError, messageOf } from "../../../api/errors";
import { ErrorSummary } from "../../../components/ErrorSummary";
import { TextField } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { Loading } from "../../../components/Loading";
import { Message } from "../../../components/Message";
import { useOrganizationSettings, useUpdateOrganization, type OrganizationSettings, type OrganizationUpdate } from "./api";
import { APPROVER_LABELS } from "./labels";

type Approvers = NonNullable<OrganizationSettings["approvers"]>;

const FIELDS = {
  name: { label: "Nome da organização", id: "org-nome" },
  separation_of_duties: { label: "Separação de funções", id: "org-separacao" },
  approvers: { label: "Quem pode aprovar ETPs", id: "org-aprovadores-org_admin" },
};

export function OrgSettings() {
  const organization = useOrganizationSettings();
  // outside the form: a saved change refetches the organization, which remounts the form
  const [saved, setSaved] = useState(false);
  return (
    <section className="etp-people__section" aria-labelledby="config-titulo">
      <h2 id="config-titulo">Configurações da organização</h2>
      {saved ? <Message kind="success" onClose={() => setSaved(false)}>Configurações salvas.</Message> : null}
      {organization.isPending ? (
        <Loading label="Carregando as configurações…" />
      ) : organization.isError ? (
        <Message kind="danger" title="Não foi possível carregar as configurações">{messageOf(organization.error)}</Message>
      ) : (
        <SettingsForm key={`${organization.data.name ?? ""}|${String(organization.data.separation_of_duties)}|${organization.data.approvers ?? ""}`} organization={organization.data} onSaved={setSaved} />
      )}
    </section>
  );
}

function SettingsForm({ organization, onSaved }: { organization: OrganizationSettings; onSaved: (saved: boolean) => void }) {
  const update = useUpdateOrganization();
  const [name, setName] = useState(organization.name ?? "");
  const [separation, setSeparation] = useState(organization.separation_of_duties ?? true);
  const [approvers, setApprovers] = useState<Approvers>(organization.approvers ?? "org_admin");
  const error = update.error instanceof ApiError ? update.error : null;
  const fieldErrors = error?.status === 422 ? error.fieldErrors : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSaved(false);
    const changes: OrganizationUpdate = {};
    if (name.trim() !== (organization.name ?? "")) changes.name = name.trim();
    if (separation !== organization.separation_of_duties) changes.separation_of_duties = separation;
    if (approvers !== organization.approvers) changes.approvers = approvers;
    if (!Object.keys(changes).length) {
      onSaved(true);
      return;
    }
    update.mutate(changes, { onSuccess: () => onSaved(true) });
  };

  return (
    <form className="etp-people__settings" aria-labelledby="config-titulo" onSubmit={submit} noValidate>
      {update.isError ? <ErrorSummary message={Object.keys(fieldErrors).length ? null : messageOf(update.error)} errors={fieldErrors} fields={FIELDS} /> : null}
      <TextField label={FIELDS.name.label} id={FIELDS.name.id} required value={name} onChange={(event) => setName(event.target.value)} error={fieldErrors.name} />
      <p className="etp-hint">
        {organization.domains?.length
          ? `Domínios de e-mail: ${organization.domains.join(", ")} (cadastrados por um administrador do sistema).`
          : "A organização não tem domínio de e-mail cadastrado: as pessoas entram só por convite."}
      </p>
      <fieldset className="etp-people__fieldset">
        <legend>Política de aprovação de ETPs</legend>
        <div className="etp-people__choice">
          <input id={FIELDS.separation_of_duties.id} type="checkbox" checked={separation} onChange={(event) => setSeparation(event.target.checked)} aria-describedby="org-separacao-dica" />
          <div>
            <label htmlFor={FIELDS.separation_of_duties.id}>Separação de funções</label>
            <p id="org-separacao-dica" className="etp-hint">
              Quem aprova um ETP não pode ser o seu único autor (quem o criou e quem escreveu seus dados ou suas seções). Recomendado.
            </p>
          </div>
        </div>
        {fieldErrors.separation_of_duties ? <span className="etp-people__error" role="alert"><Icon name="times-circle" /> {fieldErrors.separation_of_duties.join(" ")}</span> : null}
        <fieldset className="etp-people__fieldset" aria-describedby={fieldErrors.approvers ? "org-aprovadores-erro" : undefined}>
          <legend>{FIELDS.approvers.label}</legend>
          {(Object.keys(APPROVER_LABELS) as Approvers[]).map((value) => (
            <div key={value} className="etp-people__choice">
              <input id={`org-aprovadores-${value}`} type="radio" name="approvers" value={value} checked={approvers === value} onChange={() => setApprovers(value)} aria-describedby={`org-aprovadores-${value}-dica`} />
              <div>
                <label htmlFor={`org-aprovadores-${value}`}>{APPROVER_LABELS[value].label}</label>
                <p id={`org-aprovadores-${value}-dica`} className="etp-hint">{APPROVER_LABELS[value].hint}</p>
              </div>
            </div>
          ))}
          {fieldErrors.approvers ? <span id="org-aprovadores-erro" className="etp-people__error" role="alert"><Icon name="times-circle" /> {fieldErrors.approvers.join(" ")}</span> : null}
        </fieldset>
      </fieldset>
      <button className="br-button primary" type="submit" disabled={update.isPending}>
        <Icon name="save" /> {update.isPending ? "Salvando…" : "Salvar configurações"}
      </button>
    </form>
  );
}
