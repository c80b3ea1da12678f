// The one polling hook: a job is fetched every 1.5 s while it runs, every 10 s while the tab is
// hidden, and not at all once it is terminal or the component is gone (TanStack Query stops the
// interval on unmount). `onSettled` runs once when the job reaches a terminal state.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useSyncExternalStore } from "react";
import { api, unwrap } from "./client";
import { keys } from "./queries";
import { TERMINAL_JOB_STATES } from "./types";
export const POLL_VISIBLE_MS = 1500;
export const POLL_HIDDEN_MS = 10_000;
function subscribeVisibility(listener) {
    document.addEventListener("visibilitychange", listener);
    return () => document.removeEventListener("visibilitychange", listener);
}
const isHidden = () => document.visibilityState === "hidden";
export function isTerminal(job) {
    return Boolean(job?.state && TERMINAL_JOB_STATES.has(job.state));
}
export function useJob(jobId, options = {}) {
    const hidden = useSyncExternalStore(subscribeVisibility, isHidden, () => false);
    const query = useQuery({
        queryKey: keys.job(jobId ?? ""),
        queryFn: async () => (await unwrap(api.GET("/api/v1/jobs/{job_id}", { params: { path: { job_id: jobId ?? "" } } }))),
        enabled: Boolean(jobId),
        refetchInterval: (q) => (isTerminal(q.state.data) ? false : hidden ? POLL_HIDDEN_MS : POLL_VISIBLE_MS),
        refetchIntervalInBackground: true,
        refetchOnWindowFocus: (q) => !isTerminal(q.state.data),
        retry: 2,
    });
    const settled = useRef(null);
    const onSettled = useRef(options.onSettled);
    onSettled.current = options.onSettled;
    const job = query.data;
    useEffect(() => {
        if (job?.id && isTerminal(job) && settled.current !== job.id) {
            settled.current = job.id;
            onSettled.current?.(job);
        }
    }, [job]);
    return query;
}
