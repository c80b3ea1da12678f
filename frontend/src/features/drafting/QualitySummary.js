import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
// The ETP's quality at a glance: the sections whose last report has errors (with their warnings
// count), each a link to its section; "Verificar todas" re-runs the check of each filled section, one
// after the other, with its progress.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { messageOf } from "../../api/errors";
import { storeQuality } from "../../api/queries";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { plural } from "../../lib/format";
function counts(section) {
    const list = section.quality?.warnings ?? [];
    return { errors: list.filter((w) => w.severity === "error").length, warnings: list.filter((w) => w.severity === "warning").length };
}
const filled = (s) => Boolean((s.content ?? "").trim());
export function QualitySummary({ etpId, sections, readOnly }) {
    const queryClient = useQueryClient();
    const [run, setRun] = useState(null);
    const [result, setResult] = useState(null);
    const withErrors = sections.filter((s) => filled(s) && counts(s).errors > 0);
    const withWarnings = sections.filter((s) => filled(s) && counts(s).errors === 0 && counts(s).warnings > 0);
    const toCheck = sections.filter(filled);
    async function checkAll() {
        setResult(null);
        const failures = [];
        for (const [index, section] of toCheck.entries()) {
            setRun({ done: index, total: toCheck.length, current: section.code ?? "" });
            try {
                const report = (await unwrap(api.POST("/api/v1/etps/{etp_id}/sections/{inciso}/check", { params: { path: { etp_id: etpId, inciso: section.inciso ?? 0 } } })));
                storeQuality(queryClient, etpId, section.inciso ?? 0, report);
            }
            catch (error) {
                failures.push(`Seção ${section.code ?? ""}: ${messageOf(error)}`);
            }
        }
        setRun(null);
        setResult(failures.length
            ? { kind: "danger", text: `Algumas verificações falharam. ${failures.join(" ")}` }
            : { kind: "success", text: `${plural(toCheck.length, "seção verificada", "seções verificadas")}.` });
    }
    return (_jsxs("section", { className: "etp-quality-summary", "aria-labelledby": "qualidade-titulo", children: [_jsx("h2", { id: "qualidade-titulo", children: "Qualidade do texto" }), !toCheck.length ? _jsx("p", { children: "Nenhuma se\u00E7\u00E3o tem texto ainda: as verifica\u00E7\u00F5es come\u00E7am quando houver conte\u00FAdo." }) : null, toCheck.length && !withErrors.length ? (_jsxs("p", { children: [_jsx(Icon, { name: "check-circle" }), " Nenhuma se\u00E7\u00E3o com erro na \u00FAltima verifica\u00E7\u00E3o."] })) : null, withErrors.length ? (_jsxs(_Fragment, { children: [_jsxs("p", { children: [_jsx(Icon, { name: "times-circle" }), " ", plural(withErrors.length, "seção tem", "seções têm"), " erros a corrigir:"] }), _jsx("ul", { className: "etp-quality-summary__list", children: withErrors.map((section) => {
                            const c = counts(section);
                            return (_jsxs("li", { children: [_jsxs(Link, { to: `/etps/${etpId}/secoes/${section.inciso ?? ""}`, children: ["Se\u00E7\u00E3o ", section.code, " \u2014 ", section.title] }), ": ", plural(c.errors, "erro", "erros"), c.warnings ? `, ${plural(c.warnings, "aviso", "avisos")}` : ""] }, section.inciso));
                        }) })] })) : null, withWarnings.length ? (_jsxs("p", { children: [_jsx(Icon, { name: "exclamation-triangle" }), " ", plural(withWarnings.length, "outra seção tem", "outras seções têm"), " s\u00F3 avisos: ", withWarnings.map((s) => s.code).join(", "), "."] })) : null, _jsx("p", { "aria-live": "polite", className: "etp-quality-summary__status", children: run ? `Verificando a seção ${run.current} (${run.done + 1} de ${run.total})…` : "" }), run ? _jsx(Loading, { label: `${run.done} de ${run.total} seções verificadas`, progress: (run.done * 100) / run.total }) : null, result ? _jsx(Message, { kind: result.kind, children: result.text }) : null, toCheck.length && !readOnly ? (_jsx("div", { className: "etp-actions", children: _jsxs("button", { type: "button", className: "br-button secondary", onClick: () => void checkAll(), disabled: run !== null, children: [_jsx(Icon, { name: "sync" }), " Verificar todas"] }) })) : null] }));
}
