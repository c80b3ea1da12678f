// One section of the ETP (/etps/:etpId/secoes/:inciso): the statute's element, its guidance, the
// editor with autosave, the AI drafting controls and suggestion (features/drafting), the quality
// report, the justification of an optional element left absent, and the section's review.
// Approved or archived ETPs (and viewers) get the rendered text instead of the editor.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useParams } from "react-router";

import { messageOf } from "../../api/errors";
import { useEtp, useSections, useTemplate } from "../../api/queries";
import type { Etp, QualityReport, Section, User } from "../../api/types";
import { useSession } from "../../auth/useSession";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { SectionStatusTag } from "../../components/StatusTag";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDate, formatTime } from "../../lib/format";
import { renderMarkdown } from "../../lib/markdown";
import { AiNotice } from "../drafting/AiNotice";
import { SectionDraftControls } from "../drafting/SectionDraftControls";
import { SuggestionPanel } from "../drafting/SuggestionPanel";
import { storeSection } from "../../api/queries";
import { invalidateEtp, reviewSection, type SectionWithEtag } from "./api";
import { ConflictDialog } from "./ConflictDialog";
import { clearBackup, differsFromServer, readBackup, writeBackup, type DraftBackup } from "./draftBackup";
import "./editor.css";
import { MarkdownEditor, type MarkdownEditorHandle } from "./MarkdownEditor";
import { QualityPanel } from "./QualityPanel";
import { useAutosave, type Draft } from "./useAutosave";

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"];

/** "4" or "IV" → 4; null when it is not an inciso of art. 18 § 1º. */
export function parseInciso(raw: string | undefined): number | null {
  if (!raw) return null;
  if (/^\d{1,2}$/.test(raw)) {
    const value = Number(raw);
    return value >= 1 && value <= 13 ? value : null;
  }
  const index = ROMAN.indexOf(raw.toUpperCase());
  return index === -1 ? null : index + 1;
}

/** Why this person cannot edit this ETP now, or null. */
export function readOnlyReason(etp: Etp | undefined, user: User | null): string | null {
  if (etp?.status === "approved") {
    return "Este ETP foi aprovado: o texto fica somente para leitura. Para alterá-lo, o ETP precisa voltar para elaboração (reabertura por um administrador da organização).";
  }
  if (etp?.status === "archived") {
    return "Este ETP está arquivado: o texto fica somente para leitura. Para alterá-lo, o ETP precisa voltar para elaboração.";
  }
  if (user?.role === "viewer") return "Seu perfil na organização é de leitura: você pode ler e verificar o texto, mas não alterá-lo.";
  return null;
}

function sectionHeading(section: Section): string {
  return `${section.code ?? ""} — ${section.title ?? ""}`;
}

interface ConflictState {
  seq: number;
  current: SectionWithEtag;
  mine: Draft;
}

function theirsLabel(section: Section, me: User | null): string {
  const who = section.updated_by && me?.id && section.updated_by === me.id ? "você (em outra janela)" : "outra pessoa";
  const when = section.updated_at ? ` às ${formatTime(section.updated_at)}` : "";
  return `Texto salvo por ${who}${when}`;
}

function SectionEditor({ etpId, etp, section, readOnly, guidance, user, campoLabels }: { etpId: string; etp: Etp | undefined; section: Section; readOnly: string | null; guidance: string | null; user: User | null; campoLabels?: Record<string, string> }) {
  const queryClient = useQueryClient();
  const inciso = section.inciso ?? 0;
  const editor = useRef<MarkdownEditorHandle>(null);
  const justificationField = useRef<HTMLTextAreaElement>(null);
  const draft = useRef<Draft>({ content: section.content ?? "", justification: section.justification ?? null });
  const [snapshot, setSnapshot] = useState(section.content ?? "");
  const [conflict, setConflict] = useState<ConflictState | null>(null);
  const [conflictOpen, setConflictOpen] = useState(false);
  const [conflictBusy, setConflictBusy] = useState(false);
  const [reviewBusy, setReviewBusy] = useState(false);
  const [reviewError, setReviewError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [offer, setOffer] = useState<DraftBackup | null>(() => {
    if (readOnly) return null;
    const backup = readBackup(etpId, inciso);
    return backup && differsFromServer(backup, section.content ?? "", section.justification) ? backup : null;
  });
  const seq = useRef(0);

  const autosave = useAutosave({
    etpId,
    inciso,
    initialEtag: section.etag ?? "",
    getDraft: () => draft.current,
    sendJustification: !section.mandatory,
    enabled: !readOnly,
    onConflict: (current, mine) => {
      seq.current += 1;
      setConflict({ seq: seq.current, current, mine });
      setConflictOpen(true);
    },
    onSaved: (_saved, sent) => setSnapshot(sent.content),
  });

  // A backup equal to the server's text is not worth offering: drop it.
  useEffect(() => {
    if (readOnly) return;
    const backup = readBackup(etpId, inciso);
    if (backup && !differsFromServer(backup, section.content ?? "", section.justification)) clearBackup(etpId, inciso);
  }, []);

  const show = useCallback((content: string, justification: string | null) => {
    draft.current = { content, justification };
    editor.current?.setValue(content);
    if (justificationField.current) justificationField.current.value = justification ?? "";
    setSnapshot(content);
  }, []);

  // The server's section moved (a draft landed, a suggestion was accepted elsewhere): follow it when
  // nothing typed is pending; otherwise the next save meets the 412 and the conflict dialog.
  useEffect(() => {
    if (!section.etag || !autosave.rebase(section.etag)) return;
    const content = section.content ?? "";
    const justification = section.justification ?? null;
    if (draft.current.content !== content || (draft.current.justification ?? "") !== (justification ?? "")) show(content, justification);
  }, [section.etag]);

  // A new suggestion compares with the text as it is now.
  useEffect(() => {
    if (section.suggestion) setSnapshot(draft.current.content);
  }, [section.suggestion]);

  const onContent = useCallback((value: string) => {
    draft.current = { ...draft.current, content: value };
    autosave.markDirty();
  }, [autosave]);

  const onJustification = (value: string) => {
    draft.current = { ...draft.current, justification: value.trim() ? value : null };
    autosave.markDirty();
  };

  const restore = () => {
    if (!offer) return;
    autosave.rebase(offer.baseEtag ?? section.etag ?? "");
    show(offer.content, section.mandatory ? null : offer.justification);
    setOffer(null);
    setNotice("Texto restaurado. Salvando…");
    autosave.markDirty();
    void autosave.flush().then((ok) => setNotice(ok ? "Texto restaurado e salvo." : null));
  };

  const discard = () => {
    clearBackup(etpId, inciso);
    setOffer(null);
  };

  const resolve = async (run: () => Promise<boolean>) => {
    setConflictBusy(true);
    const ok = await run();
    setConflictBusy(false);
    if (ok) {
      setConflictOpen(false);
      setConflict(null);
    }
  };

  const keepMine = () => {
    if (!conflict) return;
    void resolve(() => autosave.saveOver(draft.current, conflict.current.etag));
  };

  const useTheirs = () => {
    if (!conflict) return;
    autosave.adoptServer(conflict.current);
    show(conflict.current.section.content ?? "", conflict.current.section.justification ?? null);
    setConflictOpen(false);
    setConflict(null);
    setNotice("O texto salvo pela outra pessoa foi mantido.");
  };

  const merge = (merged: string) => {
    if (!conflict) return;
    show(merged, draft.current.justification);
    void resolve(() => autosave.saveOver(draft.current, conflict.current.etag));
  };

  const onAccepted = (accepted: Section) => {
    const etag = accepted.etag ?? "";
    // text typed but not yet saved when the suggestion was accepted: kept and offered back
    const pending = autosave.isDirty() ? { ...draft.current } : null;
    storeSection(queryClient, etpId, accepted, etag);
    autosave.adoptServer({ section: accepted, etag });
    show(accepted.content ?? "", accepted.justification ?? null);
    if (pending && differsFromServer({ ...pending, baseEtag: etag, savedAt: "" }, accepted.content ?? "", accepted.justification)) {
      writeBackup(etpId, inciso, { ...pending, baseEtag: etag });
      setOffer(readBackup(etpId, inciso));
    }
  };

  const review = async () => {
    setReviewBusy(true);
    setReviewError(null);
    try {
      if (!(await autosave.flush())) {
        setReviewError("Salve o texto antes de aprovar a seção.");
        return;
      }
      const saved = await reviewSection(etpId, inciso, autosave.getEtag() || null);
      storeSection(queryClient, etpId, saved.section, saved.etag);
      invalidateEtp(queryClient, etpId);
      setNotice("Seção aprovada: a revisão foi registrada.");
    } catch (caught) {
      setReviewError(messageOf(caught));
    } finally {
      setReviewBusy(false);
    }
  };

  const locate = useCallback((excerpt: string) => {
    editor.current?.selectText(excerpt);
  }, []);

  const highlights = useMemo(() => {
    const report = section.quality as QualityReport | null | undefined;
    return (report?.warnings ?? []).map((warning) => warning.excerpt ?? "").filter(Boolean);
  }, [section.quality]);

  const saveText = (() => {
    switch (autosave.state) {
      case "dirty":
        return "Alterações não salvas";
      case "saving":
        return "Salvando…";
      case "saved":
        return autosave.savedAt ? `Salvo às ${formatTime(autosave.savedAt)}` : "Salvo";
      case "error":
        return `Erro ao salvar: ${autosave.error ?? ""} — `;
      case "conflict":
        return "Outra pessoa salvou esta seção: escolha qual texto manter.";
      default:
        return "";
    }
  })();

  const justificationError = autosave.fieldErrors.justification?.join(" ") ?? null;
  const contentError = autosave.fieldErrors.content?.join(" ") ?? null;
  const canReview = !readOnly && section.status !== "drafting" && Boolean((section.content ?? "").trim() || section.justification);

  return (
    <>
      <h1>{sectionHeading(section)}</h1>
      <div className="etp-section__meta">
        <SectionStatusTag status={section.status} />
        <span>{section.mandatory ? "Elemento obrigatório (art. 18, § 2º)" : "Elemento não obrigatório: preencha o texto ou justifique a ausência"}</span>
        {/* an AI draft's provenance is in the AiNotice below; a person's text says so here */}
        {section.provenance_label && section.provenance === "human" ? <span className="etp-section__provenance">{section.provenance_label}</span> : null}
      </div>
      {section.review?.label ? (
        <p className="etp-section__review">
          <Icon name="check-circle" /> {section.review.label}
        </p>
      ) : null}

      <AiNotice section={section} />

      {readOnly ? <Message kind="info" title="Somente leitura">{readOnly}</Message> : null}

      {guidance || (section.drafting_notes ?? []).length ? (
        <aside className="etp-section__guidance" aria-labelledby="orientacao-titulo">
          <h2 id="orientacao-titulo">Orientação para esta seção</h2>
          {guidance ? <p>{guidance}</p> : null}
          {(section.drafting_notes ?? []).length ? (
            <ul>
              {(section.drafting_notes ?? []).map((note, index) => (
                <li key={index}>
                  {note.kind === "warning" ? <strong>Atenção: </strong> : null}
                  {note.text}
                </li>
              ))}
            </ul>
          ) : null}
        </aside>
      ) : null}

      {offer ? (
        <Message kind="warning" title="Texto não salvo">
          Recuperamos um texto não salvo de {formatDate(offer.savedAt)} às {formatTime(offer.savedAt)}.
          <span className="etp-actions">
            <button type="button" className="br-button primary small" onClick={restore}>Restaurar</button>
            <button type="button" className="br-button secondary small" onClick={discard}>Descartar</button>
          </span>
        </Message>
      ) : null}
      {notice ? <Message kind="success" onClose={() => setNotice(null)}>{notice}</Message> : null}

      <SectionDraftControls etpId={etpId} section={section} disabled={Boolean(readOnly) || etp?.status === "approved" || etp?.status === "archived"} />

      {readOnly ? (
        <section className="etp-section__readonly" aria-labelledby="texto-titulo">
          <h2 id="texto-titulo">Texto (somente leitura)</h2>
          {(section.content ?? "").trim() ? (
            <div className="etp-markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(section.content ?? "") }} />
          ) : (
            <p>A seção não tem texto.</p>
          )}
          {!section.mandatory && section.justification ? (
            <>
              <h3>Justificativa da ausência</h3>
              <p className="etp-section__justification">{section.justification}</p>
            </>
          ) : null}
        </section>
      ) : (
        <>
          <MarkdownEditor
            ref={editor}
            id="texto-secao"
            defaultValue={section.content ?? ""}
            onInput={onContent}
            onBlur={() => void autosave.flush()}
            highlights={highlights}
            describedBy={contentError ? "texto-secao-erro" : "estado-salvamento"}
          />
          {contentError ? (
            <p id="texto-secao-erro" className="etp-section__error" role="alert">
              <Icon name="times-circle" /> {contentError}
            </p>
          ) : null}
          <div id="estado-salvamento" className={`etp-save-status etp-save-status--${autosave.state}`} role="status" aria-live="polite">
            {autosave.state === "saving" ? <Icon name="spinner" spin /> : autosave.state === "saved" ? <Icon name="check" /> : autosave.state === "error" ? <Icon name="times-circle" /> : null}
            <span>{saveText}</span>
            {autosave.state === "error" ? (
              <button type="button" className="etp-link-button" onClick={() => void autosave.flush()}>tentar novamente</button>
            ) : null}
            {autosave.state === "conflict" && conflict && !conflictOpen ? (
              <button type="button" className="etp-link-button" onClick={() => setConflictOpen(true)}>Resolver o conflito</button>
            ) : null}
          </div>

          {!section.mandatory ? (
            <div className={`br-textarea etp-field etp-section__justification-field${justificationError ? " danger" : ""}`}>
              <label htmlFor="justificativa">Justificativa da ausência</label>
              <textarea
                ref={justificationField}
                id="justificativa"
                defaultValue={section.justification ?? ""}
                aria-describedby={`justificativa-dica${justificationError ? " justificativa-erro" : ""}`}
                aria-invalid={justificationError ? true : undefined}
                onInput={(event) => onJustification(event.currentTarget.value)}
                onBlur={() => void autosave.flush()}
              />
              <p id="justificativa-dica" className="etp-hint">
                Se este elemento não se aplica a esta contratação, diga por quê (art. 18, § 2º, da Lei 14.133/2021). Deixe em branco quando a seção tiver texto.
              </p>
              {justificationError ? (
                <span id="justificativa-erro" className="feedback danger" role="alert">
                  <Icon name="times-circle" /> {justificationError}
                </span>
              ) : null}
            </div>
          ) : null}

          <SuggestionPanel etpId={etpId} section={section} currentText={snapshot} onAccepted={onAccepted} />
        </>
      )}

      <QualityPanel etpId={etpId} section={section} readOnly={Boolean(readOnly)} beforeCheck={autosave.flush} onLocate={locate} campoLabels={campoLabels} />

      {!readOnly ? (
        <section className="etp-section__review-actions" aria-labelledby="revisao-titulo">
          <h2 id="revisao-titulo">Revisão da seção</h2>
          <p className="etp-hint">
            Aprovar a seção registra que você revisou o texto atual. Qualquer alteração posterior pede uma nova revisão.
          </p>
          {reviewError ? <Message kind="danger">{reviewError}</Message> : null}
          {section.review && autosave.state !== "dirty" && autosave.state !== "saving" ? (
            <p>
              <Icon name="check-circle" /> A revisão do texto atual está registrada.
            </p>
          ) : (
            <div className="etp-actions">
              <button type="button" className="br-button primary" disabled={!canReview || reviewBusy} onClick={() => void review()}>
                <Icon name="check-circle" /> <span>Aprovar seção</span>
              </button>
              {!canReview && section.status !== "drafting" ? <span className="etp-hint">Escreva o texto (ou a justificativa) antes de aprovar.</span> : null}
            </div>
          )}
        </section>
      ) : null}

      <nav className="etp-section__pager" aria-label="Seções vizinhas">
        {inciso > 1 ? (
          <Link to={`/etps/${etpId}/secoes/${inciso - 1}`}>
            <Icon name="chevron-left" /> Seção anterior ({ROMAN[inciso - 2]})
          </Link>
        ) : <span />}
        {inciso < 13 ? (
          <Link to={`/etps/${etpId}/secoes/${inciso + 1}`}>
            Próxima seção ({ROMAN[inciso]}) <Icon name="chevron-right" />
          </Link>
        ) : null}
      </nav>

      {conflict ? (
        <ConflictDialog
          key={conflict.seq}
          open={conflictOpen}
          mine={draft.current.content}
          theirs={conflict.current.section.content ?? ""}
          theirsLabel={theirsLabel(conflict.current.section, user)}
          busy={conflictBusy}
          error={autosave.state === "error" ? autosave.error : null}
          onKeepMine={keepMine}
          onUseTheirs={useTheirs}
          onMerge={merge}
          onClose={() => setConflictOpen(false)}
        />
      ) : null}
    </>
  );
}

export default function SectionEditorPage() {
  const { etpId = "", inciso: raw } = useParams();
  const inciso = parseInciso(raw);
  const sections = useSections(etpId);
  const etp = useEtp(etpId);
  const session = useSession();
  const section = sections.data?.find((item) => item.inciso === inciso);
  const template = useTemplate(etp.data?.etp.template_type);
  usePageTitle(section ? sectionHeading(section) : "Seção do ETP");

  if (inciso === null) {
    return (
      <>
        <h1>Seção não encontrada</h1>
        <p>O ETP tem 13 seções, dos incisos I a XIII do art. 18, § 1º, da Lei 14.133/2021.</p>
        <p>
          <Link to={`/etps/${etpId}`}>Voltar à visão geral do ETP</Link>
        </p>
      </>
    );
  }
  if (sections.isPending || etp.isPending) return <Loading label="Carregando a seção…" />;
  if (sections.isError || !section) {
    return (
      <>
        <h1>Seção indisponível</h1>
        <Message kind="danger">{sections.isError ? messageOf(sections.error) : "Seção não encontrada."}</Message>
      </>
    );
  }
  const guidance = template.data?.guidance?.find((item) => item.inciso === inciso)?.guidance ?? null;
  const campoLabels = Object.fromEntries((template.data?.fields ?? []).filter((f) => f.name && f.label).map((f) => [f.name ?? "", f.label ?? ""]));
  return (
    <SectionEditor
      key={`${etpId}:${inciso}`}
      etpId={etpId}
      etp={etp.data?.etp}
      section={section}
      readOnly={readOnlyReason(etp.data?.etp, session.user)}
      guidance={guidance}
      campoLabels={campoLabels}
      user={session.user}
    />
  );
}
