// Entry: design-system CSS, fonts and icons (all self-hosted), the query client, the router.
import "@fontsource/raleway/latin-400.css";
import "@fontsource/raleway/latin-600.css";
import "@fontsource/raleway/latin-700.css";
import "./styles/design-system.css";
import "./styles/icons.css";
import "./styles/app.css";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";

import { ApiError } from "./api/errors";
import { ErrorBoundary } from "./app/ErrorBoundary";
import { AppRoutes } from "./app/routes";
import { AuthProvider } from "./auth/AuthProvider";
import { sentryConfigFromEnv, startSentry } from "./lib/sentry";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // 4xx answers are final (404 stays 404); network errors and 5xx/503 are retried twice
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
    mutations: { retry: false },
  },
});

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary>
        <QueryClientProvider client={queryClient}>
          <AuthProvider>
            <BrowserRouter>
              <AppRoutes />
            </BrowserRouter>
          </AuthProvider>
        </QueryClientProvider>
      </ErrorBoundary>
    </StrictMode>,
  );
}

// Sentry (only when built with VITE_SENTRY_DSN): its SDK is a chunk of its own, fetched once the
// first render is done, so it never weighs on the first load.
const sentry = sentryConfigFromEnv();
if (sentry) {
  const start = () => void startSentry(sentry);
  if (typeof window.requestIdleCallback === "function") window.requestIdleCallback(start, { timeout: 3000 });
  else window.setTimeout(start, 1);
}
