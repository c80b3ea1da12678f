// Downloading an export: the file through the API (cached once fetched, so a preview and its
// download read it once), saved through a Blob. A 410 (expired) is kept apart from other failures:
// the page offers to export again.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { ApiError, messageOf } from "../../api/errors";
import { keys } from "../../api/queries";
import { saveBlob } from "../../lib/download";
import { fetchExportFile, fileKey, type ExportFile } from "./api";

export interface DownloadTarget {
  exportId: string;
  etpId: string;
  fileName: string | null;
  fallbackName: string;
  /** where the button was (the job panel or a history row): the problem is shown there */
  source: "panel" | "history";
}

export type DownloadProblem = { kind: "expired" | "error"; message: string } | null;

export function useDownload() {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<(NonNullable<DownloadProblem> & { exportId: string; source: DownloadTarget["source"] }) | null>(null);

  async function download(target: DownloadTarget): Promise<void> {
    setBusy(target.exportId);
    setProblem(null);
    try {
      const file = await queryClient.fetchQuery<ExportFile>({ queryKey: fileKey(target.exportId), queryFn: () => fetchExportFile(target.exportId), staleTime: Infinity, gcTime: 60_000 });
      saveBlob(file.blob, target.fileName ?? file.fileName ?? target.fallbackName);
    } catch (error) {
      const expired = error instanceof ApiError && error.status === 410;
      setProblem({ exportId: target.exportId, source: target.source, kind: expired ? "expired" : "error", message: messageOf(error) });
      if (expired || (error instanceof ApiError && error.status === 409)) void queryClient.invalidateQueries({ queryKey: keys.exports(target.etpId) });
    } finally {
      setBusy(null);
    }
  }

  return { download, busy, problem, clearProblem: () => setProblem(null) };
}
