// /etps/novo: the new-ETP wizard — 1. contract type, 2. identification, 3. quantities and values,
// 4. need and risks, 5. the type-specific fields from the template. Back/next keep the values; "next"
// checks only what the client can know; the API's 422 lands on each field (jumping to its step) with
// the error summary at the top linking to every field.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState, type FormEvent, type MouseEvent } from "react";
import { Link, useNavigate } from "react-router";

import { ApiError, messageOf, type FieldErrors } from "../../api/errors";
import { keys, useTemplate, useTemplates } from "../../api/queries";
import type { TemplateField, TemplateSummary, TemplateType } from "../../api/types";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { createEtp } from "./api";
import { EtpFields, RadioGroup } from "./EtpFields";
import { clientErrors, createBody, emptyValues, FIELD_BY_NAME, fieldsOfStep, STEPS, stepOfError, summaryFields, type FormValues, type StepNumber } from "./fields";
import { TemplateFields } from "./TemplateFields";
import "./etp-forms.css";

const LAST_STEP: StepNumber = 5;

function earliestStep(errors: FieldErrors): StepNumber | null {
  const steps = Object.keys(errors).map(stepOfError).filter((s): s is StepNumber => s !== null);
  return steps.length ? (Math.min(...steps) as StepNumber) : null;
}

/** What a template adds, from its description and its fields' labels. */
function templateDescription(template: TemplateSummary) {
  const labels = (template.fields ?? []).map((f) => f.label ?? f.name ?? "");
  const shown = labels.slice(0, 5).join(", ");
  const more = labels.length > 5 ? ` e mais ${labels.length - 5}` : "";
  return (
    <>
      {template.description}
      {labels.length ? <span className="etp-radio-card__description">Campos próprios: {shown}{more}.</span> : null}
    </>
  );
}

export default function NewEtpPage() {
  usePageTitle("Novo ETP");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const templates = useTemplates();
  const [step, setStep] = useState<StepNumber>(1);
  const [values, setValues] = useState<FormValues>(() => emptyValues());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [pendingFocus, setPendingFocus] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  const type = (values.fields["template_type"] || null) as TemplateType | null;
  const template = useTemplate(type);
  const summary = templates.data?.find((t) => t.type === type);
  const templateFields: TemplateField[] | undefined = template.data?.fields ?? summary?.fields;
  const refs = useMemo(() => summaryFields(templateFields), [templateFields]);
  const hasErrors = Boolean(message) || Object.keys(errors).length > 0;

  // A new step: focus its heading (unless the error summary took the focus, or a link asked for a field).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (pendingFocus) {
      document.getElementById(pendingFocus)?.focus();
      setPendingFocus(null);
    } else if (!hasErrors) {
      headingRef.current?.focus();
    }
    // only when the step (or the asked field) changes: hasErrors is read, not a trigger
  }, [step, pendingFocus]);

  const setField = (name: string, value: string) => {
    setValues((current) => {
      const next = { fields: { ...current.fields, [name]: value }, campos: current.campos };
      if (name === "template_type" && value !== current.fields["template_type"]) next.campos = {};
      return next;
    });
  };
  const setCampo = (name: string, value: string) => setValues((current) => ({ fields: current.fields, campos: { ...current.campos, [name]: value } }));

  const goTo = (target: StepNumber) => setStep(target);

  const next = () => {
    const found = clientErrors(values, templateFields, step);
    const others = Object.fromEntries(Object.entries(errors).filter(([name]) => stepOfError(name) !== step));
    if (Object.keys(found).length) {
      setMessage(null);
      setErrors({ ...others, ...found });
      return;
    }
    setErrors(others);
    if (!Object.keys(others).length) setMessage(null);
    goTo((step + 1) as StepNumber);
  };

  const submit = async () => {
    const found = clientErrors(values, templateFields, "all");
    if (Object.keys(found).length) {
      setMessage(null);
      setErrors(found);
      goTo(earliestStep(found) ?? step);
      return;
    }
    setSubmitting(true);
    try {
      const created = await createEtp(createBody(values, templateFields));
      await queryClient.invalidateQueries({ queryKey: keys.etpLists });
      if (created.id) queryClient.setQueryData(keys.etp(created.id), { etp: created, etag: created.etag ?? null });
      navigate(`/etps/${created.id ?? ""}`, { replace: true });
    } catch (error) {
      setSubmitting(false);
      if (error instanceof ApiError && error.status === 422 && Object.keys(error.fieldErrors).length) {
        setErrors(error.fieldErrors);
        setMessage(error.message);
        goTo(earliestStep(error.fieldErrors) ?? step);
      } else {
        setErrors({});
        setMessage(messageOf(error));
      }
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (step < LAST_STEP) next();
    else void submit();
  };

  // A summary link to a field of another step: show that step, then focus the field.
  const onSummaryClick = (event: MouseEvent) => {
    const anchor = (event.target as HTMLElement).closest("a");
    const id = anchor?.getAttribute("href")?.replace(/^#/, "");
    if (!id || document.getElementById(id)) return;
    const name = Object.entries(refs).find(([, ref]) => ref.id === id)?.[0];
    const target = name ? stepOfError(name) : null;
    if (target && target !== step) {
      setStep(target);
      setPendingFocus(id);
    }
  };

  const current = STEPS[step - 1] ?? STEPS[0];

  return (
    <div className="etp-wizard">
      <h1>Novo ETP</h1>
      <ol className="etp-steps" aria-label="Etapas do cadastro">
        {STEPS.map((s) => (
          <li key={s.number} className={s.number < step ? "is-done" : undefined} aria-current={s.number === step ? "step" : undefined}>
            <span className="etp-steps__number" aria-hidden="true">{s.number < step ? <Icon name="check" /> : s.number}</span>
            <span>
              {s.title}
              {s.number < step ? <span className="visually-hidden"> (concluída)</span> : null}
            </span>
          </li>
        ))}
      </ol>
      <div onClickCapture={onSummaryClick}>
        <ErrorSummary message={message} errors={errors} fields={refs} />
      </div>
      <form className="etp-form etp-wizard__form" noValidate onSubmit={onSubmit} aria-labelledby="etapa-titulo">
        <section className="etp-wizard__panel">
          <h2 id="etapa-titulo" ref={headingRef} tabIndex={-1}>
            Etapa {step} de {STEPS.length}: {current?.title}
          </h2>
          {step === 1 ? (
            templates.isPending ? (
              <Loading label="Carregando os tipos de contratação…" />
            ) : templates.isError ? (
              <Message kind="danger">{messageOf(templates.error)}</Message>
            ) : (
              <RadioGroup
                id={FIELD_BY_NAME["template_type"]?.id ?? "campo-template_type"}
                legend="Tipo de contratação"
                name="template_type"
                required
                hint="O tipo decide os campos específicos e a orientação de redação de cada seção."
                value={values.fields["template_type"] ?? ""}
                error={errors["template_type"]}
                onChange={(value) => setField("template_type", value)}
                options={(templates.data ?? []).map((t) => ({ value: t.type ?? "", label: t.name ?? t.type ?? "", description: templateDescription(t) }))}
              />
            )
          ) : null}
          {step >= 2 && step <= 4 ? <EtpFields fields={fieldsOfStep(step)} values={values.fields} errors={errors} onChange={setField} /> : null}
          {step === 5 ? (
            templateFields ? (
              <>
                <p>Campos próprios de {summary?.name ?? template.data?.name ?? "este tipo de contratação"}. Preencha o que já souber: tudo pode ser completado depois.</p>
                <TemplateFields fields={templateFields} values={values.campos} errors={errors} onChange={setCampo} />
              </>
            ) : template.isError ? (
              <Message kind="danger">{messageOf(template.error)}</Message>
            ) : (
              <Loading label="Carregando os campos do tipo de contratação…" />
            )
          ) : null}
        </section>
        <div className="etp-actions">
          {step > 1 ? (
            <button className="br-button secondary" type="button" onClick={() => goTo((step - 1) as StepNumber)}>
              <Icon name="chevron-left" /> Voltar
            </button>
          ) : null}
          {step < LAST_STEP ? (
            <button className="br-button primary" type="submit">
              Próxima etapa <Icon name="chevron-right" />
            </button>
          ) : (
            <button className="br-button primary" type="submit" disabled={submitting}>
              <Icon name={submitting ? "spinner" : "check"} spin={submitting} /> {submitting ? "Criando o ETP…" : "Criar ETP"}
            </button>
          )}
          <Link className="br-button tertiary" to="/etps">Cancelar</Link>
        </div>
      </form>
    </div>
  );
}
