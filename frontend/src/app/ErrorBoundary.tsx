// The last line of defence around the whole app: an error thrown while rendering shows a page in
// Portuguese (with a way back) instead of a blank screen, and goes to Sentry when the build has it.
import { Component, type ErrorInfo, type ReactNode } from "react";

import { usePageTitle } from "../components/usePageTitle";
import { reportError } from "../lib/sentry";

interface Props {
  children: ReactNode;
}

interface State {
  failed: boolean;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    reportError(error, info.componentStack ?? undefined);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return <ErrorPage />;
  }
}

export function ErrorPage() {
  usePageTitle("Algo deu errado");
  return (
    <main id="conteudo" className="container-lg etp-main">
      <h1>Algo deu errado</h1>
      <p role="alert">
        Um erro inesperado impediu a exibição desta página. O texto já salvo dos seus ETPs não foi afetado.
      </p>
      <p>
        <button className="br-button primary" type="button" onClick={() => window.location.reload()}>
          Recarregar a página
        </button>{" "}
        <a className="br-button secondary" href="/etps">
          Voltar para os seus ETPs
        </a>
      </p>
    </main>
  );
}
