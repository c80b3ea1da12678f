import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import * as sentry from "../lib/sentry";
import { ErrorBoundary } from "./ErrorBoundary";

function Broken(): never {
  throw new Error("quebrou ao renderizar");
}

describe("ErrorBoundary", () => {
  it("shows the Portuguese fallback page and reports the error", () => {
    const report = vi.spyOn(sentry, "reportError").mockImplementation(() => undefined);
    vi.spyOn(console, "error").mockImplementation(() => undefined); // React logs the caught error
    render(
      <ErrorBoundary>
        <Broken />
      </ErrorBoundary>,
    );
    expect(screen.getByRole("heading", { level: 1, name: "Algo deu errado" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Um erro inesperado impediu a exibição desta página");
    expect(screen.getByRole("button", { name: "Recarregar a página" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Voltar para os seus ETPs" })).toHaveAttribute("href", "/etps");
    expect(screen.getByRole("main")).toHaveAttribute("id", "conteudo");
    expect(report).toHaveBeenCalledTimes(1);
    expect((report.mock.calls[0]?.[0] as Error).message).toBe("quebrou ao renderizar");
    expect(document.title).toBe("Algo deu errado — ETP Express");
  });

  it("renders its children when nothing fails", () => {
    render(
      <ErrorBoundary>
        <p>conteúdo</p>
      </ErrorBoundary>,
    );
    expect(screen.getByText("conteúdo")).toBeInTheDocument();
  });
});
