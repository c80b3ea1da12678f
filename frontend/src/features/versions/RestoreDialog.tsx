// Restoring a version, after a confirmation that says what will change: the facts and sections that
// differ between the version and the current state (the API's diff to "current"). The restore sends
// the ETP's ETag (If-Match); a 412 means someone changed the ETP meanwhile — the list is refreshed.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { ApiError, messageOf } from "../../api/errors";
import { keys } from "../../api/queries";
import { Dialog } from "../../components/Dialog";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { plural } from "../../lib/format";
import { afterRestore, restoreVersion, useDiff } from "./api";

function restoreError(error: unknown): string {
  if (error instanceof ApiError && error.status === 412) {
    return "O ETP foi alterado depois que esta página foi carregada. A lista do que vai mudar foi atualizada: confira e confirme de novo.";
  }
  if (error instanceof ApiError && error.status === 403) {
    return `${error.message} Seu perfil na organização não permite restaurar versões.`;
  }
  return messageOf(error);
}

/** Open while `number` is set (the version to restore). */
export function RestoreDialog({ etpId, number, etag, onClose, onRestored }: { etpId: string; number: number | null; etag: string | null; onClose: () => void; onRestored: (number: number) => void }) {
  const queryClient = useQueryClient();
  const diff = useDiff(etpId, number, number === null ? null : "current");
  const [error, setError] = useState<string | null>(null);

  const restore = useMutation({
    mutationFn: (target: number) => restoreVersion(etpId, target, etag ?? ""),
    onSuccess: (restored, target) => {
      afterRestore(queryClient, etpId, restored);
      onRestored(target);
    },
    onError: (failure) => {
      setError(restoreError(failure));
      if (failure instanceof ApiError && failure.status === 412) {
        void queryClient.invalidateQueries({ queryKey: keys.etp(etpId), exact: true });
        void diff.refetch();
      }
    },
  });

  const { reset } = restore;
  useEffect(() => {
    setError(null);
    reset();
  }, [number, reset]);

  // The ETP's lifecycle status is never restored (POST /status changes it): leave it out.
  const fields = Object.entries(diff.data?.fields ?? {}).filter(([name]) => name !== "status");
  const sections = diff.data?.sections ?? [];
  const nothing = diff.data && fields.length === 0 && sections.length === 0;

  const footer = (
    <>
      <button type="button" className="br-button primary" disabled={restore.isPending || !diff.data || !etag} onClick={() => {
          if (number === null) return;
          setError(null);
          restore.mutate(number);
        }}>
        <Icon name="undo" /> {restore.isPending ? "Restaurando…" : `Restaurar a versão ${number}`}
      </button>
      <button type="button" className="br-button secondary" disabled={restore.isPending} onClick={onClose}>
        Cancelar
      </button>
    </>
  );

  return (
    <Dialog open={number !== null} title={`Restaurar a versão ${number ?? ""}?`} onClose={onClose} footer={footer} wide>
      <p>
        Os dados do ETP e o texto das seções voltam a ser como estavam na versão {number}. Antes, o estado atual é guardado como
        uma nova versão ("Antes de restaurar a versão {number}"): você pode desfazer restaurando-a. O status do ETP não muda, e as
        seções restauradas precisam ser revisadas de novo.
      </p>
      {error ? <Message kind="danger">{error}</Message> : null}
      {diff.isPending ? <Loading label="Verificando o que vai mudar…" /> : null}
      {diff.isError ? <Message kind="danger">{messageOf(diff.error)}</Message> : null}
      {nothing ? <Message kind="info">O estado atual já é igual ao da versão {number}: nada vai mudar no texto nem nos dados.</Message> : null}
      {diff.data && !nothing ? (
        <>
          <h3 className="etp-versions__dialog-heading">O que vai mudar</h3>
          {fields.length ? (
            <>
              <p>{plural(fields.length, "campo dos dados do ETP volta", "campos dos dados do ETP voltam")} ao valor da versão {number}:</p>
              <ul>
                {fields.map(([name, change]) => (
                  <li key={name}>{change.label ?? name}</li>
                ))}
              </ul>
            </>
          ) : null}
          {sections.length ? (
            <>
              <p>{plural(sections.length, "seção volta", "seções voltam")} ao texto da versão {number}:</p>
              <ul>
                {sections.map((section) => {
                  const content = section.content && "ops" in section.content ? section.content : null;
                  // the API counts from the version to the current text; a restore goes the other way
                  const words = content ? `+${content.words_removed ?? 0} / −${content.words_added ?? 0} palavras` : null;
                  const others = [
                    section.justification && "before" in section.justification ? "justificativa" : null,
                    section.suggestion && "before" in section.suggestion ? "sugestão pendente" : null,
                  ].filter(Boolean);
                  return (
                    <li key={section.inciso}>
                      {section.code} — {section.title}
                      {words || others.length ? `: ${[words, ...others].filter(Boolean).join("; ")}` : null}
                    </li>
                  );
                })}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </Dialog>
  );
}
