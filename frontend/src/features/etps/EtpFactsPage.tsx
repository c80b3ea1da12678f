// /etps/:etpId/dados (inside the ETP workspace): the ETP's facts in one form, saved by PATCH with
// If-Match. A 412 shows the other version's values beside these for the fields that differ, and lets
// the person keep either; a 422 lands on the fields with the error summary; approved or archived ETPs
// are read-only (the API answers 409).
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useParams } from "react-router";

import { ApiError, messageOf, type FieldErrors } from "../../api/errors";
import { keys, useEtp, useTemplate } from "../../api/queries";
import type { Etp, TemplateField, TemplateType } from "../../api/types";
import { isOrgAdmin } from "../../auth/RequireRole";
import { useSession } from "../../auth/useSession";
import { ErrorSummary } from "../../components/ErrorSummary";
import { DeleteEtpButton } from "../admin/trash/DeleteEtpButton";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { ETP_STATUS } from "../../components/StatusTag";
import { usePageTitle } from "../../components/usePageTitle";
import { formatTime } from "../../lib/format";
import { afterSave, fetchEtp, updateEtp } from "./api";
import { EtpFields } from "./EtpFields";
import { changedFields, clientErrors, FIELD_BY_NAME, fieldsOfStep, fieldText, STEPS, summaryFields, updateBody, valuesFromEtp, type FormValues } from "./fields";
import { TemplateFields } from "./TemplateFields";
import "./etp-forms.css";

const READ_ONLY_STATUSES = new Set(["approved", "archived"]);

interface Conflict {
  theirs: FormValues;
  etag: string;
  etp: Etp;
  rows: { name: string; label: string; mine: string; theirs: string }[];
}

interface Editing {
  base: FormValues;
  values: FormValues;
  etag: string;
  /** The version the base is (newer server data replaces an untouched form, older never does). */
  version: number;
}

export default function EtpFactsPage() {
  usePageTitle("Dados do ETP");
  const { etpId = "" } = useParams();
  const query = useEtp(etpId);
  const savedType = query.data?.etp.template_type as TemplateType | undefined;
  const savedTemplate = useTemplate(savedType);

  return (
    <div className="etp-facts">
      <h1>Dados do ETP</h1>
      {query.isPending || (savedType && savedTemplate.isPending) ? (
        <Loading label="Carregando os dados do ETP…" />
      ) : query.isError ? (
        <Message kind="danger" title="Não foi possível carregar o ETP">{messageOf(query.error)}</Message>
      ) : (
        <FactsForm etpId={etpId} etp={query.data.etp} etag={query.data.etag ?? query.data.etp.etag ?? ""} savedTemplateFields={savedTemplate.data?.fields ?? []} />
      )}
    </div>
  );
}

function FactsForm({ etpId, etp, etag, savedTemplateFields }: { etpId: string; etp: Etp; etag: string; savedTemplateFields: TemplateField[] }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing>(() => {
    const initial = valuesFromEtp(etp, savedTemplateFields);
    return { base: initial, values: initial, etag, version: etp.version ?? 0 };
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [saving, setSaving] = useState(false);

  const type = (editing.values.fields["template_type"] || etp.template_type) as TemplateType;
  const template = useTemplate(type);
  const templateFields = template.data?.fields ?? (type === etp.template_type ? savedTemplateFields : undefined);
  const refs = useMemo(() => summaryFields(templateFields), [templateFields]);
  const readOnly = READ_ONLY_STATUSES.has(etp.status ?? "");
  const { user } = useSession();
  // moving to the trash: writers; an approved ETP only by an org admin (the API answers 409 otherwise)
  const canDelete = user?.role !== "viewer" && (etp.status !== "approved" || isOrgAdmin(user));
  const changed = changedFields(editing.base, editing.values);

  // A newer version from the server (a refetch) replaces the form only while nothing is typed here.
  useEffect(() => {
    setEditing((current) => {
      if ((etp.version ?? 0) <= current.version || changedFields(current.base, current.values).length) return current;
      const fresh = valuesFromEtp(etp, savedTemplateFields);
      return { base: fresh, values: fresh, etag, version: etp.version ?? 0 };
    });
  }, [etp, etag, savedTemplateFields]);

  const setField = (name: string, value: string) => {
    setNotice(null);
    setEditing((current) => {
      const values = { fields: { ...current.values.fields, [name]: value }, campos: current.values.campos };
      if (name === "template_type" && value !== current.values.fields["template_type"]) values.campos = {};
      return { ...current, values };
    });
  };
  const setCampo = (name: string, value: string) => {
    setNotice(null);
    setEditing((current) => ({ ...current, values: { fields: current.values.fields, campos: { ...current.values.campos, [name]: value } } }));
  };

  const adopt = (saved: { etp: Etp; etag: string | null }) => {
    const fresh = valuesFromEtp(saved.etp, templateFields);
    setEditing({ base: fresh, values: fresh, etag: saved.etag ?? saved.etp.etag ?? "", version: saved.etp.version ?? 0 });
  };

  const save = async (values: FormValues, names: string[], ifMatch: string) => {
    setSaving(true);
    setMessage(null);
    try {
      const saved = await updateEtp(etpId, ifMatch, updateBody(values, templateFields, names));
      adopt(saved);
      setConflict(null);
      setErrors({});
      setNotice(`Dados salvos às ${formatTime(new Date())}.`);
      await afterSave(queryClient, etpId, saved);
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        await showConflict(values, names);
      } else if (error instanceof ApiError && error.status === 422) {
        setErrors(error.fieldErrors);
        setMessage(error.message);
      } else {
        setErrors({});
        setMessage(messageOf(error));
        if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: keys.etp(etpId) });
      }
    } finally {
      setSaving(false);
    }
  };

  const showConflict = async (mine: FormValues, names: string[]) => {
    try {
      const fresh = await fetchEtp(etpId);
      const theirs = valuesFromEtp(fresh.etp, templateFields);
      const rows = names
        .map((name) => ({ name, label: name === "campos" ? "Dados específicos" : (FIELD_BY_NAME[name]?.label ?? name), mine: fieldText(mine, name, templateFields), theirs: fieldText(theirs, name, templateFields) }))
        .filter((row) => row.mine !== row.theirs);
      setConflict({ theirs, etag: fresh.etag ?? fresh.etp.etag ?? "", etp: fresh.etp, rows });
      setErrors({});
    } catch (error) {
      setMessage(messageOf(error));
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (readOnly || saving) return;
    const found = clientErrors(editing.values, templateFields, "all");
    setErrors(found);
    if (Object.keys(found).length) {
      setMessage(null);
      return;
    }
    if (!changed.length) {
      setNotice("Nada mudou desde o último salvamento.");
      return;
    }
    void save(editing.values, changed, editing.etag);
  };

  const keepMine = () => {
    if (!conflict) return;
    // their version is the new base: only the fields changed here are written over it
    const names = changedFields(editing.base, editing.values);
    void save(editing.values, names, conflict.etag);
  };

  const keepTheirs = () => {
    if (!conflict) return;
    setEditing({ base: conflict.theirs, values: conflict.theirs, etag: conflict.etag, version: conflict.etp.version ?? 0 });
    queryClient.setQueryData(keys.etp(etpId), { etp: conflict.etp, etag: conflict.etag });
    void queryClient.invalidateQueries({ queryKey: keys.etpLists });
    setConflict(null);
    setNotice("Os dados salvos por outra pessoa estão no formulário.");
  };

  const status = ETP_STATUS[etp.status ?? "draft"];

  return (
    <>
      {readOnly ? (
        <Message kind="info" title={`ETP ${status.label.toLowerCase()}`}>
          Este ETP está {status.label.toLowerCase()} e é somente leitura: os dados não podem ser alterados. Para alterá-los, ele precisa ser reaberto (voltar a “Em elaboração”).
        </Message>
      ) : null}
      <ErrorSummary message={message} errors={errors} fields={refs} />
      {conflict ? (
        <div className="br-message warning etp-conflict" role="alert" aria-labelledby="conflito-titulo">
          <div className="content">
            <h2 id="conflito-titulo" className="etp-error-summary__title">Outra pessoa salvou este ETP antes de você</h2>
            <p>
              Seus dados não foram salvos, e nada do que você digitou foi perdido.
              {conflict.rows.length ? " Compare os campos que diferem e escolha qual versão manter." : " A outra pessoa alterou campos que você não mudou: salvar os seus dados mantém as alterações dela nesses campos."}
            </p>
            {conflict.rows.length ? (
              <table>
                <caption className="visually-hidden">Campos que diferem entre os seus dados e os dados salvos</caption>
                <thead>
                  <tr>
                    <th scope="col">Campo</th>
                    <th scope="col">Seus dados</th>
                    <th scope="col">Dados salvos</th>
                  </tr>
                </thead>
                <tbody>
                  {conflict.rows.map((row) => (
                    <tr key={row.name}>
                      <th scope="row">{row.label}</th>
                      <td>{row.mine || "(vazio)"}</td>
                      <td>{row.theirs || "(vazio)"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <div className="etp-actions">
              <button className="br-button primary" type="button" onClick={keepMine} disabled={saving}>
                <Icon name="save" /> Usar os meus dados
              </button>
              <button className="br-button secondary" type="button" onClick={keepTheirs} disabled={saving}>
                <Icon name="sync" /> Usar os dados salvos
              </button>
            </div>
          </div>
        </div>
      ) : null}
      {notice ? <Message kind="success" title="Pronto">{notice}</Message> : null}
      <form className="etp-form etp-facts__form" noValidate onSubmit={onSubmit} aria-label="Dados do ETP">
        <fieldset className="etp-fieldset" disabled={readOnly}>
          {STEPS.map((step) => (
            <section key={step.number} className="etp-facts__group" aria-labelledby={`grupo-${step.number}`}>
              <h2 id={`grupo-${step.number}`}>{step.title}</h2>
              {step.number < 5 ? (
                <EtpFields fields={fieldsOfStep(step.number)} values={editing.values.fields} errors={errors} onChange={setField} disabled={readOnly} />
              ) : templateFields ? (
                <TemplateFields fields={templateFields} values={editing.values.campos} errors={errors} onChange={setCampo} disabled={readOnly} />
              ) : template.isError ? (
                <Message kind="danger">{messageOf(template.error)}</Message>
              ) : (
                <Loading label="Carregando os campos do tipo de contratação…" />
              )}
            </section>
          ))}
        </fieldset>
        {readOnly ? null : (
          <div className="etp-actions">
            <button className="br-button primary" type="submit" disabled={saving || Boolean(conflict)}>
              <Icon name={saving ? "spinner" : "save"} spin={saving} /> {saving ? "Salvando…" : "Salvar dados"}
            </button>
            {changed.length ? <span className="etp-hint" role="status">Há alterações não salvas.</span> : null}
          </div>
        )}
      </form>
      {canDelete ? <DeleteEtpButton etpId={etpId} title={etp.title ?? ""} /> : null}
    </>
  );
}
