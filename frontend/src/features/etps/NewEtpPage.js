import { jsxs as _jsxs, Fragment as _Fragment, jsx as _jsx } from "react/jsx-runtime";
// /etps/novo: the new-ETP wizard — 1. contract type, 2. identification, 3. quantities and values,
// 4. need and risks, 5. the type-specific fields from the template. Back/next keep the values; "next"
// checks only what the client can know; the API's 422 lands on each field (jumping to its step) with
// the error summary at the top linking to every field.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { ApiError, messageOf } from "../../api/errors";
import { keys, useTemplate, useTemplates } from "../../api/queries";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { createEtp } from "./api";
import { EtpFields, RadioGroup } from "./EtpFields";
import { clientErrors, createBody, emptyValues, FIELD_BY_NAME, fieldsOfStep, STEPS, stepOfError, summaryFields } from "./fields";
import { TemplateFields } from "./TemplateFields";
import "./etp-forms.css";
const LAST_STEP = 5;
function earliestStep(errors) {
    const steps = Object.keys(errors).map(stepOfError).filter((s) => s !== null);
    return steps.length ? Math.min(...steps) : null;
}
/** What a template adds, from its description and its fields' labels. */
function templateDescription(template) {
    const labels = (template.fields ?? []).map((f) => f.label ?? f.name ?? "");
    const shown = labels.slice(0, 5).join(", ");
    const more = labels.length > 5 ? ` e mais ${labels.length - 5}` : "";
    return (_jsxs(_Fragment, { children: [template.description, labels.length ? _jsxs("span", { className: "etp-radio-card__description", children: ["Campos pr\u00F3prios: ", shown, more, "."] }) : null] }));
}
export default function NewEtpPage() {
    usePageTitle("Novo ETP");
    const navigate = useNavigate();
    const queryClient = useQueryClient();
    const templates = useTemplates();
    const [step, setStep] = useState(1);
    const [values, setValues] = useState(() => emptyValues());
    const [errors, setErrors] = useState({});
    const [message, setMessage] = useState(null);
    const [submitting, setSubmitting] = useState(false);
    const [pendingFocus, setPendingFocus] = useState(null);
    const headingRef = useRef(null);
    const firstRender = useRef(true);
    const type = (values.fields["template_type"] || null);
    const template = useTemplate(type);
    const summary = templates.data?.find((t) => t.type === type);
    const templateFields = template.data?.fields ?? summary?.fields;
    const refs = useMemo(() => summaryFields(templateFields), [templateFields]);
    const hasErrors = Boolean(message) || Object.keys(errors).length > 0;
    // A new step: focus its heading (unless the error summary took the focus, or a link asked for a field).
    useEffect(() => {
        if (firstRender.current) {
            firstRender.current = false;
            return;
        }
        if (pendingFocus) {
            document.getElementById(pendingFocus)?.focus();
            setPendingFocus(null);
        }
        else if (!hasErrors) {
            headingRef.current?.focus();
        }
        // only when the step (or the asked field) changes: hasErrors is read, not a trigger
    }, [step, pendingFocus]);
    const setField = (name, value) => {
        setValues((current) => {
            const next = { fields: { ...current.fields, [name]: value }, campos: current.campos };
            if (name === "template_type" && value !== current.fields["template_type"])
                next.campos = {};
            return next;
        });
    };
    const setCampo = (name, value) => setValues((current) => ({ fields: current.fields, campos: { ...current.campos, [name]: value } }));
    const goTo = (target) => setStep(target);
    const next = () => {
        const found = clientErrors(values, templateFields, step);
        const others = Object.fromEntries(Object.entries(errors).filter(([name]) => stepOfError(name) !== step));
        if (Object.keys(found).length) {
            setMessage(null);
            setErrors({ ...others, ...found });
            return;
        }
        setErrors(others);
        if (!Object.keys(others).length)
            setMessage(null);
        goTo((step + 1));
    };
    const submit = async () => {
        const found = clientErrors(values, templateFields, "all");
        if (Object.keys(found).length) {
            setMessage(null);
            setErrors(found);
            goTo(earliestStep(found) ?? step);
            return;
        }
        setSubmitting(true);
        try {
            const created = await createEtp(createBody(values, templateFields));
            await queryClient.invalidateQueries({ queryKey: keys.etpLists });
            if (created.id)
                queryClient.setQueryData(keys.etp(created.id), { etp: created, etag: created.etag ?? null });
            navigate(`/etps/${created.id ?? ""}`, { replace: true });
        }
        catch (error) {
            setSubmitting(false);
            if (error instanceof ApiError && error.status === 422 && Object.keys(error.fieldErrors).length) {
                setErrors(error.fieldErrors);
                setMessage(error.message);
                goTo(earliestStep(error.fieldErrors) ?? step);
            }
            else {
                setErrors({});
                setMessage(messageOf(error));
            }
        }
    };
    const onSubmit = (event) => {
        event.preventDefault();
        if (step < LAST_STEP)
            next();
        else
            void submit();
    };
    // A summary link to a field of another step: show that step, then focus the field.
    const onSummaryClick = (event) => {
        const anchor = event.target.closest("a");
        const id = anchor?.getAttribute("href")?.replace(/^#/, "");
        if (!id || document.getElementById(id))
            return;
        const name = Object.entries(refs).find(([, ref]) => ref.id === id)?.[0];
        const target = name ? stepOfError(name) : null;
        if (target && target !== step) {
            setStep(target);
            setPendingFocus(id);
        }
    };
    const current = STEPS[step - 1] ?? STEPS[0];
    return (_jsxs("div", { className: "etp-wizard", children: [_jsx("h1", { children: "Novo ETP" }), _jsx("ol", { className: "etp-steps", "aria-label": "Etapas do cadastro", children: STEPS.map((s) => (_jsxs("li", { className: s.number < step ? "is-done" : undefined, "aria-current": s.number === step ? "step" : undefined, children: [_jsx("span", { className: "etp-steps__number", "aria-hidden": "true", children: s.number < step ? _jsx(Icon, { name: "check" }) : s.number }), _jsxs("span", { children: [s.title, s.number < step ? _jsx("span", { className: "visually-hidden", children: " (conclu\u00EDda)" }) : null] })] }, s.number))) }), _jsx("div", { onClickCapture: onSummaryClick, children: _jsx(ErrorSummary, { message: message, errors: errors, fields: refs }) }), _jsxs("form", { className: "etp-form etp-wizard__form", noValidate: true, onSubmit: onSubmit, "aria-labelledby": "etapa-titulo", children: [_jsxs("section", { className: "etp-wizard__panel", children: [_jsxs("h2", { id: "etapa-titulo", ref: headingRef, tabIndex: -1, children: ["Etapa ", step, " de ", STEPS.length, ": ", current?.title] }), step === 1 ? (templates.isPending ? (_jsx(Loading, { label: "Carregando os tipos de contrata\u00E7\u00E3o\u2026" })) : templates.isError ? (_jsx(Message, { kind: "danger", children: messageOf(templates.error) })) : (_jsx(RadioGroup, { id: FIELD_BY_NAME["template_type"]?.id ?? "campo-template_type", legend: "Tipo de contrata\u00E7\u00E3o", name: "template_type", required: true, hint: "O tipo decide os campos espec\u00EDficos e a orienta\u00E7\u00E3o de reda\u00E7\u00E3o de cada se\u00E7\u00E3o.", value: values.fields["template_type"] ?? "", error: errors["template_type"], onChange: (value) => setField("template_type", value), options: (templates.data ?? []).map((t) => ({ value: t.type ?? "", label: t.name ?? t.type ?? "", description: templateDescription(t) })) }))) : null, step >= 2 && step <= 4 ? _jsx(EtpFields, { fields: fieldsOfStep(step), values: values.fields, errors: errors, onChange: setField }) : null, step === 5 ? (templateFields ? (_jsxs(_Fragment, { children: [_jsxs("p", { children: ["Campos pr\u00F3prios de ", summary?.name ?? template.data?.name ?? "este tipo de contratação", ". Preencha o que j\u00E1 souber: tudo pode ser completado depois."] }), _jsx(TemplateFields, { fields: templateFields, values: values.campos, errors: errors, onChange: setCampo })] })) : template.isError ? (_jsx(Message, { kind: "danger", children: messageOf(template.error) })) : (_jsx(Loading, { label: "Carregando os campos do tipo de contrata\u00E7\u00E3o\u2026" }))) : null] }), _jsxs("div", { className: "etp-actions", children: [step > 1 ? (_jsxs("button", { className: "br-button secondary", type: "button", onClick: () => goTo((step - 1)), children: [_jsx(Icon, { name: "chevron-left" }), " Voltar"] })) : null, step < LAST_STEP ? (_jsxs("button", { className: "br-button primary", type: "submit", children: ["Pr\u00F3xima etapa ", _jsx(Icon, { name: "chevron-right" })] })) : (_jsxs("button", { className: "br-button primary", type: "submit", disabled: submitting, children: [_jsx(Icon, { name: submitting ? "spinner" : "check", spin: submitting }), " ", submitting ? "Criando o ETP…" : "Criar ETP"] })), _jsx(Link, { className: "br-button tertiary", to: "/etps", children: "Cancelar" })] })] })] }));
}
