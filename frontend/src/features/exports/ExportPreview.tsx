// The PDF before it is downloaded, in the browser's own viewer: an <iframe> on a blob: URL of the
// file (fetched with the Bearer token), no PDF library in the bundle; the app's CSP allows
// `frame-src blob:` for it (etp_app/webapp.py). Where the browser shows no PDFs inline, the link
// under it saves the same file.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

import { ApiError, messageOf } from "../../api/errors";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { formatBytes } from "../../lib/format";
import { fetchExportFile, fileKey } from "./api";

function useObjectUrl(blob: Blob | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) {
      setUrl(null);
      return;
    }
    const created = URL.createObjectURL(blob);
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [blob]);
  return url;
}

export function ExportPreview({ exportId, fileName, size, onClose, onExpired }: { exportId: string; fileName: string; size: number | null; onClose: () => void; onExpired: () => void }) {
  const file = useQuery({ queryKey: fileKey(exportId), queryFn: () => fetchExportFile(exportId), staleTime: Infinity, gcTime: 60_000, retry: false });
  const url = useObjectUrl(file.data?.blob);
  const expired = file.error instanceof ApiError && file.error.status === 410;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []); // opened by a button: the focus follows it

  return (
    <section className="etp-export-preview" aria-labelledby="pre-visualizacao-titulo">
      <div className="etp-export-preview__head">
        <h2 id="pre-visualizacao-titulo" ref={heading} tabIndex={-1}>Pré-visualização do PDF</h2>
        <button type="button" className="br-button secondary small" onClick={onClose}>
          <Icon name="times" /> Fechar a pré-visualização
        </button>
      </div>
      <p className="etp-export-preview__file">
        <Icon name="file-pdf" /> {fileName}
        {size !== null ? ` · ${formatBytes(size)}` : ""}
      </p>
      {file.isPending ? <Loading label="Carregando a pré-visualização…" /> : null}
      {file.isError ? (
        <Message kind={expired ? "warning" : "danger"}>
          {messageOf(file.error)}{" "}
          {expired ? (
            <button type="button" className="br-button secondary small" onClick={onExpired}>
              <Icon name="redo" /> Exportar novamente em PDF
            </button>
          ) : null}
        </Message>
      ) : null}
      {url ? (
        <>
          <iframe className="etp-export-preview__frame" src={url} title={`Pré-visualização de ${fileName}`} />
          <p className="etp-export-preview__fallback">
            Se a pré-visualização não aparecer (alguns navegadores não mostram PDFs dentro da página),{" "}
            <a href={url} download={fileName}>
              baixe {fileName}
            </a>
            .
          </p>
        </>
      ) : null}
    </section>
  );
}
