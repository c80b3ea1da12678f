// Autosave of one section: PUT {content, justification} with If-Match a moment after typing stops, on
// blur, when the tab is hidden and when the editor goes away (switching sections, leaving the page).
// The draft lives in the editor (refs, not React state): this hook re-renders only when the save state
// changes (clean → dirty → saving → saved), never per keystroke. While dirty the text is also kept in
// localStorage (draftBackup.ts) until a save succeeds. A 412 hands both texts to the conflict dialog.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, messageOf } from "../../api/errors";
import { getSession } from "../../auth/session";
import { storeSection } from "../../api/queries";
import { fetchSection, invalidateEtp, putSection } from "./api";
import { clearBackup, writeBackup } from "./draftBackup";
/** How long after the last keystroke the text is saved, and kept locally (tests shorten them). */
export const autosaveTiming = { delayMs: 1500, backupDelayMs: 300 };
export function useAutosave(options) {
    const queryClient = useQueryClient();
    const [state, setState] = useState("clean");
    const [savedAt, setSavedAt] = useState(null);
    const [error, setError] = useState(null);
    const [fieldErrors, setFieldErrors] = useState({});
    const opts = useRef(options);
    opts.current = options;
    const etag = useRef(options.initialEtag);
    const dirty = useRef(false);
    const inConflict = useRef(false);
    const inFlight = useRef(null);
    const saveTimer = useRef(null);
    const backupTimer = useRef(null);
    const body = useCallback((draft) => {
        return opts.current.sendJustification ? { content: draft.content, justification: draft.justification } : { content: draft.content };
    }, []);
    const backupNow = useCallback(() => {
        if (backupTimer.current !== null) {
            window.clearTimeout(backupTimer.current);
            backupTimer.current = null;
        }
        const { etpId, inciso, getDraft } = opts.current;
        writeBackup(etpId, inciso, { ...getDraft(), baseEtag: etag.current });
    }, []);
    const clearSaveTimer = () => {
        if (saveTimer.current !== null) {
            window.clearTimeout(saveTimer.current);
            saveTimer.current = null;
        }
    };
    const send = useCallback(async (draft, ifMatch) => {
        const { etpId, inciso } = opts.current;
        clearSaveTimer();
        setState("saving");
        setError(null);
        setFieldErrors({});
        backupNow();
        dirty.current = false;
        try {
            const saved = await putSection(etpId, inciso, body(draft), ifMatch);
            etag.current = saved.etag;
            storeSection(queryClient, etpId, saved.section, saved.etag);
            invalidateEtp(queryClient, etpId);
            opts.current.onSaved?.(saved.section, draft);
            if (dirty.current) {
                // typed while the request was out: the next save follows
                setState("dirty");
                saveTimer.current = window.setTimeout(() => void flushRef.current(), opts.current.delayMs ?? autosaveTiming.delayMs);
            }
            else {
                clearBackup(etpId, inciso);
                setSavedAt(new Date());
                setState("saved");
            }
            return true;
        }
        catch (caught) {
            dirty.current = true;
            if (caught instanceof ApiError && caught.status === 412) {
                inConflict.current = true;
                setState("conflict");
                try {
                    const current = await fetchSection(etpId, inciso);
                    opts.current.onConflict(current, opts.current.getDraft());
                }
                catch (fetchError) {
                    inConflict.current = false;
                    setError(messageOf(fetchError));
                    setState("error");
                }
                return false;
            }
            setError(messageOf(caught));
            if (caught instanceof ApiError)
                setFieldErrors(caught.fieldErrors);
            // 409: the ETP was approved or archived meanwhile; its status comes back and the page says so
            if (caught instanceof ApiError && caught.status === 409)
                invalidateEtp(queryClient, etpId);
            setState("error");
            return false;
        }
    }, [backupNow, body, queryClient]);
    const flush = useCallback(async () => {
        clearSaveTimer();
        if (!opts.current.enabled || inConflict.current)
            return !dirty.current;
        if (inFlight.current) {
            await inFlight.current;
            if (!dirty.current || inConflict.current)
                return !dirty.current;
        }
        if (!dirty.current)
            return true;
        const run = send(opts.current.getDraft(), etag.current).finally(() => {
            inFlight.current = null;
        });
        inFlight.current = run;
        return run;
    }, [send]);
    const flushRef = useRef(flush);
    flushRef.current = flush;
    /** The editor's text changed (call on every input: it costs a timer reset, not a render). */
    const markDirty = useCallback(() => {
        if (!opts.current.enabled)
            return;
        dirty.current = true;
        if (!inConflict.current) {
            setState((previous) => (previous === "saving" ? previous : "dirty"));
            clearSaveTimer();
            saveTimer.current = window.setTimeout(() => void flushRef.current(), opts.current.delayMs ?? autosaveTiming.delayMs);
        }
        if (backupTimer.current === null)
            backupTimer.current = window.setTimeout(backupNow, opts.current.backupDelayMs ?? autosaveTiming.backupDelayMs);
    }, [backupNow]);
    /** Conflict resolved by saving this text over the server's current version. */
    const saveOver = useCallback(async (draft, serverEtag) => {
        inConflict.current = false;
        const run = send(draft, serverEtag).finally(() => {
            inFlight.current = null;
        });
        inFlight.current = run;
        return run;
    }, [send]);
    /** Conflict resolved by taking the server's text: my unsaved text is dropped (the person confirmed). */
    const adoptServer = useCallback((current) => {
        const { etpId, inciso } = opts.current;
        clearSaveTimer();
        inConflict.current = false;
        dirty.current = false;
        etag.current = current.etag;
        storeSection(queryClient, etpId, current.section, current.etag);
        clearBackup(etpId, inciso);
        setError(null);
        setState("clean");
    }, [queryClient]);
    /** The server's section moved (a draft, an accepted suggestion, a review): follow it when nothing is pending. */
    const rebase = useCallback((serverEtag) => {
        if (dirty.current || inFlight.current || inConflict.current)
            return false;
        etag.current = serverEtag;
        return true;
    }, []);
    const getEtag = useCallback(() => etag.current, []);
    const isDirty = useCallback(() => dirty.current || inFlight.current !== null, []);
    // Leaving the tab with unsaved text: the browser asks first (in-app navigation flushes instead).
    const pending = state === "dirty" || state === "saving" || state === "error" || state === "conflict";
    useEffect(() => {
        if (!pending)
            return;
        const onBeforeUnload = (event) => {
            if (dirty.current)
                backupNow();
            event.preventDefault();
            event.returnValue = "";
        };
        window.addEventListener("beforeunload", onBeforeUnload);
        return () => window.removeEventListener("beforeunload", onBeforeUnload);
    }, [pending, backupNow]);
    useEffect(() => {
        const onHidden = () => {
            if (document.visibilityState !== "hidden" || !dirty.current)
                return;
            backupNow();
            void flushRef.current();
        };
        document.addEventListener("visibilitychange", onHidden);
        return () => document.removeEventListener("visibilitychange", onHidden);
    }, [backupNow]);
    // Switching sections or leaving the page: keep the text locally and save it now.
    useEffect(() => {
        return () => {
            clearSaveTimer();
            if (!dirty.current || !opts.current.enabled) {
                if (backupTimer.current !== null)
                    window.clearTimeout(backupTimer.current);
                return;
            }
            backupNow();
            if (getSession().status === "authenticated" && !inConflict.current)
                void flushRef.current();
        };
    }, [backupNow]);
    return { state, savedAt, error, fieldErrors, markDirty, flush, saveOver, adoptServer, rebase, getEtag, isDirty };
}
