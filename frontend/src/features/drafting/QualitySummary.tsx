// The ETP's quality at a glance: the sections whose last report has errors (with their warnings
// count), each a link to its section; "Verificar todas" re-runs the check of each filled section, one
// after the other, with its progress.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";

import { api, unwrap } from "../../api/client";
import { messageOf } from "../../api/errors";
import { storeQuality } from "../../api/queries";
import type { QualityReport, Section } from "../../api/types";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { plural } from "../../lib/format";

function counts(section: Section): { errors: number; warnings: number } {
  const list = section.quality?.warnings ?? [];
  return { errors: list.filter((w) => w.severity === "error").length, warnings: list.filter((w) => w.severity === "warning").length };
}

const filled = (s: Section) => Boolean((s.content ?? "").trim());

export function QualitySummary({ etpId, sections, readOnly }: { etpId: string; sections: Section[]; readOnly: boolean }) {
  const queryClient = useQueryClient();
  const [run, setRun] = useState<{ done: number; total: number; current: string } | null>(null);
  const [result, setResult] = useState<{ kind: "success" | "danger"; text: string } | null>(null);

  const withErrors = sections.filter((s) => filled(s) && counts(s).errors > 0);
  const withWarnings = sections.filter((s) => filled(s) && counts(s).errors === 0 && counts(s).warnings > 0);
  const toCheck = sections.filter(filled);

  async function checkAll() {
    setResult(null);
    const failures: string[] = [];
    for (const [index, section] of toCheck.entries()) {
      setRun({ done: index, total: toCheck.length, current: section.code ?? "" });
      try {
        const report = (await unwrap(
          api.POST("/api/v1/etps/{etp_id}/sections/{inciso}/check", { params: { path: { etp_id: etpId, inciso: section.inciso ?? 0 } } }),
        )) as QualityReport;
        storeQuality(queryClient, etpId, section.inciso ?? 0, report);
      } catch (error) {
        failures.push(`Seção ${section.code ?? ""}: ${messageOf(error)}`);
      }
    }
    setRun(null);
    setResult(
      failures.length
        ? { kind: "danger", text: `Algumas verificações falharam. ${failures.join(" ")}` }
        : { kind: "success", text: `${plural(toCheck.length, "seção verificada", "seções verificadas")}.` },
    );
  }

  return (
    <section className="etp-quality-summary" aria-labelledby="qualidade-titulo">
      <h2 id="qualidade-titulo">Qualidade do texto</h2>
      {!toCheck.length ? <p>Nenhuma seção tem texto ainda: as verificações começam quando houver conteúdo.</p> : null}
      {toCheck.length && !withErrors.length ? (
        <p>
          <Icon name="check-circle" /> Nenhuma seção com erro na última verificação.
        </p>
      ) : null}
      {withErrors.length ? (
        <>
          <p>
            <Icon name="times-circle" /> {plural(withErrors.length, "seção tem", "seções têm")} erros a corrigir:
          </p>
          <ul className="etp-quality-summary__list">
            {withErrors.map((section) => {
              const c = counts(section);
              return (
                <li key={section.inciso}>
                  <Link to={`/etps/${etpId}/secoes/${section.inciso ?? ""}`}>
                    Seção {section.code} — {section.title}
                  </Link>
                  : {plural(c.errors, "erro", "erros")}
                  {c.warnings ? `, ${plural(c.warnings, "aviso", "avisos")}` : ""}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      {withWarnings.length ? (
        <p>
          <Icon name="exclamation-triangle" /> {plural(withWarnings.length, "outra seção tem", "outras seções têm")} só avisos: {withWarnings.map((s) => s.code).join(", ")}.
        </p>
      ) : null}
      <p aria-live="polite" className="etp-quality-summary__status">
        {run ? `Verificando a seção ${run.current} (${run.done + 1} de ${run.total})…` : ""}
      </p>
      {run ? <Loading label={`${run.done} de ${run.total} seções verificadas`} progress={(run.done * 100) / run.total} /> : null}
      {result ? <Message kind={result.kind}>{result.text}</Message> : null}
      {toCheck.length && !readOnly ? (
        <div className="etp-actions">
          <button type="button" className="br-button secondary" onClick={() => void checkAll()} disabled={run !== null}>
            <Icon name="sync" /> Verificar todas
          </button>
        </div>
      ) : null}
    </section>
  );
}
