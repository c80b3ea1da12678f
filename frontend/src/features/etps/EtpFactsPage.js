import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
// /etps/:etpId/dados (inside the ETP workspace): the ETP's facts in one form, saved by PATCH with
// If-Match. A 412 shows the other version's values beside these for the fields that differ, and lets
// the person keep either; a 422 lands on the fields with the error summary; approved or archived ETPs
// are read-only (the API answers 409).
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useParams } from "react-router";
import { ApiError, messageOf } from "../../api/errors";
import { keys, useEtp, useTemplate } from "../../api/queries";
import { ErrorSummary } from "../../components/ErrorSummary";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { ETP_STATUS } from "../../components/StatusTag";
import { usePageTitle } from "../../components/usePageTitle";
import { formatTime } from "../../lib/format";
import { afterSave, fetchEtp, updateEtp } from "./api";
import { EtpFields } from "./EtpFields";
import { changedFields, clientErrors, FIELD_BY_NAME, fieldsOfStep, fieldText, STEPS, summaryFields, updateBody, valuesFromEtp } from "./fields";
import { TemplateFields } from "./TemplateFields";
import "./etp-forms.css";
const READ_ONLY_STATUSES = new Set(["approved", "archived"]);
export default function EtpFactsPage() {
    usePageTitle("Dados do ETP");
    const { etpId = "" } = useParams();
    const query = useEtp(etpId);
    const savedType = query.data?.etp.template_type;
    const savedTemplate = useTemplate(savedType);
    return (_jsxs("div", { className: "etp-facts", children: [_jsx("h1", { children: "Dados do ETP" }), query.isPending || (savedType && savedTemplate.isPending) ? (_jsx(Loading, { label: "Carregando os dados do ETP\u2026" })) : query.isError ? (_jsx(Message, { kind: "danger", title: "N\u00E3o foi poss\u00EDvel carregar o ETP", children: messageOf(query.error) })) : (_jsx(FactsForm, { etpId: etpId, etp: query.data.etp, etag: query.data.etag ?? query.data.etp.etag ?? "", savedTemplateFields: savedTemplate.data?.fields ?? [] }))] }));
}
function FactsForm({ etpId, etp, etag, savedTemplateFields }) {
    const queryClient = useQueryClient();
    const [editing, setEditing] = useState(() => {
        const initial = valuesFromEtp(etp, savedTemplateFields);
        return { base: initial, values: initial, etag, version: etp.version ?? 0 };
    });
    const [errors, setErrors] = useState({});
    const [message, setMessage] = useState(null);
    const [notice, setNotice] = useState(null);
    const [conflict, setConflict] = useState(null);
    const [saving, setSaving] = useState(false);
    const type = (editing.values.fields["template_type"] || etp.template_type);
    const template = useTemplate(type);
    const templateFields = template.data?.fields ?? (type === etp.template_type ? savedTemplateFields : undefined);
    const refs = useMemo(() => summaryFields(templateFields), [templateFields]);
    const readOnly = READ_ONLY_STATUSES.has(etp.status ?? "");
    const changed = changedFields(editing.base, editing.values);
    // A newer version from the server (a refetch) replaces the form only while nothing is typed here.
    useEffect(() => {
        setEditing((current) => {
            if ((etp.version ?? 0) <= current.version || changedFields(current.base, current.values).length)
                return current;
            const fresh = valuesFromEtp(etp, savedTemplateFields);
            return { base: fresh, values: fresh, etag, version: etp.version ?? 0 };
        });
    }, [etp, etag, savedTemplateFields]);
    const setField = (name, value) => {
        setNotice(null);
        setEditing((current) => {
            const values = { fields: { ...current.values.fields, [name]: value }, campos: current.values.campos };
            if (name === "template_type" && value !== current.values.fields["template_type"])
                values.campos = {};
            return { ...current, values };
        });
    };
    const setCampo = (name, value) => {
        setNotice(null);
        setEditing((current) => ({ ...current, values: { fields: current.values.fields, campos: { ...current.values.campos, [name]: value } } }));
    };
    const adopt = (saved) => {
        const fresh = valuesFromEtp(saved.etp, templateFields);
        setEditing({ base: fresh, values: fresh, etag: saved.etag ?? saved.etp.etag ?? "", version: saved.etp.version ?? 0 });
    };
    const save = async (values, names, ifMatch) => {
        setSaving(true);
        setMessage(null);
        try {
            const saved = await updateEtp(etpId, ifMatch, updateBody(values, templateFields, names));
            adopt(saved);
            setConflict(null);
            setErrors({});
            setNotice(`Dados salvos às ${formatTime(new Date())}.`);
            await afterSave(queryClient, etpId, saved);
        }
        catch (error) {
            if (error instanceof ApiError && error.status === 412) {
                await showConflict(values, names);
            }
            else if (error instanceof ApiError && error.status === 422) {
                setErrors(error.fieldErrors);
                setMessage(error.message);
            }
            else {
                setErrors({});
                setMessage(messageOf(error));
                if (error instanceof ApiError && error.status === 409)
                    void queryClient.invalidateQueries({ queryKey: keys.etp(etpId) });
            }
        }
        finally {
            setSaving(false);
        }
    };
    const showConflict = async (mine, names) => {
        try {
            const fresh = await fetchEtp(etpId);
            const theirs = valuesFromEtp(fresh.etp, templateFields);
            const rows = names
                .map((name) => ({ name, label: name === "campos" ? "Dados específicos" : (FIELD_BY_NAME[name]?.label ?? name), mine: fieldText(mine, name, templateFields), theirs: fieldText(theirs, name, templateFields) }))
                .filter((row) => row.mine !== row.theirs);
            setConflict({ theirs, etag: fresh.etag ?? fresh.etp.etag ?? "", etp: fresh.etp, rows });
            setErrors({});
        }
        catch (error) {
            setMessage(messageOf(error));
        }
    };
    const onSubmit = (event) => {
        event.preventDefault();
        if (readOnly || saving)
            return;
        const found = clientErrors(editing.values, templateFields, "all");
        setErrors(found);
        if (Object.keys(found).length) {
            setMessage(null);
            return;
        }
        if (!changed.length) {
            setNotice("Nada mudou desde o último salvamento.");
            return;
        }
        void save(editing.values, changed, editing.etag);
    };
    const keepMine = () => {
        if (!conflict)
            return;
        // their version is the new base: only the fields changed here are written over it
        const names = changedFields(editing.base, editing.values);
        void save(editing.values, names, conflict.etag);
    };
    const keepTheirs = () => {
        if (!conflict)
            return;
        setEditing({ base: conflict.theirs, values: conflict.theirs, etag: conflict.etag, version: conflict.etp.version ?? 0 });
        queryClient.setQueryData(keys.etp(etpId), { etp: conflict.etp, etag: conflict.etag });
        void queryClient.invalidateQueries({ queryKey: keys.etpLists });
        setConflict(null);
        setNotice("Os dados salvos por outra pessoa estão no formulário.");
    };
    const status = ETP_STATUS[etp.status ?? "draft"];
    return (_jsxs(_Fragment, { children: [readOnly ? (_jsxs(Message, { kind: "info", title: `ETP ${status.label.toLowerCase()}`, children: ["Este ETP est\u00E1 ", status.label.toLowerCase(), " e \u00E9 somente leitura: os dados n\u00E3o podem ser alterados. Para alter\u00E1-los, ele precisa ser reaberto (voltar a \u201CEm elabora\u00E7\u00E3o\u201D)."] })) : null, _jsx(ErrorSummary, { message: message, errors: errors, fields: refs }), conflict ? (_jsx("div", { className: "br-message warning etp-conflict", role: "alert", "aria-labelledby": "conflito-titulo", children: _jsxs("div", { className: "content", children: [_jsx("h2", { id: "conflito-titulo", className: "etp-error-summary__title", children: "Outra pessoa salvou este ETP antes de voc\u00EA" }), _jsxs("p", { children: ["Seus dados n\u00E3o foram salvos, e nada do que voc\u00EA digitou foi perdido.", conflict.rows.length ? " Compare os campos que diferem e escolha qual versão manter." : " A outra pessoa alterou campos que você não mudou: salvar os seus dados mantém as alterações dela nesses campos."] }), conflict.rows.length ? (_jsxs("table", { children: [_jsx("caption", { className: "visually-hidden", children: "Campos que diferem entre os seus dados e os dados salvos" }), _jsx("thead", { children: _jsxs("tr", { children: [_jsx("th", { scope: "col", children: "Campo" }), _jsx("th", { scope: "col", children: "Seus dados" }), _jsx("th", { scope: "col", children: "Dados salvos" })] }) }), _jsx("tbody", { children: conflict.rows.map((row) => (_jsxs("tr", { children: [_jsx("th", { scope: "row", children: row.label }), _jsx("td", { children: row.mine || "(vazio)" }), _jsx("td", { children: row.theirs || "(vazio)" })] }, row.name))) })] })) : null, _jsxs("div", { className: "etp-actions", children: [_jsxs("button", { className: "br-button primary", type: "button", onClick: keepMine, disabled: saving, children: [_jsx(Icon, { name: "save" }), " Usar os meus dados"] }), _jsxs("button", { className: "br-button secondary", type: "button", onClick: keepTheirs, disabled: saving, children: [_jsx(Icon, { name: "sync" }), " Usar os dados salvos"] })] })] }) })) : null, notice ? _jsx(Message, { kind: "success", title: "Pronto", children: notice }) : null, _jsxs("form", { className: "etp-form etp-facts__form", noValidate: true, onSubmit: onSubmit, "aria-label": "Dados do ETP", children: [_jsx("fieldset", { className: "etp-fieldset", disabled: readOnly, children: STEPS.map((step) => (_jsxs("section", { className: "etp-facts__group", "aria-labelledby": `grupo-${step.number}`, children: [_jsx("h2", { id: `grupo-${step.number}`, children: step.title }), step.number < 5 ? (_jsx(EtpFields, { fields: fieldsOfStep(step.number), values: editing.values.fields, errors: errors, onChange: setField, disabled: readOnly })) : templateFields ? (_jsx(TemplateFields, { fields: templateFields, values: editing.values.campos, errors: errors, onChange: setCampo, disabled: readOnly })) : template.isError ? (_jsx(Message, { kind: "danger", children: messageOf(template.error) })) : (_jsx(Loading, { label: "Carregando os campos do tipo de contrata\u00E7\u00E3o\u2026" }))] }, step.number))) }), readOnly ? null : (_jsxs("div", { className: "etp-actions", children: [_jsxs("button", { className: "br-button primary", type: "submit", disabled: saving || Boolean(conflict), children: [_jsx(Icon, { name: saving ? "spinner" : "save", spin: saving }), " ", saving ? "Salvando…" : "Salvar dados"] }), changed.length ? _jsx("span", { className: "etp-hint", role: "status", children: "H\u00E1 altera\u00E7\u00F5es n\u00E3o salvas." }) : null] }))] })] }));
}
