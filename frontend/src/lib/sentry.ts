// Sentry in the browser, only when the build has VITE_SENTRY_DSN. This module is small and has no
// static import of @sentry/react: `startSentry` loads ./sentry-sdk (the SDK's few functions the app
// uses, tree-shaken) with a dynamic import after the first render, so it is a chunk of its own and
// never part of the first load.
//
// What an event may carry: the error, its stack, the page's path (no query string, no fragment:
// reset/invitation tokens and search terms travel there), the release and the browser. What it never
// carries: request bodies, cookies, headers, the user's e-mail or address, `extra`, console output,
// DOM breadcrumbs (the editor's text would be in them) or any other context.
import type { Breadcrumb, Event } from "@sentry/react";

export interface SentryConfig {
  dsn: string;
  release?: string | undefined;
  environment?: string | undefined;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// contexts the SDK fills with facts about the browser, never with the app's data
const KEPT_CONTEXTS = new Set(["browser", "os", "device", "culture", "react", "trace"]);
// breadcrumbs that may carry what a person typed or read on the page
const DROPPED_CATEGORIES = new Set(["console", "ui.click", "ui.input", "ui.keypress", "ui.change"]);
const MAX_QUEUED = 10;

/** A URL without its query string and fragment (relative URLs stay relative). */
export function scrubUrl(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

function scrubText(text: string): string {
  return text.replace(EMAIL, "[e-mail]");
}

/** A breadcrumb safe to send, or null to drop it: console and DOM ones go; navigation and request
 * ones keep their method, status and the URL without query. */
export function scrubBreadcrumb(crumb: Breadcrumb): Breadcrumb | null {
  const category = crumb.category ?? "";
  if (DROPPED_CATEGORIES.has(category) || category.startsWith("ui.")) return null;
  const out: Breadcrumb = { ...crumb };
  if (out.message !== undefined) out.message = scrubUrl(scrubText(out.message));
  if (crumb.data) {
    const data: Record<string, unknown> = {};
    for (const key of ["method", "status_code", "url", "from", "to"]) {
      const value = crumb.data[key];
      if (value === undefined) continue;
      data[key] = typeof value === "string" ? scrubUrl(value) : value;
    }
    out.data = data;
  }
  return out;
}

/** The event with everything personal or from the page's content removed (module comment). */
export function scrubEvent<T extends Event>(event: T): T {
  const out: T = { ...event };
  if (event.request) {
    out.request = event.request.url ? { url: scrubUrl(event.request.url) } : {};
  }
  if (event.user) {
    const id = event.user.id;
    if (id === undefined || id === null) delete out.user;
    else out.user = { id };
  }
  delete out.extra;
  delete out.server_name;
  if (event.contexts) {
    out.contexts = Object.fromEntries(Object.entries(event.contexts).filter(([name]) => KEPT_CONTEXTS.has(name)));
  }
  if (event.tags) {
    out.tags = Object.fromEntries(
      Object.entries(event.tags).map(([name, value]) => [name, typeof value === "string" ? scrubText(value) : value]),
    );
  }
  if (typeof event.message === "string") out.message = scrubText(event.message);
  if (event.exception?.values) {
    out.exception = {
      ...event.exception,
      values: event.exception.values.map((value) => ({
        ...value,
        ...(value.value !== undefined ? { value: scrubText(value.value) } : {}),
        // frames keep file, function, line and column; never the source lines around them or variables
        ...(value.stacktrace?.frames
          ? {
              stacktrace: {
                ...value.stacktrace,
                frames: value.stacktrace.frames.map((frame) => {
                  const { vars: _vars, pre_context: _pre, context_line: _line, post_context: _post, ...kept } = frame;
                  return { ...kept, ...(kept.abs_path ? { abs_path: scrubUrl(kept.abs_path) } : {}) };
                }),
              },
            }
          : {}),
      })),
    };
  }
  if (event.breadcrumbs) {
    out.breadcrumbs = event.breadcrumbs.map(scrubBreadcrumb).filter((crumb): crumb is Breadcrumb => crumb !== null);
  }
  return out;
}

// ------------------------------------------------------------------------------ the SDK, lazily

export type Reporter = (error: unknown, componentStack?: string) => void;

let reporter: Reporter | null = null;
let queued: { error: unknown; componentStack?: string | undefined }[] = [];
let starting: Promise<boolean> | null = null;

/** Sends an error caught by the app (the ErrorBoundary) to Sentry when it is enabled; while the SDK
 * is still loading the error waits for it (a few at most). Without Sentry it does nothing. */
export function reportError(error: unknown, componentStack?: string): void {
  if (reporter) {
    reporter(error, componentStack);
  } else if (starting && queued.length < MAX_QUEUED) {
    queued.push({ error, componentStack });
  }
}

/** Loads @sentry/react and starts it (once). Resolves false when the SDK could not be loaded (an
 * offline first visit): the app works the same without it. */
export function startSentry(config: SentryConfig): Promise<boolean> {
  starting ??= import("./sentry-sdk").then(
    (sdk) => {
      reporter = sdk.initSdk(config, { beforeSend: scrubEvent, beforeBreadcrumb: scrubBreadcrumb });
      const waiting = queued;
      queued = [];
      for (const item of waiting) reporter(item.error, item.componentStack);
      return true;
    },
    () => {
      queued = [];
      return false;
    },
  );
  return starting;
}

/** The build's Sentry settings (VITE_SENTRY_DSN, VITE_RELEASE), or null when Sentry is off. */
export function sentryConfigFromEnv(env: Record<string, unknown> = import.meta.env): SentryConfig | null {
  const dsn = typeof env.VITE_SENTRY_DSN === "string" ? env.VITE_SENTRY_DSN.trim() : "";
  if (!dsn) return null;
  const release = typeof env.VITE_RELEASE === "string" ? env.VITE_RELEASE.trim() : "";
  const mode = typeof env.MODE === "string" ? env.MODE : undefined;
  return { dsn, release: release || undefined, environment: mode };
}

/** For tests: forget the started SDK. */
export function resetSentryForTests(): void {
  reporter = null;
  queued = [];
  starting = null;
}
