// The local backup of a section's unsaved text: while the editor is dirty the text (never a token)
// is kept in localStorage under `etp-draft:<etpId>:<inciso>` with the etag it was based on and the
// time, so a closed tab, a crash or an expired session loses nothing. Removed after a successful save.
const PREFIX = "etp-draft";
export function backupKey(etpId, inciso) {
    return `${PREFIX}:${etpId}:${inciso}`;
}
function storage() {
    try {
        return typeof window === "undefined" ? null : window.localStorage;
    }
    catch {
        return null; // storage disabled by the browser's privacy settings
    }
}
export function writeBackup(etpId, inciso, backup) {
    const store = storage();
    if (!store)
        return;
    const value = {
        content: backup.content,
        justification: backup.justification,
        baseEtag: backup.baseEtag,
        savedAt: backup.savedAt ?? new Date().toISOString(),
    };
    try {
        store.setItem(backupKey(etpId, inciso), JSON.stringify(value));
    }
    catch {
        // quota exceeded: the server copy (autosave) is still the main one
    }
}
export function readBackup(etpId, inciso) {
    const store = storage();
    if (!store)
        return null;
    let raw;
    try {
        raw = store.getItem(backupKey(etpId, inciso));
    }
    catch {
        return null;
    }
    if (!raw)
        return null;
    try {
        const parsed = JSON.parse(raw);
        if (typeof parsed.content !== "string")
            return null;
        return {
            content: parsed.content,
            justification: typeof parsed.justification === "string" ? parsed.justification : null,
            baseEtag: typeof parsed.baseEtag === "string" ? parsed.baseEtag : null,
            savedAt: typeof parsed.savedAt === "string" ? parsed.savedAt : new Date().toISOString(),
        };
    }
    catch {
        return null;
    }
}
export function clearBackup(etpId, inciso) {
    try {
        storage()?.removeItem(backupKey(etpId, inciso));
    }
    catch {
        // nothing to do
    }
}
/** The backup differs from what the server holds (worth offering back). */
export function differsFromServer(backup, content, justification) {
    return backup.content !== content || (backup.justification ?? "") !== (justification ?? "");
}
