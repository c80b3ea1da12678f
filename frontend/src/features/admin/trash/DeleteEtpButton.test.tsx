import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useLocation } from "react-router";

import { renderWithProviders, stubApi } from "../../../test/render";
import { DeleteEtpButton } from "./DeleteEtpButton";

configure({ asyncUtilTimeout: 5000 });

const ETP_ID = "0b9d3c1e-0000-4000-8000-000000000001";

function Where() {
  return <output data-testid="where">{useLocation().pathname}</output>;
}

describe("DeleteEtpButton", { timeout: 20_000 }, () => {
  it("says the ETP goes to the trash for the API's retention, and deletes only after the confirmation", async () => {
    const { calls } = stubApi({
      "GET /api/v1/trash/policy": () => ({ body: { retention_days: 45, can_manage: false } }),
      "DELETE /api/v1/etps/:id": () => ({ status: 204 }),
    });
    renderWithProviders(
      <>
        <DeleteEtpButton etpId={ETP_ID} title="Limpeza predial da sede" />
        <Where />
      </>,
      { route: `/etps/${ETP_ID}/dados` },
    );
    await userEvent.click(screen.getByRole("button", { name: /Excluir ETP/ }));
    const dialog = await screen.findByRole("dialog", { name: "Excluir o ETP?" });
    await waitFor(() => expect(dialog).toHaveTextContent("vai para a lixeira da organização por 45 dias"));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: /Mover para a lixeira/ }));
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent("/etps"));
    expect(calls.some((c) => c.method === "DELETE" && new URL(c.url).pathname === `/api/v1/etps/${ETP_ID}`)).toBe(true);
  });

  it("keeps the dialog open with the API's message when the delete is refused", async () => {
    stubApi({
      "GET /api/v1/trash/policy": () => ({ body: { retention_days: 30, can_manage: false } }),
      "DELETE /api/v1/etps/:id": () => ({ status: 409, body: { code: 409, status: "Conflict", message: "ETP aprovado não pode ser excluído: arquive em vez de excluir." } }),
    });
    renderWithProviders(<DeleteEtpButton etpId={ETP_ID} title="Limpeza predial da sede" />, { route: `/etps/${ETP_ID}/dados` });
    await userEvent.click(screen.getByRole("button", { name: /Excluir ETP/ }));
    const dialog = await screen.findByRole("dialog", { name: "Excluir o ETP?" });
    await userEvent.click(within(dialog).getByRole("button", { name: /Mover para a lixeira/ }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("arquive em vez de excluir");
  });
});
