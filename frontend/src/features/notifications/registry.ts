// The jobs a person started and wants to hear about (drafting and exports): pages register a job
// when they start it; the notifier (JobNotifier, mounted by the Layout) follows the unfinished ones
// while their own page is not open and says when they end, with a link back. Kept in sessionStorage
// (this tab only, gone with it) so a reload keeps the list; tiny and free of React Query, because
// the shell imports it.
import { useSyncExternalStore } from "react";

import type { Job } from "../../api/types";
import { getSession } from "../../auth/session";

export type WatchedKind = "export" | "draft_etp" | "draft_section";
export type FinishedState = "succeeded" | "failed" | "cancelled";

export interface WatchedJob {
  jobId: string;
  kind: WatchedKind;
  /** who started it: another person signing in on this tab does not get the notice */
  userId: string | null;
  etpId: string;
  etpTitle: string | null;
  /** the export's format (pdf, docx, json, xml) */
  format: string | null;
  /** the section of a one-section draft */
  inciso: number | null;
  /** the pathname of the job's own page: no polling and no notice while it is open */
  path: string;
  /** where the notice's link goes: the page, watching the job again */
  href: string;
  /** set when the job ended away from its page: the notice is shown until dismissed */
  finished: FinishedState | null;
  error: string | null;
  startedAt: number;
}

export const STORAGE_KEY = "etp-express:tarefas-acompanhadas";
const MAX_ENTRIES = 20;
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

const listeners = new Set<() => void>();
let cache: WatchedJob[] | null = null;

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null; // storage disabled: the list lives in memory only
  }
}

function isEntry(value: unknown): value is WatchedJob {
  const entry = value as Partial<WatchedJob> | null;
  return Boolean(entry && typeof entry.jobId === "string" && typeof entry.path === "string" && typeof entry.href === "string" && typeof entry.kind === "string");
}

function load(): WatchedJob[] {
  const raw = storage()?.getItem(STORAGE_KEY);
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    const now = Date.now();
    return Array.isArray(parsed) ? parsed.filter(isEntry).filter((e) => now - (e.startedAt ?? 0) < MAX_AGE_MS) : [];
  } catch {
    return [];
  }
}

function save(next: WatchedJob[]): void {
  cache = next.slice(-MAX_ENTRIES);
  try {
    if (cache.length) storage()?.setItem(STORAGE_KEY, JSON.stringify(cache));
    else storage()?.removeItem(STORAGE_KEY);
  } catch {
    // quota or disabled storage: keep the in-memory list
  }
  for (const listener of listeners) listener();
}

export function watchedJobs(): WatchedJob[] {
  cache ??= load();
  return cache;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The list, re-rendering on every change. */
export function useWatchedJobs(): WatchedJob[] {
  return useSyncExternalStore(subscribe, watchedJobs, watchedJobs);
}

/** Whether the signed-in person has anything to follow (the Layout mounts the notifier only then). */
export function useHasWatchedJobs(userId: string | null | undefined): boolean {
  const entries = useWatchedJobs();
  return Boolean(userId) && entries.some((e) => e.userId === userId);
}

function pathOf(kind: WatchedKind, etpId: string, inciso: number | null): string {
  if (kind === "export") return `/etps/${etpId}/exportar`;
  if (kind === "draft_section" && inciso) return `/etps/${etpId}/secoes/${inciso}`;
  return `/etps/${etpId}`;
}

/** A job this page just started (drafting or export): followed until it ends. */
export function watchJob(job: Job, context: { etpId: string; etpTitle?: string | null; format?: string | null }): void {
  const jobId = job.id;
  const kind = job.kind;
  if (!jobId || (kind !== "export" && kind !== "draft_etp" && kind !== "draft_section")) return;
  const inciso = kind === "draft_section" ? (job.inciso ?? null) : null;
  const path = pathOf(kind, context.etpId, inciso);
  const entry: WatchedJob = {
    jobId,
    kind,
    userId: getSession().user?.id ?? null,
    etpId: context.etpId,
    etpTitle: context.etpTitle ?? null,
    format: context.format ?? null,
    inciso,
    path,
    href: `${path}?tarefa=${encodeURIComponent(jobId)}`,
    finished: null,
    error: null,
    startedAt: Date.now(),
  };
  save([...watchedJobs().filter((e) => e.jobId !== jobId), entry]);
}

/** The job ended away from its page: keep it as a notice. */
export function markFinished(jobId: string, state: FinishedState, error: string | null = null): void {
  const entries = watchedJobs();
  if (!entries.some((e) => e.jobId === jobId && e.finished !== state)) return;
  save(entries.map((e) => (e.jobId === jobId ? { ...e, finished: state, error } : e)));
}

/** Done with it: dismissed, seen on its own page, or gone (404). */
export function forgetJob(jobId: string): void {
  const entries = watchedJobs();
  if (entries.some((e) => e.jobId === jobId)) save(entries.filter((e) => e.jobId !== jobId));
}

/** Tests: start from an empty list. */
export function resetWatchedJobs(): void {
  cache = null;
  storage()?.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener();
}
