import { jsxs as _jsxs, jsx as _jsx, Fragment as _Fragment } from "react/jsx-runtime";
// The progress of a draft job: one row per inciso (waiting / drafting / done / failed with the reason,
// as text plus icon), "n de m seções" with a determinate bar, the elapsed time, cancel and retry of
// the failed sections. Polling only through useJob; the live region speaks at state changes only.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { Link } from "react-router";
import { ApiError, messageOf } from "../../api/errors";
import { keys } from "../../api/queries";
import { isTerminal, useJob } from "../../api/useJob";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { JobStateTag } from "../../components/StatusTag";
import { formatElapsed } from "../../lib/format";
import { cancelJob, draftEtp, invalidateSection } from "./api";
import { announcements, newlySettled, progressOf, ROW_LABELS } from "./progress";
import { useElapsed } from "./useElapsed";
const ROW_ICONS = {
    waiting: "clock",
    drafting: "spinner",
    done: "check-circle",
    suggestion: "eye",
    failed: "times-circle",
    stopped: "ban",
};
const NO_INCISOS = [];
function signature(progress) {
    return `${progress.state}|${progress.rows.map((r) => `${r.inciso}:${r.state}`).join(",")}`;
}
function Row({ etpId, row }) {
    const href = `/etps/${etpId}/secoes/${row.inciso}`;
    return (_jsxs("li", { className: `etp-progress-row etp-progress-row--${row.state}`, children: [_jsxs("span", { className: "etp-progress-row__name", children: ["Se\u00E7\u00E3o ", row.code, row.title ? ` — ${row.title}` : ""] }), _jsxs("span", { className: "etp-progress-row__state", children: [_jsx(Icon, { name: ROW_ICONS[row.state], spin: row.state === "drafting" }), " ", ROW_LABELS[row.state]] }), row.state === "failed" && row.error ? _jsxs("span", { className: "etp-progress-row__reason", children: ["Motivo: ", row.error] }) : null, row.state === "stopped" && row.error ? _jsx("span", { className: "etp-progress-row__reason", children: row.error }) : null, row.state === "suggestion" ? (_jsxs("span", { className: "etp-progress-row__reason", children: ["O texto escrito por uma pessoa foi mantido. ", _jsxs(Link, { to: href, children: ["Revisar a sugest\u00E3o da se\u00E7\u00E3o ", row.code] })] })) : null, row.state === "done" ? (_jsxs(Link, { className: "etp-progress-row__link", to: href, children: ["Abrir a se\u00E7\u00E3o ", row.code] })) : null] }));
}
export function DraftProgressPanel({ etpId, jobId, sections, requested = NO_INCISOS, onJobStarted, onClose, }) {
    const queryClient = useQueryClient();
    const jobQuery = useJob(jobId);
    const job = jobQuery.data;
    const progress = useMemo(() => progressOf(job, sections, requested), [job, sections, requested]);
    const elapsed = useElapsed(job);
    const [announcement, setAnnouncement] = useState("");
    const [notice, setNotice] = useState(null);
    const [busy, setBusy] = useState(false);
    const previous = useRef(null);
    const previousJob = useRef(null);
    const sig = job ? signature(progress) : "";
    useEffect(() => {
        if (!job)
            return;
        if (previousJob.current !== jobId) {
            previousJob.current = jobId;
            previous.current = null;
        }
        const said = announcements(previous.current, progress);
        if (said.length)
            setAnnouncement(said.join(" "));
        for (const inciso of newlySettled(previous.current, progress))
            invalidateSection(queryClient, etpId, inciso);
        if (previous.current && previous.current.state !== progress.state && isTerminal(job))
            invalidateSection(queryClient, etpId, null);
        previous.current = progress;
        // the signature stands for the progress: announce and refresh only when a state changed
    }, [sig, jobId]);
    const failed = progress.rows.filter((r) => r.state === "failed").map((r) => r.inciso);
    const terminal = isTerminal(job);
    const percent = progress.total ? (progress.finished * 100) / progress.total : (job?.progress ?? 0);
    async function cancel() {
        setBusy(true);
        setNotice(null);
        try {
            const answer = await cancelJob(jobId);
            queryClient.setQueryData(keys.job(jobId), answer);
            invalidateSection(queryClient, etpId, null);
        }
        catch (error) {
            if (error instanceof ApiError && error.status === 409) {
                setNotice({ kind: "info", text: `A redação já havia terminado: não há o que cancelar. ${error.message}` });
                void queryClient.invalidateQueries({ queryKey: keys.job(jobId) });
            }
            else
                setNotice({ kind: "danger", text: messageOf(error) });
        }
        finally {
            setBusy(false);
        }
    }
    async function retry() {
        setBusy(true);
        setNotice(null);
        try {
            const next = await draftEtp(etpId, { incisos: failed });
            queryClient.setQueryData(keys.job(next.id ?? ""), next);
            invalidateSection(queryClient, etpId, null);
            onJobStarted(next, failed);
        }
        catch (error) {
            setNotice({ kind: "danger", text: messageOf(error) });
        }
        finally {
            setBusy(false);
        }
    }
    return (_jsxs("section", { className: "etp-draft-panel", "aria-labelledby": "painel-redacao-titulo", children: [_jsxs("div", { className: "etp-draft-panel__head", children: [_jsx("h2", { id: "painel-redacao-titulo", children: "Andamento da reda\u00E7\u00E3o" }), job ? _jsx(JobStateTag, { state: job.state }) : null] }), _jsx("p", { "aria-live": "polite", "aria-atomic": "true", className: "visually-hidden", "data-testid": "anuncio-redacao", children: announcement }), jobQuery.isPending ? _jsx(Loading, { label: "Carregando o andamento da reda\u00E7\u00E3o\u2026" }) : null, jobQuery.isError ? _jsx(Message, { kind: "danger", children: messageOf(jobQuery.error) }) : null, job ? (_jsxs(_Fragment, { children: [_jsx(Loading, { label: progress.total ? `${progress.ready} de ${progress.total} seções prontas${progress.failed ? ` · ${progress.failed} com falha` : ""}` : job.state === "queued" ? "Na fila" : "Redigindo", progress: terminal && job.state === "succeeded" ? 100 : percent }), elapsed !== null ? _jsxs("p", { className: "etp-draft-panel__elapsed", children: ["Tempo decorrido: ", formatElapsed(elapsed)] }) : null, progress.rows.length ? (_jsx("ol", { className: "etp-progress-rows", "aria-label": "Andamento por se\u00E7\u00E3o", children: progress.rows.map((row) => (_jsx(Row, { etpId: etpId, row: row }, row.inciso))) })) : null, job.state === "failed" && job.error ? _jsx(Message, { kind: "danger", children: job.error }) : null, job.state === "succeeded" ? _jsx(Message, { kind: "success", children: "Reda\u00E7\u00E3o conclu\u00EDda. Revise cada texto antes de us\u00E1-lo." }) : null, job.state === "cancelled" ? _jsx(Message, { kind: "info", children: "Reda\u00E7\u00E3o cancelada: as se\u00E7\u00F5es n\u00E3o redigidas ficaram como estavam." }) : null] })) : null, notice ? _jsx(Message, { kind: notice.kind, children: notice.text }) : null, _jsxs("div", { className: "etp-actions", children: [job && !terminal ? (_jsxs("button", { type: "button", className: "br-button secondary", onClick: () => void cancel(), disabled: busy, children: [_jsx(Icon, { name: "ban" }), " Cancelar"] })) : null, terminal && failed.length ? (_jsxs("button", { type: "button", className: "br-button primary", onClick: () => void retry(), disabled: busy, children: [_jsx(Icon, { name: "redo" }), " Tentar novamente as se\u00E7\u00F5es que falharam"] })) : null, terminal || jobQuery.isError ? (_jsxs("button", { type: "button", className: "br-button tertiary", onClick: onClose, children: [_jsx(Icon, { name: "times" }), " Fechar o painel"] })) : null] })] }));
}
