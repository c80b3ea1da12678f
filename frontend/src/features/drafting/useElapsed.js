// Elapsed time of a job, ticking once a second on the client (no request): from started_at (or
// created_at while queued) to finished_at, or to now while it runs.
import { useEffect, useState } from "react";
import { isTerminal } from "../../api/useJob";
export function useElapsed(job) {
    const running = Boolean(job) && !isTerminal(job);
    const [now, setNow] = useState(() => Date.now());
    useEffect(() => {
        if (!running)
            return;
        setNow(Date.now());
        const timer = window.setInterval(() => setNow(Date.now()), 1000);
        return () => window.clearInterval(timer);
    }, [running]);
    const start = job?.started_at ?? job?.created_at;
    if (!job || !start)
        return null;
    const from = Date.parse(start);
    const to = job.finished_at ? Date.parse(job.finished_at) : running ? now : Date.parse(job.updated_at ?? start);
    return Number.isNaN(from) || Number.isNaN(to) ? null : Math.max(0, to - from);
}
