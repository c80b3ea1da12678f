export const TEMPLATE_LABELS = {
    bens: "Bens e materiais",
    servicos: "Serviços",
    obras: "Obras e serviços de engenharia",
    ti: "Tecnologia da informação e comunicação",
};
export const TEMPLATE_OPTIONS = Object.keys(TEMPLATE_LABELS).map((value) => ({ value, label: TEMPLATE_LABELS[value] }));
