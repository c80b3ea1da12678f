// The section's quality report: score, findings grouped by severity (text headings and icons, never
// colour alone), each with its message and the excerpt marked in its sentence, "Verificar novamente"
// (POST .../check) and, for error findings that may stay, the acknowledgement with a reason; below
// them, where each number of the text comes from (ValueSources).
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";

import { messageOf } from "../../api/errors";
import type { QualityReport, QualityWarning, Section } from "../../api/types";
import { Icon, type IconName } from "../../components/Icon";
import { Message } from "../../components/Message";
import { formatDateTime } from "../../lib/format";
import { storeQuality, storeSection } from "../../api/queries";
import { acknowledgeFinding, checkSection, invalidateEtp } from "./api";
import { excerptContext } from "./highlight";
import { ValueSources } from "./ValueSources";

type Severity = NonNullable<QualityWarning["severity"]>;

const GROUPS: { severity: Severity; title: string; icon: IconName }[] = [
  { severity: "error", title: "Erros", icon: "times-circle" },
  { severity: "warning", title: "Avisos", icon: "exclamation-triangle" },
  { severity: "info", title: "Informações", icon: "info-circle" },
];

interface Props {
  etpId: string;
  section: Section;
  readOnly: boolean;
  /** Saves pending typing before a check (the check reads the saved text). */
  beforeCheck: () => Promise<boolean>;
  /** Selects the excerpt in the editor. */
  onLocate?: (excerpt: string) => void;
  /** The template's labels of the type-specific fields, for the sources of the numbers. */
  campoLabels?: Record<string, string>;
}

function reportOf(section: Section): QualityReport | null {
  const quality = section.quality as QualityReport | null | undefined;
  return quality && typeof quality === "object" && Array.isArray(quality.warnings) ? quality : null;
}

function AcknowledgeForm({ etpId, section, warning }: { etpId: string; section: Section; warning: QualityWarning }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const code = warning.code ?? "";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError("Escreva o motivo para manter o trecho como está.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const saved = await acknowledgeFinding(etpId, section.inciso ?? 0, code, reason.trim());
      storeSection(queryClient, etpId, saved.section, saved.etag);
      invalidateEtp(queryClient, etpId);
      setOpen(false);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button type="button" className="br-button secondary small" onClick={() => setOpen(true)}>
        Registrar ciência
      </button>
    );
  }
  return (
    <form className="etp-quality__ack" onSubmit={submit} noValidate>
      <div className={`br-textarea etp-field${error ? " danger" : ""}`}>
        <label htmlFor={`ciencia-${id}`}>Motivo para manter como está</label>
        <textarea
          id={`ciencia-${id}`}
          value={reason}
          maxLength={500}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `ciencia-${id}-erro` : undefined}
          onChange={(event) => setReason(event.target.value)}
        />
        {error ? (
          <span id={`ciencia-${id}-erro`} className="feedback danger" role="alert">
            <Icon name="times-circle" /> {error}
          </span>
        ) : null}
      </div>
      <div className="etp-actions">
        <button type="submit" className="br-button primary small" disabled={busy}>Registrar ciência</button>
        <button type="button" className="br-button secondary small" onClick={() => setOpen(false)}>Cancelar</button>
      </div>
    </form>
  );
}

function Finding({ etpId, section, warning, readOnly, onLocate }: { etpId: string; section: Section; warning: QualityWarning; readOnly: boolean; onLocate?: (excerpt: string) => void }) {
  const context = excerptContext(section.content ?? "", warning.excerpt);
  const acknowledged = (section.acknowledgements ?? []).find((ack) => ack.code === warning.code);
  return (
    <li className="etp-quality__item">
      <p className="etp-quality__message">{warning.message}</p>
      {context ? (
        <p className="etp-quality__excerpt">
          <span className="etp-quality__excerpt-label">Trecho: </span>
          {context.before}
          <mark>{context.match}</mark>
          {context.after}
        </p>
      ) : warning.excerpt ? (
        <p className="etp-quality__excerpt">
          <span className="etp-quality__excerpt-label">Trecho: </span>
          <mark>{warning.excerpt}</mark>
        </p>
      ) : null}
      <div className="etp-actions etp-quality__actions">
        {context && onLocate && !readOnly ? (
          <button type="button" className="br-button secondary small" onClick={() => onLocate(context.match)}>
            Localizar no texto
          </button>
        ) : null}
        {warning.severity === "error" && acknowledged ? (
          <p className="etp-quality__acknowledged">
            <Icon name="check-circle" /> Ciência registrada{acknowledged.by_name ? ` por ${acknowledged.by_name}` : ""}
            {acknowledged.at ? ` em ${formatDateTime(acknowledged.at)}` : ""}: {acknowledged.reason}
          </p>
        ) : null}
        {warning.severity === "error" && !acknowledged && !readOnly && warning.code ? (
          <AcknowledgeForm etpId={etpId} section={section} warning={warning} />
        ) : null}
      </div>
    </li>
  );
}

export function QualityPanel({ etpId, section, readOnly, beforeCheck, onLocate, campoLabels }: Props) {
  const queryClient = useQueryClient();
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const report = reportOf(section);
  const warnings = report?.warnings ?? [];
  const inciso = section.inciso ?? 0;

  const check = async () => {
    setChecking(true);
    setError(null);
    setAnnouncement("Verificando o texto…");
    try {
      await beforeCheck();
      const fresh = await checkSection(etpId, inciso);
      storeQuality(queryClient, etpId, inciso, fresh);
      const count = fresh.warnings?.length ?? 0;
      setAnnouncement(count ? `Verificação concluída: ${count} ${count === 1 ? "achado" : "achados"}.` : "Verificação concluída: nenhum problema encontrado.");
    } catch (caught) {
      setError(messageOf(caught));
      setAnnouncement("");
    } finally {
      setChecking(false);
    }
  };

  return (
    <section className="etp-quality" aria-labelledby="etp-quality-title">
      <h2 id="etp-quality-title">Qualidade do texto</h2>
      {report && report.score !== undefined ? (
        <p className="etp-quality__score">
          Nota: <strong>{report.score}</strong> de 100
        </p>
      ) : null}
      {!report ? <p>O texto ainda não foi verificado.</p> : null}
      {report && warnings.length === 0 ? (
        <p className="etp-quality__empty">
          <Icon name="check-circle" /> Nenhum problema encontrado
        </p>
      ) : null}
      {GROUPS.map((group) => {
        const items = warnings.filter((warning) => (warning.severity ?? "info") === group.severity);
        if (!items.length) return null;
        return (
          <div key={group.severity} className={`etp-quality__group etp-quality__group--${group.severity}`}>
            <h3>
              <Icon name={group.icon} /> {group.title} ({items.length})
            </h3>
            <ul className="etp-quality__list">
              {items.map((warning, index) => (
                <Finding key={`${warning.code ?? "achado"}-${index}`} etpId={etpId} section={section} warning={warning} readOnly={readOnly} onLocate={onLocate} />
              ))}
            </ul>
          </div>
        );
      })}
      <ValueSources report={report} campoLabels={campoLabels} />
      {error ? <Message kind="danger">{error}</Message> : null}
      <div className="etp-actions">
        <button type="button" className="br-button secondary" onClick={() => void check()} disabled={checking}>
          <Icon name="sync" spin={checking} /> <span>Verificar novamente</span>
        </button>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">{announcement}</p>
    </section>
  );
}
