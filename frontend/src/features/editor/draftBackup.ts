// The local backup of a section's unsaved text: while the editor is dirty the text (never a token)
// is kept in localStorage under `etp-draft:<etpId>:<inciso>` with the etag it was based on and the
// time, so a closed tab, a crash or an expired session loses nothing. Removed after a successful save.

export interface DraftBackup {
  content: string;
  justification: string | null;
  /** The section etag the text was typed over (If-Match when it is restored). */
  baseEtag: string | null;
  /** ISO time of the last keystroke kept. */
  savedAt: string;
}

const PREFIX = "etp-draft";

export function backupKey(etpId: string, inciso: number): string {
  return `${PREFIX}:${etpId}:${inciso}`;
}

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null; // storage disabled by the browser's privacy settings
  }
}

export function writeBackup(etpId: string, inciso: number, backup: Omit<DraftBackup, "savedAt"> & { savedAt?: string }): void {
  const store = storage();
  if (!store) return;
  const value: DraftBackup = {
    content: backup.content,
    justification: backup.justification,
    baseEtag: backup.baseEtag,
    savedAt: backup.savedAt ?? new Date().toISOString(),
  };
  try {
    store.setItem(backupKey(etpId, inciso), JSON.stringify(value));
  } catch {
    // quota exceeded: the server copy (autosave) is still the main one
  }
}

export function readBackup(etpId: string, inciso: number): DraftBackup | null {
  const store = storage();
  if (!store) return null;
  let raw: string | null;
  try {
    raw = store.getItem(backupKey(etpId, inciso));
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<DraftBackup>;
    if (typeof parsed.content !== "string") return null;
    return {
      content: parsed.content,
      justification: typeof parsed.justification === "string" ? parsed.justification : null,
      baseEtag: typeof parsed.baseEtag === "string" ? parsed.baseEtag : null,
      savedAt: typeof parsed.savedAt === "string" ? parsed.savedAt : new Date().toISOString(),
    };
  } catch {
    return null;
  }
}

export function clearBackup(etpId: string, inciso: number): void {
  try {
    storage()?.removeItem(backupKey(etpId, inciso));
  } catch {
    // nothing to do
  }
}

/** The backup differs from what the server holds (worth offering back). */
export function differsFromServer(backup: DraftBackup, content: string, justification: string | null | undefined): boolean {
  return backup.content !== content || (backup.justification ?? "") !== (justification ?? "");
}
