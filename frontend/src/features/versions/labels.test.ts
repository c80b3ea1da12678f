import { wholeWordDiff } from "../../lib/diff";
import { fieldText, partsOfOps, reasonLook, scopeLabel } from "./labels";

describe("versions labels", () => {
  it("reads an ETP field's stored value as a person does: money, dates, choices, template fields, people", () => {
    expect(fieldText("valor_estimado", "98799.96")).toBe("R$ 98.799,96");
    expect(fieldText("quantidade_estimada", "1250.5")).toBe("1.250,5");
    expect(fieldText("data_elaboracao", "2026-12-03")).toBe("03/12/2026");
    expect(fieldText("nivel_risco", "medio")).toBe("Médio");
    expect(fieldText("template_type", "ti")).toBe("Tecnologia da informação e comunicação");
    expect(fieldText("periodicidade_preco", "mensal")).toBe("Mensal");
    expect(fieldText("campos", { natureza_continuada: true, area_m2: "120.5", vazio: "" }, { natureza_continuada: "Serviço de natureza continuada" })).toBe(
      "Serviço de natureza continuada: Sim\nArea m2: 120.5",
    );
    expect(fieldText("equipe_planejamento", [{ cargo: "Analista", nome: "Ana Lima", papel: "requisitante" }, { nome: "Bruno" }])).toBe("Ana Lima, Analista, requisitante\nBruno");
    expect(fieldText("objeto", null)).toBe("");
    expect(fieldText("prazo_execucao_dias", 30)).toBe("30");
  });

  it("names the reasons and the parts of the ETP, with a fallback for a reason the app does not know yet", () => {
    expect(reasonLook("before_restore").label).toBe("Antes de uma restauração");
    expect(reasonLook("algo_novo").label).toBe("algo_novo");
    expect(scopeLabel("IV")).toBe("Seção IV");
    expect(scopeLabel("fields")).toBe("Dados do ETP");
    expect(scopeLabel(null)).toBeNull();
  });

  it("turns the API's ops into the diff view's parts", () => {
    expect(partsOfOps([{ op: "equal", text: "a " }, { op: "delete", text: "b " }, { op: "insert", text: "c" }])).toEqual([
      { kind: "same", text: "a " },
      { kind: "removed", text: "b " },
      { kind: "added", text: "c" },
    ]);
  });

  it("diffs short values by whole words (a changed amount is one change, not its digits)", () => {
    expect(wholeWordDiff("R$ 1.000,00 por mês", "R$ 2.500,50 por mês")).toEqual([
      { kind: "same", text: "R$ " },
      { kind: "removed", text: "1.000,00 " },
      { kind: "added", text: "2.500,50 " },
      { kind: "same", text: "por mês" },
    ]);
    const parts = wholeWordDiff("um dois três", "um três quatro");
    expect(parts.filter((p) => p.kind !== "added").map((p) => p.text).join("")).toBe("um dois três");
    expect(parts.filter((p) => p.kind !== "removed").map((p) => p.text).join("")).toBe("um três quatro");
    expect(wholeWordDiff("", "novo texto")).toEqual([{ kind: "added", text: "novo texto" }]);
  });
});
