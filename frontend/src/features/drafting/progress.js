const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"];
export function romanOf(inciso) {
    return ROMAN[inciso - 1] ?? String(inciso);
}
export function incisoOf(code) {
    return ROMAN.indexOf(code) + 1;
}
function outcomesOf(job) {
    const sections = job?.result?.sections;
    return sections && typeof sections === "object" ? sections : {};
}
/**
 * The incisos of a job: the one of a single-section draft; for a whole-ETP draft, those with an
 * outcome, those still marked "drafting" while it runs, and the ones this page asked for.
 */
export function jobIncisos(job, sections, requested = []) {
    if (!job)
        return [];
    if (job.kind === "draft_section" && job.inciso)
        return [job.inciso];
    // the API lists what the job drafts; the rest is for answers from before it did
    if (job.incisos?.length)
        return [...job.incisos].sort((a, b) => a - b);
    const found = new Set(requested);
    for (const code of Object.keys(outcomesOf(job))) {
        const inciso = incisoOf(code);
        if (inciso > 0)
            found.add(inciso);
    }
    if (job.state === "queued" || job.state === "running") {
        for (const section of sections)
            if (section.status === "drafting" && section.inciso)
                found.add(section.inciso);
    }
    return [...found].sort((a, b) => a - b);
}
export function progressOf(job, sections, requested = []) {
    const outcomes = outcomesOf(job);
    const state = job?.state ?? "queued";
    const titles = new Map(sections.map((s) => [s.inciso ?? 0, s.title ?? ""]));
    let drafting = state === "running";
    const rows = jobIncisos(job, sections, requested).map((inciso) => {
        const code = romanOf(inciso);
        const outcome = outcomes[code];
        const base = { inciso, code, title: titles.get(inciso) ?? "", error: null };
        if (outcome?.status === "succeeded")
            return { ...base, state: outcome.applied === "suggestion" ? "suggestion" : "done" };
        if (outcome?.status === "failed")
            return { ...base, state: "failed", error: outcome.error ?? "A redação desta seção falhou." };
        if (state === "failed" || state === "cancelled" || state === "succeeded") {
            return { ...base, state: "stopped", error: state === "failed" ? (job?.error ?? null) : null };
        }
        if (drafting) {
            drafting = false; // the worker drafts in inciso order: the first without an outcome is the one
            return { ...base, state: "drafting" };
        }
        return { ...base, state: "waiting" };
    });
    const finished = rows.filter((r) => r.state === "done" || r.state === "suggestion" || r.state === "failed").length;
    const ready = rows.filter((r) => r.state === "done" || r.state === "suggestion").length;
    const failed = rows.filter((r) => r.state === "failed").length;
    return { rows, finished, ready, failed, total: rows.length, state };
}
export const ROW_LABELS = {
    waiting: "Aguardando",
    drafting: "Em redação",
    done: "Redigida",
    suggestion: "Sugestão pronta para revisão",
    failed: "Falhou",
    stopped: "Não redigida",
};
/** What changed from `before` to `after`, as sentences for the live region (empty: nothing to say). */
export function announcements(before, after) {
    if (!before)
        return [];
    const out = [];
    if (before.state === "queued" && after.state === "running")
        out.push("Redação em andamento.");
    const previous = new Map(before.rows.map((r) => [r.inciso, r.state]));
    let sectionsChanged = false;
    for (const row of after.rows) {
        const was = previous.get(row.inciso);
        if (was === row.state)
            continue;
        if (row.state === "done")
            out.push(`Seção ${row.code} redigida.`);
        else if (row.state === "suggestion")
            out.push(`Seção ${row.code}: sugestão pronta para revisão.`);
        else if (row.state === "failed")
            out.push(`Seção ${row.code} falhou: ${row.error ?? ""}`.trim());
        else
            continue;
        sectionsChanged = true;
    }
    if (sectionsChanged && after.total > 1)
        out.push(`${after.ready} de ${after.total} seções prontas.`);
    if (before.state !== after.state) {
        if (after.state === "succeeded")
            out.push("Redação concluída.");
        else if (after.state === "failed")
            out.push("A redação terminou com falhas.");
        else if (after.state === "cancelled")
            out.push("Redação cancelada.");
    }
    return out;
}
/** The sections whose outcome is new in `after` (their text or suggestion changed on the server). */
export function newlySettled(before, after) {
    const previous = new Map((before?.rows ?? []).map((r) => [r.inciso, r.state]));
    return after.rows
        .filter((r) => (r.state === "done" || r.state === "suggestion" || r.state === "failed" || r.state === "stopped") && previous.get(r.inciso) !== r.state)
        .map((r) => r.inciso);
}
