import { screen } from "@testing-library/react";

import { renderWithProviders, stubApi } from "../../test/render";
import { LEGAL_UPDATED_AT } from "./dates";
import PrivacyPage, { RETENTION } from "./PrivacyPage";
import TermsPage from "./TermsPage";

describe("PrivacyPage", () => {
  it("renders without a session: controller, AI provider, retention table, rights, essential cookies", () => {
    const { calls } = stubApi({});
    renderWithProviders(<PrivacyPage />, { route: "/privacidade", user: null });
    expect(screen.getByRole("heading", { level: 1, name: "Aviso de privacidade" })).toBeInTheDocument();
    expect(screen.getByText(`Atualizado em ${LEGAL_UPDATED_AT}.`)).toBeInTheDocument();
    for (const name of [/Quem é o controlador/, /modelo de inteligência artificial/, /Por quanto tempo/, /Seus direitos/, /Cookies/, /Encarregado/]) {
      expect(screen.getByRole("heading", { level: 2, name })).toBeInTheDocument();
    }
    expect(screen.getByText(/organização pública que\s+usa o sistema/)).toBeInTheDocument();
    const table = screen.getByRole("table");
    expect(table.querySelectorAll("tbody tr")).toHaveLength(RETENTION.length);
    expect(screen.getByText(/90 dias após a geração/)).toBeInTheDocument();
    expect(screen.getByText("etp_refresh")).toBeInTheDocument();
    expect(screen.getByText("etp_csrf")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Meus dados" })).toHaveAttribute("href", "/conta");
    expect(calls).toHaveLength(0); // a static page: nothing is asked of the API
  });
});

describe("TermsPage", () => {
  it("renders without a session and says AI drafts must be reviewed and signed by the servant", () => {
    stubApi({});
    renderWithProviders(<TermsPage />, { route: "/termos", user: null });
    expect(screen.getByRole("heading", { level: 1, name: "Termos de uso" })).toBeInTheDocument();
    expect(screen.getByText(/Todo texto deve ser lido, conferido e ajustado/)).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 2, name: /Uso aceitável/ })).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 2, name: /Disponibilidade/ })).toBeInTheDocument();
    expect(screen.getAllByRole("link", { name: "Aviso de privacidade" })[0]).toHaveAttribute("href", "/privacidade");
  });
});
