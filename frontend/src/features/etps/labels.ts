// The contract types' names, apart from fields.ts so the ETP list (first load) stays small.
import type { TemplateType } from "../../api/types";

export const TEMPLATE_LABELS: Record<TemplateType, string> = {
  bens: "Bens e materiais",
  servicos: "Serviços",
  obras: "Obras e serviços de engenharia",
  ti: "Tecnologia da informação e comunicação",
};

export const TEMPLATE_OPTIONS = (Object.keys(TEMPLATE_LABELS) as TemplateType[]).map((value) => ({ value, label: TEMPLATE_LABELS[value] }));
