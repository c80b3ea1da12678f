// /organizacao/modelos (org admins): the four contract types' templates — what each one asks in the
// ETP (its own fields: label, kind, required, help, options) and the drafting guidance per section.
import { Link, useSearchParams } from "react-router";

import { messageOf } from "../../api/errors";
import { useTemplate, useTemplates } from "../../api/queries";
import type { TemplateField, TemplateSummary, TemplateType } from "../../api/types";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { Tag } from "../../components/StatusTag";
import { usePageTitle } from "../../components/usePageTitle";
import { AdminTabs } from "./AdminTabs";
import "./templates/templates.css";

const KIND_LABELS: Record<NonNullable<TemplateField["kind"]>, string> = {
  string: "Texto curto",
  text: "Texto longo",
  integer: "Número inteiro",
  decimal: "Número decimal",
  boolean: "Sim ou não",
  date: "Data",
  enum: "Escolha entre opções",
};

export default function TemplatesPage() {
  usePageTitle("Modelos de ETP");
  const templates = useTemplates();
  const [search] = useSearchParams();
  const items = templates.data ?? [];
  const wanted = search.get("tipo");
  const selected = items.find((t) => t.type === wanted) ?? items[0];

  return (
    <div className="etp-templates">
      <AdminTabs />
      <h1>Modelos de ETP</h1>
      <p>
        Cada tipo de contratação tem um modelo: os campos próprios que o ETP pede além dos comuns e a orientação de redação de
        cada uma das 13 seções (art. 18, § 1º, da Lei 14.133/2021). Os modelos valem para toda a plataforma e não são editáveis
        aqui.
      </p>
      {templates.isPending ? (
        <Loading label="Carregando os modelos…" />
      ) : templates.isError ? (
        <>
          <Message kind="danger" title="Não foi possível carregar os modelos">{messageOf(templates.error)}</Message>
          <button className="br-button secondary" type="button" onClick={() => void templates.refetch()}>
            <Icon name="redo" /> Tentar novamente
          </button>
        </>
      ) : (
        <>
          <nav aria-label="Tipos de contratação">
            <ul className="etp-templates__types">
              {items.map((template) => {
                const current = template.type === selected?.type;
                return (
                  <li key={template.type}>
                    <Link className="etp-templates__type" to={`?tipo=${template.type ?? ""}`} aria-current={current ? "true" : undefined}>
                      <span className="etp-templates__type-name">{template.name}</span>
                      <span>{template.description}</span>
                      {current ? <span className="etp-templates__current"><Icon name="eye" /> Em exibição</span> : null}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
          {selected ? <TemplateDetail summary={selected} /> : null}
        </>
      )}
    </div>
  );
}

function TemplateDetail({ summary }: { summary: TemplateSummary }) {
  const detail = useTemplate(summary.type as TemplateType);
  const fields = summary.fields ?? [];
  return (
    <section className="etp-templates__detail" aria-labelledby="modelo-titulo">
      <h2 id="modelo-titulo">{summary.name}</h2>
      <p>{summary.description}</p>
      <h3>{fields.length === 1 ? "1 campo próprio" : `${fields.length} campos próprios`}</h3>
      {fields.length ? (
        <ul className="etp-templates__fields">
          {fields.map((field) => (
            <FieldCard key={field.name} field={field} />
          ))}
        </ul>
      ) : (
        <p>Este tipo não pede campos além dos comuns a todo ETP.</p>
      )}
      <h3>Orientação de redação por seção</h3>
      {detail.isPending ? (
        <Loading label="Carregando a orientação…" />
      ) : detail.isError ? (
        <Message kind="danger" title="Não foi possível carregar a orientação">{messageOf(detail.error)}</Message>
      ) : (
        <div className="etp-templates__guidance">
          {(detail.data.guidance ?? []).map((item) => (
            <details key={item.inciso}>
              <summary>{`${item.code ?? ""} — ${item.title ?? ""}`}</summary>
              <p>{item.guidance}</p>
            </details>
          ))}
        </div>
      )}
    </section>
  );
}

function FieldCard({ field }: { field: TemplateField }) {
  const choices = field.choices ?? [];
  return (
    <li className="etp-templates__field">
      <h4>{field.label}</h4>
      <dl className="etp-templates__meta">
        <div>
          <dt>Tipo de resposta:</dt>
          <dd>{field.kind ? KIND_LABELS[field.kind] : ""}</dd>
        </div>
        <div>
          <dt className="visually-hidden">Preenchimento:</dt>
          <dd>{field.required ? <Tag small look={{ label: "Obrigatório", icon: "exclamation-circle", tone: "warning" }} /> : <Tag small look={{ label: "Opcional", icon: "minus-circle", tone: "neutral" }} />}</dd>
        </div>
        <div>
          <dt>Chave:</dt>
          <dd className="etp-templates__key">{field.name}</dd>
        </div>
      </dl>
      {field.help ? <p className="etp-templates__help">{field.help}</p> : null}
      {choices.length ? (
        <div className="etp-templates__choices">
          <strong>Opções:</strong>
          <ul>
            {choices.map((choice) => (
              <li key={choice}>{field.choice_labels?.[choice] ?? choice}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </li>
  );
}
