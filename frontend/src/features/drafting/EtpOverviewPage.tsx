// The overview of one ETP (/etps/:etpId, inside the workspace layout): its facts, "Redigir todas as
// seções vazias" with the live progress panel (the job's id in `?tarefa=`), the AI-drafted sections
// still to review, the quality summary and the lifecycle actions.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link, useParams } from "react-router";

import { ApiError, messageOf } from "../../api/errors";
import { keys, useEtp, useSections } from "../../api/queries";
import type { Job, Section, TemplateType } from "../../api/types";
import { isTerminal, useJob } from "../../api/useJob";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { EtpStatusTag } from "../../components/StatusTag";
import { usePageTitle } from "../../components/usePageTitle";
import { formatMoney, plural } from "../../lib/format";
import { watchJob } from "../notifications/registry";
import { isAiDrafted } from "./AiNotice";
import { draftEtp, invalidateSection, useJobParam } from "./api";
import { DraftProgressPanel } from "./DraftProgressPanel";
import { QualitySummary } from "./QualitySummary";
import { StatusActions } from "./StatusActions";
import "./drafting.css";

const TEMPLATE_LABELS: Record<TemplateType, string> = {
  bens: "Aquisição de bens",
  servicos: "Prestação de serviços",
  obras: "Obras e serviços de engenharia",
  ti: "Soluções de tecnologia da informação",
};

const hasText = (s: Section) => Boolean((s.content ?? "").trim());

function Fact({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <div className="etp-facts__item">
      <dt>{label}</dt>
      <dd>{value?.toString().trim() ? value : "Não informado"}</dd>
    </div>
  );
}

function AiReviewNotice({ etpId, sections }: { etpId: string; sections: Section[] }) {
  const pending = sections.filter((s) => hasText(s) && isAiDrafted(s) && !s.review);
  if (!pending.length) return null;
  const notice = pending.find((s) => s.ai_notice)?.ai_notice;
  return (
    <div className="br-message info etp-ai-notice" role="note" aria-label="Seções redigidas por IA a revisar">
      <div className="icon">
        <Icon name="robot" className="fa-lg" />
      </div>
      <div className="content">
        <p>
          <strong>{plural(pending.length, "seção foi redigida", "seções foram redigidas")} com auxílio de IA (ou a partir do modelo) e ainda não {pending.length === 1 ? "foi revisada" : "foram revisadas"} por uma pessoa:</strong>{" "}
          {pending.map((s, index) => (
            <span key={s.inciso}>
              {index ? ", " : ""}
              <Link to={`/etps/${etpId}/secoes/${s.inciso ?? ""}`}>Seção {s.code}</Link>
            </span>
          ))}
          .
        </p>
        {notice ? <p className="etp-ai-notice__text">{notice}</p> : null}
      </div>
    </div>
  );
}

export default function EtpOverviewPage() {
  const { etpId = "" } = useParams();
  const queryClient = useQueryClient();
  const etpQuery = useEtp(etpId);
  const sectionsQuery = useSections(etpId);
  const [jobId, setJobId] = useJobParam();
  const watched = useJob(jobId);
  const instructionsId = useId();
  const [instructions, setInstructions] = useState("");
  const [requested, setRequested] = useState<{ jobId: string; incisos: number[] } | null>(null);
  const [error, setError] = useState<{ kind: "danger" | "warning"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const etp = etpQuery.data?.etp;
  usePageTitle(etp?.title ? `${etp.title} — visão geral` : "Visão geral do ETP");
  const sections = sectionsQuery.data ?? [];
  const status = etp?.status ?? "draft";
  const editable = status === "draft" || status === "in_review";
  const jobRunning = Boolean(watched.data) && !isTerminal(watched.data);
  const empty = sections.filter((s) => !hasText(s) && s.status !== "drafting");

  function started(job: Job, incisos: number[]) {
    watchJob(job, { etpId, etpTitle: etp?.title ?? null }); // a notice if it ends while the person is elsewhere
    setRequested({ jobId: job.id ?? "", incisos });
    setJobId(job.id ?? null);
  }

  async function draftAll() {
    setBusy(true);
    setError(null);
    const incisos = empty.map((s) => s.inciso ?? 0).filter(Boolean);
    try {
      const job = await draftEtp(etpId, { instructions });
      queryClient.setQueryData(keys.job(job.id ?? ""), job);
      invalidateSection(queryClient, etpId, null);
      started(job, incisos);
    } catch (err) {
      setError({ kind: err instanceof ApiError && err.status === 409 ? "warning" : "danger", text: messageOf(err) });
    } finally {
      setBusy(false);
    }
  }

  if (etpQuery.isPending || sectionsQuery.isPending) return <Loading label="Carregando o ETP…" />;
  if (!etp) {
    return (
      <>
        <h1>Visão geral do ETP</h1>
        <Message kind="danger">{messageOf(etpQuery.error ?? sectionsQuery.error)}</Message>
      </>
    );
  }

  const completion = etp.completion;
  return (
    <div className="etp-overview">
      <h1>{etp.title}</h1>

      <section className="etp-overview__facts" aria-labelledby="resumo-titulo">
        <h2 id="resumo-titulo">Resumo</h2>
        <dl className="etp-facts">
          <Fact label="Objeto" value={etp.objeto} />
          <Fact label="Processo" value={etp.numero_processo} />
          <Fact label="UASG" value={etp.uasg} />
          <Fact label="Valor estimado" value={formatMoney(etp.valor_estimado)} />
          <Fact label="Tipo de contratação" value={etp.template_type ? TEMPLATE_LABELS[etp.template_type] : null} />
          <div className="etp-facts__item">
            <dt>Situação</dt>
            <dd>
              <EtpStatusTag status={etp.status} />
            </dd>
          </div>
          <Fact
            label="Preenchimento"
            value={completion ? `${completion.mandatory_filled ?? 0} de ${completion.mandatory_total ?? 5} obrigatórias · ${completion.filled ?? 0} de ${completion.total ?? 13}` : null}
          />
        </dl>
        <p>
          <Link to={`/etps/${etpId}/dados`}>
            <Icon name="pen" /> Editar dados
          </Link>
        </p>
      </section>

      <AiReviewNotice etpId={etpId} sections={sections} />

      <section className="etp-overview__draft" aria-labelledby="redigir-titulo">
        <h2 id="redigir-titulo">Redação por IA</h2>
        {editable ? (
          <>
            <p>
              A IA redige as seções vazias, em ordem, a partir dos dados do ETP e das seções anteriores. Nenhum texto escrito por uma pessoa é substituído. {empty.length ? `${plural(empty.length, "seção vazia", "seções vazias")} agora.` : "Nenhuma seção vazia agora."}
            </p>
            <div className="br-textarea etp-field">
              <label htmlFor={instructionsId}>Instruções para a IA (opcional)</label>
              <textarea id={instructionsId} value={instructions} rows={2} maxLength={4000} onChange={(event) => setInstructions(event.target.value)} disabled={busy || jobRunning} />
            </div>
            <div className="etp-actions">
              <button type="button" className="br-button primary" onClick={() => void draftAll()} disabled={busy || jobRunning}>
                <Icon name="robot" /> Redigir todas as seções vazias
              </button>
            </div>
          </>
        ) : (
          <p>ETP aprovado ou arquivado: a redação por IA fica indisponível.</p>
        )}
        {error ? <Message kind={error.kind}>{error.text}</Message> : null}
      </section>

      {jobId ? (
        <DraftProgressPanel
          etpId={etpId}
          jobId={jobId}
          sections={sections}
          requested={requested?.jobId === jobId ? requested.incisos : undefined}
          onJobStarted={started}
          onClose={() => setJobId(null)}
        />
      ) : null}

      <QualitySummary etpId={etpId} sections={sections} readOnly={!editable} />
      <StatusActions etp={etp} sections={sections} />
    </div>
  );
}
