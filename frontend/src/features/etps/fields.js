import { TEMPLATE_OPTIONS } from "./labels";
import { formatDate, formatDecimal, formatMoney, parseDateInput, parseDecimalInput } from "../../lib/format";
export { TEMPLATE_LABELS, TEMPLATE_OPTIONS } from "./labels";
export const STEPS = [
    { number: 1, title: "Tipo de contratação" },
    { number: 2, title: "Identificação" },
    { number: 3, title: "Quantidades e valores" },
    { number: 4, title: "Necessidade e riscos" },
    { number: 5, title: "Dados específicos" },
];
export function fieldId(name) {
    return `campo-${name.replace(/\./g, "-")}`;
}
function def(name, label, step, kind, extra = {}) {
    return { name, label, step, kind, id: fieldId(name), ...extra };
}
const MONEY_HINT = "Em reais, por exemplo R$ 1.234,56.";
/** Every ETP field the forms edit, in form order. */
export const FIELDS = [
    def("template_type", "Tipo de contratação", 1, "choice", { choices: TEMPLATE_OPTIONS, required: true }),
    def("title", "Título", 2, "text", { required: true, maxLength: 300, hint: "Um nome curto para encontrar o ETP na lista." }),
    def("objeto", "Objeto", 2, "longtext", { required: true, hint: "O que será contratado." }),
    def("numero_processo", "Número do processo", 2, "text", { maxLength: 60 }),
    def("uasg", "UASG", 2, "text", { hint: "Unidade Administrativa de Serviços Gerais: 6 dígitos.", maxLength: 6 }),
    def("orgao", "Órgão ou entidade", 2, "text", { maxLength: 300 }),
    def("unidade_requisitante", "Unidade requisitante", 2, "text", { maxLength: 300 }),
    def("responsavel_tecnico.nome", "Nome do responsável técnico", 2, "text", { maxLength: 200, group: "Responsável técnico" }),
    def("responsavel_tecnico.matricula", "Matrícula do responsável técnico", 2, "text", { maxLength: 60, group: "Responsável técnico" }),
    def("data_elaboracao", "Data de elaboração", 2, "date", { hint: "dd/mm/aaaa" }),
    def("quantidade_estimada", "Quantidade estimada", 3, "quantity", { hint: "Até 4 casas decimais, por exemplo 1.250 ou 10,5." }),
    def("unidade_medida", "Unidade de medida", 3, "text", { maxLength: 60, hint: "Por exemplo: unidade, posto, m², mês." }),
    def("valor_unitario", "Valor unitário", 3, "money", { hint: MONEY_HINT }),
    def("periodicidade_preco", "Periodicidade do preço unitário", 3, "choice", {
        choices: [
            { value: "unico", label: "Pagamento único" },
            { value: "mensal", label: "Mensal" },
            { value: "anual", label: "Anual" },
        ],
        hint: "O total estimado é o valor unitário × a quantidade × o número de períodos.",
    }),
    def("numero_periodos", "Número de períodos", 3, "integer", { hint: "Meses ou anos que o preço unitário cobre. Em branco: calculado pela vigência ou pelo prazo." }),
    def("valor_estimado", "Valor total estimado", 3, "money", { hint: MONEY_HINT }),
    def("prazo_execucao_dias", "Prazo de execução (dias)", 3, "integer"),
    def("dotacao_orcamentaria", "Dotação orçamentária", 3, "text", { maxLength: 300 }),
    def("descricao_necessidade", "Descrição da necessidade", 4, "longtext", { hint: "O problema a resolver, do ponto de vista do interesse público." }),
    def("requisitos", "Requisitos", 4, "longtext"),
    def("riscos", "Riscos", 4, "longtext"),
    def("nivel_risco", "Nível de risco", 4, "choice", {
        choices: [
            { value: "baixo", label: "Baixo" },
            { value: "medio", label: "Médio" },
            { value: "alto", label: "Alto" },
        ],
    }),
];
export const FIELD_BY_NAME = Object.fromEntries(FIELDS.map((f) => [f.name, f]));
export function fieldsOfStep(step) {
    return FIELDS.filter((f) => f.step === step);
}
// ---- the type-specific fields (campos), from the template's definitions ----
export function campoName(name) {
    return `campos.${name}`;
}
/** "entrega_parcelada" → "Entrega parcelada" (the API gives the codes only). */
/** The API's label of an enum choice (`choice_labels`), else the code made readable. */
export function choiceLabel(code, labels) {
    const label = labels?.[code];
    if (label)
        return label.charAt(0).toUpperCase() + label.slice(1);
    const text = code.replace(/_/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/** The field references the ErrorSummary needs: every ETP field plus the template's. */
export function summaryFields(templateFields) {
    const refs = {};
    for (const f of FIELDS)
        refs[f.name] = { label: f.label, id: f.id };
    refs["responsavel_tecnico"] = { label: "Responsável técnico", id: fieldId("responsavel_tecnico.nome") };
    for (const f of templateFields ?? []) {
        if (f.name)
            refs[campoName(f.name)] = { label: f.label ?? f.name, id: fieldId(campoName(f.name)) };
    }
    return refs;
}
/** The wizard step an error of this API field belongs to (null: the whole form). */
export function stepOfError(name) {
    if (name === "campos" || name.startsWith("campos."))
        return 5;
    const field = FIELD_BY_NAME[name] ?? FIELDS.find((f) => f.name.startsWith(`${name}.`));
    return field ? field.step : null;
}
export function emptyValues(templateType = "") {
    const fields = Object.fromEntries(FIELDS.map((f) => [f.name, ""]));
    fields["template_type"] = templateType;
    fields["periodicidade_preco"] = "unico";
    return { fields, campos: {} };
}
function readPath(etp, name) {
    let value = etp;
    for (const part of name.split(".")) {
        if (!value || typeof value !== "object")
            return undefined;
        value = value[part];
    }
    return value;
}
function displayOf(kind, value) {
    if (value === null || value === undefined)
        return "";
    switch (kind) {
        case "money":
            return formatMoney(String(value));
        case "quantity":
            return formatDecimal(String(value));
        case "date":
            return formatDate(String(value));
        default:
            return String(value);
    }
}
/** A saved ETP as the form shows it. */
export function valuesFromEtp(etp, templateFields) {
    const fields = {};
    for (const f of FIELDS)
        fields[f.name] = displayOf(f.kind, readPath(etp, f.name));
    const campos = {};
    const saved = (etp.campos ?? {});
    for (const [name, value] of Object.entries(saved)) {
        const kind = templateFields?.find((f) => f.name === name)?.kind;
        if (value === null || value === undefined)
            campos[name] = "";
        else if (kind === "decimal")
            campos[name] = formatDecimal(String(value));
        else if (kind === "date")
            campos[name] = formatDate(String(value));
        else
            campos[name] = String(value);
    }
    return { fields, campos };
}
export const UNREADABLE_MONEY = "Valor não reconhecido: digite como R$ 1.234,56.";
export const UNREADABLE_DECIMAL = "Número não reconhecido: use vírgula para os decimais, por exemplo 10,5.";
export const UNREADABLE_INTEGER = "Digite um número inteiro, sem pontos nem vírgulas.";
export const UNREADABLE_DATE = "Data não reconhecida: use dd/mm/aaaa.";
export const REQUIRED = "Campo obrigatório.";
/** One typed value → its API value, or the reason it cannot be read. Empty text → null. */
export function parseField(kind, text) {
    const trimmed = text.trim();
    if (!trimmed)
        return { value: null };
    switch (kind) {
        case "money": {
            const value = parseDecimalInput(trimmed);
            return value === null ? { error: UNREADABLE_MONEY } : { value };
        }
        case "quantity": {
            const value = parseDecimalInput(trimmed);
            return value === null ? { error: UNREADABLE_DECIMAL } : { value };
        }
        case "integer":
            return /^\d+$/.test(trimmed) ? { value: Number(trimmed) } : { error: UNREADABLE_INTEGER };
        case "date": {
            const value = parseDateInput(trimmed);
            return value === null ? { error: UNREADABLE_DATE } : { value };
        }
        case "longtext":
            return { value: text };
        default:
            return { value: trimmed };
    }
}
/** The template's field kinds read as the ETP's own (`boolean` aside: a Sim/Não choice). */
const CAMPO_KINDS = {
    decimal: "quantity",
    integer: "integer",
    date: "date",
    text: "longtext",
};
export function parseCampo(kind, text) {
    if (kind === "boolean")
        return text.trim() ? { value: text.trim() === "true" } : { value: null };
    return parseField((kind && CAMPO_KINDS[kind]) ?? "text", text);
}
/** The errors the client can know for the fields of one step (or all steps): required, unreadable. */
export function clientErrors(values, templateFields, step) {
    const errors = {};
    for (const f of FIELDS) {
        if (step !== "all" && f.step !== step)
            continue;
        const text = values.fields[f.name] ?? "";
        if (f.required && !text.trim()) {
            errors[f.name] = [f.name === "template_type" ? "Escolha o tipo de contratação." : REQUIRED];
            continue;
        }
        const parsed = parseField(f.kind, text);
        if ("error" in parsed)
            errors[f.name] = [parsed.error];
    }
    if (step === "all" || step === 5) {
        for (const f of templateFields ?? []) {
            if (!f.name)
                continue;
            const parsed = parseCampo(f.kind, values.campos[f.name] ?? "");
            if ("error" in parsed)
                errors[campoName(f.name)] = [parsed.error];
        }
    }
    return errors;
}
function campoValues(values, templateFields) {
    const campos = {};
    for (const f of templateFields ?? []) {
        if (!f.name)
            continue;
        const parsed = parseCampo(f.kind, values.campos[f.name] ?? "");
        if ("value" in parsed && parsed.value !== null)
            campos[f.name] = parsed.value;
    }
    return campos;
}
function setPath(body, name, value) {
    const [head, part] = name.split(".");
    if (!head)
        return;
    if (part) {
        const object = body[head] ?? {};
        object[part] = value;
        body[head] = object;
    }
    else {
        body[head] = value;
    }
}
/** The POST body: every filled field (empty ones left out), campos from the template's fields. */
export function createBody(values, templateFields) {
    const body = {};
    for (const f of FIELDS) {
        const parsed = parseField(f.kind, values.fields[f.name] ?? "");
        if ("value" in parsed && parsed.value !== null)
            setPath(body, f.name, parsed.value);
    }
    const campos = campoValues(values, templateFields);
    if (Object.keys(campos).length)
        body["campos"] = campos;
    return body;
}
/** The names (ETP field names, and "campos") whose typed value differs between two form states. */
export function changedFields(base, current) {
    const changed = FIELDS.filter((f) => (base.fields[f.name] ?? "") !== (current.fields[f.name] ?? "")).map((f) => f.name);
    const keys = new Set([...Object.keys(base.campos), ...Object.keys(current.campos)]);
    if ([...keys].some((k) => (base.campos[k] ?? "") !== (current.campos[k] ?? "")))
        changed.push("campos");
    return changed;
}
/** The PATCH body: only the named fields (empty → null; both parts of a person; campos whole). */
export function updateBody(values, templateFields, names) {
    const body = {};
    for (const name of names) {
        if (name === "campos") {
            body["campos"] = campoValues(values, templateFields);
            continue;
        }
        const related = name.includes(".") ? FIELDS.filter((f) => f.name.startsWith(`${name.split(".")[0]}.`)) : [FIELD_BY_NAME[name]];
        for (const f of related) {
            if (!f)
                continue;
            const parsed = parseField(f.kind, values.fields[f.name] ?? "");
            setPath(body, f.name, "value" in parsed ? (f.name === "periodicidade_preco" && parsed.value === null ? "unico" : parsed.value) : null);
        }
    }
    return body;
}
/** Display text of one field for the conflict comparison. */
export function fieldText(values, name, templateFields) {
    if (name === "campos") {
        return (templateFields ?? [])
            .filter((f) => f.name && (values.campos[f.name] ?? "") !== "")
            .map((f) => `${f.label ?? f.name}: ${campoDisplay(f, values.campos[f.name ?? ""] ?? "")}`)
            .join("; ");
    }
    const f = FIELD_BY_NAME[name];
    const text = values.fields[name] ?? "";
    if (f?.kind === "choice")
        return f.choices?.find((c) => c.value === text)?.label ?? text;
    return text;
}
function campoDisplay(f, text) {
    if (f.kind === "boolean")
        return text === "true" ? "Sim" : "Não";
    if (f.kind === "enum")
        return choiceLabel(text, f.choice_labels);
    return text;
}
