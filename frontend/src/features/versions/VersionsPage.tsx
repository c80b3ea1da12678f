// The versions of one ETP (/etps/:etpId/versoes): the timeline (number, label, why, who, when;
// paginated by the API), "Salvar versão" with a label, the comparison of any two versions — or a
// version and the current state — as a word diff of the facts and of each changed section (side by
// side or inline; A, B and the view in the URL), and the restore of a version after a confirmation
// that says what will change. Viewers (read-only role) see no write controls.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useParams, useSearchParams } from "react-router";

import { ApiError, messageOf } from "../../api/errors";
import { useEtp } from "../../api/queries";
import type { Etp, User, Version } from "../../api/types";
import { useSession } from "../../auth/useSession";
import { TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { Tag } from "../../components/StatusTag";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime, plural } from "../../lib/format";
import { afterSave, CHOICES_PAGE_SIZE, saveVersion, useVersionPage, type Target } from "./api";
import { DiffResult } from "./DiffResult";
import type { DiffMode } from "./DiffView";
import { reasonLook, scopeLabel, versionName } from "./labels";
import { RestoreDialog } from "./RestoreDialog";
import "./versions.css";
import { Pagination } from "../../components/Pagination";

const LABEL_MAX = 200;

function positive(raw: string | null): number | null {
  if (!raw || !/^\d{1,9}$/.test(raw)) return null;
  const value = Number(raw);
  return value >= 1 ? value : null;
}

function defaultMode(): DiffMode {
  return typeof window !== "undefined" && typeof window.matchMedia === "function" && window.matchMedia("(min-width: 992px)").matches ? "lado" : "linha";
}

/** Why this person cannot save or restore here (null: they can). */
function writeBlock(user: User | null, etp: Etp | undefined): { save: string | null; restore: string | null } {
  if (user?.role === "viewer") {
    const reason = "Seu perfil na organização é de leitura: você pode ver e comparar as versões, mas não salvar nem restaurar.";
    return { save: reason, restore: reason };
  }
  if (etp?.status === "approved" || etp?.status === "archived") {
    return { save: null, restore: `Este ETP está ${etp.status === "approved" ? "aprovado" : "arquivado"}: para restaurar uma versão, um administrador da organização precisa reabri-lo como rascunho.` };
  }
  return { save: null, restore: null };
}

function SaveVersionForm({ etpId }: { etpId: string }) {
  const queryClient = useQueryClient();
  const [label, setLabel] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [saved, setSaved] = useState<Version | null>(null);
  const save = useMutation({
    mutationFn: (text: string) => saveVersion(etpId, text),
    onSuccess: (version) => {
      setSaved(version);
      setLabel("");
      afterSave(queryClient, etpId);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.fieldErrors["label"]) setFieldError(error.fieldErrors["label"].join(" "));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    if (!label.trim()) {
      setFieldError("Dê um nome à versão, por exemplo \"Antes da revisão jurídica\".");
      return;
    }
    setFieldError(null);
    save.mutate(label.trim());
  };

  return (
    <section className="etp-versions__panel" aria-labelledby="salvar-versao">
      <h2 id="salvar-versao">Salvar versão</h2>
      <form className="etp-versions__save" onSubmit={submit} noValidate>
        <TextField
          id="campo-nome-versao"
          label="Nome da versão"
          hint="Guarda o estado atual dos dados e das 13 seções, para comparar ou restaurar depois."
          value={label}
          maxLength={LABEL_MAX}
          error={fieldError}
          onChange={(event) => setLabel(event.target.value)}
        />
        <button type="submit" className="br-button primary" disabled={save.isPending}>
          <Icon name="save" /> {save.isPending ? "Salvando…" : "Salvar versão"}
        </button>
      </form>
      {saved ? <Message kind="success">Versão {saved.number} salva: {saved.label}.</Message> : null}
      {save.isError && !(save.error instanceof ApiError && save.error.fieldErrors["label"]) ? <Message kind="danger">{messageOf(save.error)}</Message> : null}
    </section>
  );
}

function VersionItem({ version, me, canRestore, onCompare, onRestore }: { version: Version; me: User | null; canRestore: boolean; onCompare: (n: number) => void; onRestore: (n: number) => void }) {
  const number = version.number ?? 0;
  const look = reasonLook(version.reason);
  const scope = scopeLabel(version.scope);
  const who = version.created_by_name ? (version.created_by && version.created_by === me?.id ? `${version.created_by_name} (você)` : version.created_by_name) : "sem autor registrado";
  const edited = version.updated_at && version.created_at && version.updated_at !== version.created_at;
  return (
    <li className="etp-versions__item">
      <h3 className="etp-versions__item-title" id={`versao-${number}`}>
        Versão {number}
        {version.label ? ` — ${version.label}` : null}
      </h3>
      <p className="etp-versions__meta">
        <Tag look={look} small />
        {scope ? <span>{scope}</span> : null}
        <span>por {who}</span>
        <span>
          em {formatDateTime(version.created_at)}
          {edited ? ` (último salvamento em ${formatDateTime(version.updated_at)})` : null}
        </span>
      </p>
      <div className="etp-versions__actions">
        <button type="button" className="br-button secondary small" aria-describedby={`versao-${number}`} onClick={() => onCompare(number)}>
          <Icon name="columns" /> Comparar com o estado atual
        </button>
        {canRestore ? (
          <button type="button" className="br-button secondary small" aria-describedby={`versao-${number}`} onClick={() => onRestore(number)}>
            <Icon name="undo" /> Restaurar esta versão
          </button>
        ) : null}
      </div>
    </li>
  );
}


function CompareForm({ versions, a, b, onCompare }: { versions: Version[]; a: number | null; b: Target | null; onCompare: (a: number, b: Target) => void }) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const newest = versions[0]?.number ?? null;
  const [from, setFrom] = useState<string>(a !== null ? String(a) : "");
  const [to, setTo] = useState<string>(b !== null ? String(b) : "current");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setFrom(a !== null ? String(a) : newest !== null ? String(newest) : "");
    setTo(b !== null ? String(b) : "current");
  }, [a, b, newest]);

  const options = versions.map((v) => ({ value: String(v.number), label: `Versão ${v.number}${v.label ? ` — ${v.label}` : ""}` }));
  // a version of the URL older than the choices listed (the newest 100) is still a choice
  for (const chosen of [a, b]) {
    if (typeof chosen === "number" && !options.some((o) => o.value === String(chosen))) options.push({ value: String(chosen), label: `Versão ${chosen}` });
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const left = positive(from);
    const right: Target | null = to === "current" ? "current" : positive(to);
    if (left === null || right === null) {
      setError("Escolha as duas versões a comparar.");
      return;
    }
    if (left === right) {
      setError("Escolha duas versões diferentes.");
      return;
    }
    setError(null);
    onCompare(left, right);
  };

  return (
    <form className="etp-versions__compare" onSubmit={submit} noValidate>
      <div className="br-select etp-field">
        <label htmlFor={`${id}-a`}>Versão A (de)</label>
        <select id={`${id}-a`} className="etp-select" value={from} onChange={(event) => setFrom(event.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>{o.label}</option>
          ))}
        </select>
      </div>
      <div className="br-select etp-field">
        <label htmlFor={`${id}-b`}>Versão B (para)</label>
        <select id={`${id}-b`} className="etp-select" value={to} onChange={(event) => setTo(event.target.value)}>
          <option value="current">Estado atual do ETP</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>{o.label}</option>
          ))}
        </select>
      </div>
      <button type="submit" className="br-button primary">
        <Icon name="exchange-alt" /> Comparar
      </button>
      {error ? (
        <p className="etp-versions__form-error" role="alert">
          <Icon name="times-circle" /> {error}
        </p>
      ) : null}
    </form>
  );
}

function ModeToggle({ mode, onMode }: { mode: DiffMode; onMode: (mode: DiffMode) => void }) {
  const name = useId();
  return (
    <fieldset className="etp-versions__mode">
      <legend>Exibição das diferenças</legend>
      {(
        [
          ["lado", "Lado a lado"],
          ["linha", "Em linha (um só texto)"],
        ] as const
      ).map(([value, label]) => (
        <div className="br-radio" key={value}>
          <input id={`${name}-${value}`} type="radio" name={name} value={value} checked={mode === value} onChange={() => onMode(value)} />
          <label htmlFor={`${name}-${value}`}>{label}</label>
        </div>
      ))}
    </fieldset>
  );
}

export default function VersionsPage() {
  usePageTitle("Versões do ETP");
  const { etpId = "" } = useParams();
  const session = useSession();
  const me = session.user ?? null;
  const [search, setSearch] = useSearchParams();
  const queryClient = useQueryClient();
  const etp = useEtp(etpId);
  const page = positive(search.get("page")) ?? 1;
  const a = positive(search.get("a"));
  const rawB = search.get("b");
  const b: Target | null = rawB === "current" ? "current" : positive(rawB);
  const [fallbackMode] = useState(defaultMode);
  const modeParam = search.get("modo");
  const mode: DiffMode = modeParam === "lado" || modeParam === "linha" ? modeParam : fallbackMode;
  const timeline = useVersionPage(etpId, page);
  const choices = useVersionPage(etpId, 1, CHOICES_PAGE_SIZE);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [restored, setRestored] = useState<number | null>(null);
  const compareHeading = useRef<HTMLHeadingElement>(null);

  const block = writeBlock(me, etp.data?.etp);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setSearch(next);
  };

  const compare = (left: number, right: Target) => {
    update({ a: String(left), b: String(right) });
    requestAnimationFrame(() => compareHeading.current?.focus());
  };

  const onRestored = (number: number) => {
    setRestoring(null);
    setRestored(number);
    void queryClient.invalidateQueries({ queryKey: ["etps", etpId, "versions"] });
  };

  const total = timeline.data?.pagination?.total ?? timeline.data?.items.length ?? 0;
  const versions = timeline.data?.items ?? [];

  return (
    <div className="etp-versions">
      <h1>Versões do ETP</h1>
      <p>
        Cada versão guarda os dados do ETP e o texto das 13 seções como estavam naquele momento: as edições, as redações por IA,
        as mudanças de status e os pontos de salvamento que você cria aqui. Compare quaisquer duas versões ou restaure uma delas.
      </p>

      {restored !== null ? (
        <Message kind="success" onClose={() => setRestored(null)}>
          Versão {restored} restaurada. O estado anterior ficou guardado na linha do tempo como "Antes de restaurar a versão {restored}".
        </Message>
      ) : null}

      {block.save ? <Message kind="info">{block.save}</Message> : <SaveVersionForm etpId={etpId} />}

      <section className="etp-versions__panel" aria-labelledby="linha-do-tempo">
        <h2 id="linha-do-tempo">Linha do tempo</h2>
        {block.restore && !block.save ? <Message kind="info">{block.restore}</Message> : null}
        {timeline.isPending ? <Loading label="Carregando as versões…" /> : null}
        {timeline.isError ? <Message kind="danger">{messageOf(timeline.error)}</Message> : null}
        {timeline.data ? (
          versions.length ? (
            <>
              <p className="etp-versions__count">{plural(total, "versão", "versões")}, da mais recente para a mais antiga.</p>
              <ol className="etp-versions__timeline" aria-labelledby="linha-do-tempo">
                {versions.map((version) => (
                  <VersionItem key={version.number} version={version} me={me} canRestore={!block.restore} onCompare={(n) => compare(n, "current")} onRestore={setRestoring} />
                ))}
              </ol>
              {timeline.data.pagination && timeline.data.pagination.total_pages > 1 ? (
                <Pagination pagination={timeline.data.pagination} onPage={(next) => update({ page: next > 1 ? String(next) : null })} label="Paginação das versões" previous="Mais recentes" next="Mais antigas" />
              ) : null}
            </>
          ) : page > 1 ? (
            <p>
              Esta página da linha do tempo não tem versões.{" "}
              <button type="button" className="br-button secondary small" onClick={() => update({ page: null })}>
                Ir para as mais recentes
              </button>
            </p>
          ) : (
            <p>Nenhuma versão ainda. Elas aparecem aqui quando o ETP é editado, redigido pela IA ou salvo como versão.</p>
          )
        ) : null}
      </section>


      <section className="etp-versions__panel" aria-labelledby="comparar-versoes">
        <h2 id="comparar-versoes" ref={compareHeading} tabIndex={-1}>
          Comparar versões
        </h2>
        {choices.data && choices.data.items.length ? (
          <>
            <CompareForm versions={choices.data.items} a={a} b={b} onCompare={compare} />
            {a !== null && b !== null ? (
              <>
                <h3 className="etp-versions__result-title">
                  Diferenças da {versionName(a)} para {b === "current" ? "o" : "a"} {versionName(b)}
                </h3>
                <ModeToggle mode={mode} onMode={(value) => update({ modo: value })} />
                <DiffResult etpId={etpId} a={a} b={b} mode={mode} templateType={etp.data?.etp.template_type} />
              </>
            ) : null}
          </>
        ) : choices.isPending ? null : (
          <p>Salve uma versão para poder comparar.</p>
        )}
      </section>

      <RestoreDialog etpId={etpId} number={restoring} etag={etp.data?.etag ?? null} onClose={() => setRestoring(null)} onRestored={onRestored} />
    </div>
  );
}
