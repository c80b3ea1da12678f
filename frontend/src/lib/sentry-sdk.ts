// The part of Sentry loaded lazily (src/lib/sentry.ts imports this module dynamically): named imports
// only, so the bundler keeps just what is used (no replay, feedback or tracing code).
import { breadcrumbsIntegration, captureException, init, type Breadcrumb, type ErrorEvent } from "@sentry/react";

import type { Reporter, SentryConfig } from "./sentry";

interface Scrubbers {
  beforeSend: (event: ErrorEvent) => ErrorEvent | null;
  beforeBreadcrumb: (crumb: Breadcrumb) => Breadcrumb | null;
}

/** Starts the SDK and returns the function that reports an error caught by the app. */
export function initSdk(config: SentryConfig, scrub: Scrubbers): Reporter {
  init({
    dsn: config.dsn,
    release: config.release || undefined,
    environment: config.environment || undefined,
    // SDK 11's replacement of `sendDefaultPii: false`: no user fields, cookies, headers, bodies,
    // query parameters, local variables or source lines around frames
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      stackFrameVariables: false,
      frameContextLines: 0,
    },
    // no console or DOM breadcrumbs (the editor's text); requests and navigation stay, scrubbed
    integrations: (defaults) => [
      ...defaults.filter((integration) => integration.name !== "Console" && integration.name !== "Breadcrumbs"),
      breadcrumbsIntegration({ dom: false, fetch: true, xhr: true, history: true, sentry: true }),
    ],
    beforeBreadcrumb: (crumb) => scrub.beforeBreadcrumb(crumb),
    beforeSend: (event) => scrub.beforeSend(event),
  });
  return (error, componentStack) => {
    captureException(error, componentStack ? { contexts: { react: { componentStack } } } : undefined);
  };
}
