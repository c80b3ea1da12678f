import { fireEvent, render, screen, within } from "@testing-library/react";

import type { QualityReport } from "../../api/types";
import { derivationLabel, explanation, fieldLabel, valuesOf } from "./valueSources";
import { ValueSources } from "./ValueSources";

const VALUES = [
  { text: "R$ 540.000,00", kind: "money", status: "grounded", source: "valor_estimado" },
  { text: "R$ 6.000,00", kind: "money", status: "derived", derived: "quantidade_estimada × valor_unitario" },
  { text: "12 meses", kind: "duration", status: "grounded", source: "section IV" },
  { text: "40 postos", kind: "count", status: "ai_only", source: "section IV" },
  { text: "15%", kind: "percentage", status: "unsupported" },
  { text: "1.200 m²", kind: "area", status: "grounded", source: "campos.area_m2" },
  { text: "30 dias", kind: "duration", status: "grounded", source: "instruções" },
];

const report = (values: unknown): QualityReport => ({ score: 80, warnings: [], values } as unknown as QualityReport);

describe("ValueSources", () => {
  it("lists each number with its source in words, the ones without source first, by text and icon", () => {
    render(<ValueSources report={report(VALUES)} campoLabels={{ area_m2: "Área construída (m²)" }} />);
    const summary = screen.getByText("De onde vêm os números");
    expect(summary.closest("summary")).toHaveTextContent("(7 números reconhecidos, 2 sem fonte nos dados do ETP)");
    const details = summary.closest("details");
    expect(details).not.toHaveAttribute("open"); // compact: closed until asked
    fireEvent.click(summary);

    const items = within(screen.getByRole("list")).getAllByRole("listitem");
    expect(items.map((item) => item.querySelector("strong")?.textContent)).toEqual([
      "40 postos",
      "15%",
      "R$ 540.000,00",
      "R$ 6.000,00",
      "12 meses",
      "1.200 m²",
      "30 dias",
    ]);
    // flagged: words, not colour, say it, and an icon sits beside them
    expect(items[0]).toHaveTextContent("40 postos (quantidade) Sem fonte nos dados do ETP. Aparece apenas no rascunho da IA da Seção IV");
    expect(items[1]).toHaveTextContent("15% (percentual) Sem fonte nos dados do ETP. Confirme o número");
    for (const item of items.slice(0, 2)) expect(item.querySelector("i.fas[aria-hidden='true']")).not.toBeNull();
    // trusted: where from, with the labels the ETP's forms use
    expect(items[2]).toHaveTextContent("Com fonte. Consta dos dados do ETP (Valor total estimado).");
    expect(items[3]).toHaveTextContent("Calculado. Resulta dos dados do ETP: Quantidade estimada × Valor unitário.");
    expect(items[4]).toHaveTextContent("Consta do texto da Seção IV.");
    expect(items[5]).toHaveTextContent("Consta dos dados do ETP (Área construída (m²)).");
    expect(items[6]).toHaveTextContent("Consta das instruções do pedido de redação.");
  });

  it("shows nothing for reports stored before values existed, or with nothing readable", () => {
    const { container, rerender } = render(<ValueSources report={report(undefined)} />);
    expect(container).toBeEmptyDOMElement();
    rerender(<ValueSources report={report([])} />);
    expect(container).toBeEmptyDOMElement();
    rerender(<ValueSources report={report("x")} />);
    expect(container).toBeEmptyDOMElement();
    rerender(<ValueSources report={null} />);
    expect(container).toBeEmptyDOMElement();
    rerender(<ValueSources report={report([{ text: "", status: "grounded" }, { text: "R$ 1,00", status: "nova" }, null, 3])} />);
    expect(container).toBeEmptyDOMElement();
  });

  it("does not count a summary of flagged values when every value has a source", () => {
    render(<ValueSources report={report([VALUES[0]])} />);
    expect(screen.getByText("De onde vêm os números").closest("summary")).toHaveTextContent("(1 número reconhecido)");
  });
});

describe("valueSources", () => {
  it("keeps the readable entries of a report and drops the rest", () => {
    expect(valuesOf(report([VALUES[0], { text: "x" }, { text: "R$ 2,00", status: "unsupported", source: 7 }]))).toEqual([
      { text: "R$ 540.000,00", kind: "money", status: "grounded", source: "valor_estimado", derived: undefined },
      { text: "R$ 2,00", kind: undefined, status: "unsupported", source: undefined, derived: undefined },
    ]);
  });

  it("names fields as the forms do, falling back to readable words", () => {
    expect(fieldLabel("valor_unitario")).toBe("Valor unitário");
    expect(fieldLabel("responsavel_tecnico.nome")).toBe("Nome do responsável técnico");
    expect(fieldLabel("campos.postos")).toBe("Postos");
    expect(fieldLabel("campos.postos", { postos: "Número de postos" })).toBe("Número de postos");
    expect(derivationLabel("valor_estimado ÷ 12 meses")).toBe("Valor total estimado ÷ 12 meses");
  });

  it("explains a value seen only in an AI draft without a section", () => {
    expect(explanation({ text: "9", status: "ai_only" })).toContain("em outro rascunho da IA");
    expect(explanation({ text: "9", status: "derived" })).toBe("Resulta de um cálculo com os dados do ETP.");
    expect(explanation({ text: "9", status: "grounded" })).toBe("Consta dos dados do ETP.");
  });

  it("names the article of law that fixes one of the law's own figures", () => {
    expect(explanation({ text: "5%", status: "grounded", source: "Lei 14.133/2021, art. 98" })).toBe(
      "Consta da Lei 14.133/2021, art. 98, que fixa esse número.",
    );
  });
});
