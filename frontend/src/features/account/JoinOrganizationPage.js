import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
// A confirmed account that belongs to no organization yet: it can read nothing (the API answers
// 403), so instead of the ETP pages it gets this page — ask to join an organization of its e-mail's
// domain (an org admin approves), see its requests, or ask a system administrator to create one.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { messageOf } from "../../api/errors";
import { useSession } from "../../auth/useSession";
import { TextAreaField, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDate } from "../../lib/format";
const STATUS_LABELS = {
    pending: "Aguardando a decisão de um administrador",
    approved: "Aprovado",
    rejected: "Recusado",
    cancelled: "Cancelado",
};
const keys = {
    suggestions: ["account", "organization-suggestions"],
    mine: ["account", "join-requests"],
    orgRequests: ["account", "organization-requests"],
};
export default function JoinOrganizationPage() {
    usePageTitle("Entrar em uma organização");
    const session = useSession();
    const queryClient = useQueryClient();
    const [message, setMessage] = useState("");
    const [orgName, setOrgName] = useState("");
    const [orgDomains, setOrgDomains] = useState("");
    const [orgJustification, setOrgJustification] = useState("");
    const [done, setDone] = useState(null);
    const suggestions = useQuery({ queryKey: keys.suggestions, queryFn: () => unwrap(api.GET("/api/v1/organizations/suggestions")) });
    const mine = useQuery({ queryKey: keys.mine, queryFn: () => unwrap(api.GET("/api/v1/join-requests/mine")) });
    const orgRequests = useQuery({ queryKey: keys.orgRequests, queryFn: () => unwrap(api.GET("/api/v1/organization-requests")) });
    const join = useMutation({
        mutationFn: (organizationId) => unwrap(api.POST("/api/v1/join-requests", { body: { organization_id: organizationId, message: message.trim() || undefined } })),
        onSuccess: () => {
            setDone("Pedido enviado. Um administrador da organização vai analisá-lo; você receberá um e-mail com a decisão.");
            void queryClient.invalidateQueries({ queryKey: keys.mine });
        },
    });
    const cancel = useMutation({
        mutationFn: (requestId) => unwrap(api.DELETE("/api/v1/join-requests/{request_id}", { params: { path: { request_id: requestId } } })),
        onSuccess: () => void queryClient.invalidateQueries({ queryKey: keys.mine }),
    });
    const requestOrg = useMutation({
        mutationFn: () => unwrap(api.POST("/api/v1/organization-requests", {
            body: { name: orgName.trim(), justification: orgJustification.trim(), domains: orgDomains.split(/[\s,;]+/).filter(Boolean) },
        })),
        onSuccess: () => {
            setDone("Pedido de criação enviado aos administradores do sistema.");
            void queryClient.invalidateQueries({ queryKey: keys.orgRequests });
        },
    });
    const pending = (mine.data ?? []).filter((request) => request.status === "pending");
    const orgError = requestOrg.error ? messageOf(requestOrg.error) : null;
    const orgFieldErrors = requestOrg.error && "fieldErrors" in requestOrg.error ? requestOrg.error.fieldErrors : {};
    return (_jsxs(_Fragment, { children: [_jsx("h1", { children: "Entrar em uma organiza\u00E7\u00E3o" }), _jsxs("p", { children: ["Sua conta (", session.user?.email, ") est\u00E1 confirmada, mas ainda n\u00E3o faz parte de uma organiza\u00E7\u00E3o. Os ETPs pertencem a \u00F3rg\u00E3os p\u00FAblicos: para escrev\u00EA-los, voc\u00EA precisa de um convite de um administrador do seu \u00F3rg\u00E3o ou de um pedido de entrada aprovado por ele."] }), done ? _jsx(Message, { kind: "success", children: done }) : null, _jsx("h2", { children: "Pedir para entrar" }), suggestions.isPending ? _jsx(Loading, { label: "Procurando organiza\u00E7\u00F5es do seu dom\u00EDnio\u2026" }) : null, suggestions.error ? _jsx(Message, { kind: "danger", children: messageOf(suggestions.error) }) : null, suggestions.data && suggestions.data.length === 0 ? (_jsx("p", { children: "Nenhuma organiza\u00E7\u00E3o cadastrada usa o dom\u00EDnio do seu e-mail. Pe\u00E7a um convite ao administrador do seu \u00F3rg\u00E3o ou pe\u00E7a a cria\u00E7\u00E3o da organiza\u00E7\u00E3o abaixo." })) : null, suggestions.data && suggestions.data.length > 0 ? (_jsxs(_Fragment, { children: [_jsx(TextAreaField, { label: "Mensagem para o administrador (opcional)", id: "pedido-mensagem", value: message, onChange: (event) => setMessage(event.target.value), hint: "Por exemplo: seu setor e sua fun\u00E7\u00E3o.", rows: 2 }), join.error ? _jsx(Message, { kind: "danger", children: messageOf(join.error) }) : null, _jsx("ul", { className: "etp-join-list", children: suggestions.data.map((organization) => (_jsxs("li", { children: [_jsx("span", { children: organization.name }), " ", _jsxs("button", { type: "button", className: "br-button secondary small", disabled: join.isPending || pending.length > 0, onClick: () => join.mutate(organization.id ?? ""), children: [_jsx(Icon, { name: "paper-plane" }), " Pedir para entrar em ", organization.name] })] }, organization.id))) })] })) : null, mine.data && mine.data.length > 0 ? (_jsxs(_Fragment, { children: [_jsx("h2", { children: "Seus pedidos" }), _jsx("ul", { children: mine.data.map((request) => (_jsxs("li", { children: [request.organization?.name, " \u2014 ", STATUS_LABELS[request.status ?? ""] ?? request.status, " (enviado em ", formatDate(request.created_at), ")", request.reason ? _jsxs(_Fragment, { children: [" \u2014 motivo: ", request.reason] }) : null, request.status === "pending" ? (_jsxs(_Fragment, { children: [" ", _jsx("button", { type: "button", className: "br-button tertiary small", disabled: cancel.isPending, onClick: () => cancel.mutate(request.id ?? ""), children: "Cancelar o pedido" })] })) : null] }, request.id))) })] })) : null, _jsx("h2", { children: "Seu \u00F3rg\u00E3o ainda n\u00E3o est\u00E1 no ETP Express?" }), _jsxs("form", { className: "etp-form", noValidate: true, onSubmit: (event) => {
                    event.preventDefault();
                    requestOrg.mutate();
                }, children: [orgError ? _jsx(Message, { kind: "danger", children: orgError }) : null, _jsx(TextField, { label: "Nome do \u00F3rg\u00E3o", id: "org-nome", value: orgName, onChange: (event) => setOrgName(event.target.value), error: orgFieldErrors.name, required: true }), _jsx(TextField, { label: "Dom\u00EDnios de e-mail do \u00F3rg\u00E3o", id: "org-dominios", value: orgDomains, onChange: (event) => setOrgDomains(event.target.value), hint: "Separados por v\u00EDrgula, por exemplo: prefeitura.sp.gov.br", error: orgFieldErrors.domains, required: true }), _jsx(TextAreaField, { label: "Justificativa", id: "org-justificativa", value: orgJustification, onChange: (event) => setOrgJustification(event.target.value), error: orgFieldErrors.justification, required: true, rows: 3 }), _jsx("div", { className: "etp-actions", children: _jsx("button", { type: "submit", className: "br-button primary", disabled: requestOrg.isPending, children: "Pedir a cria\u00E7\u00E3o da organiza\u00E7\u00E3o" }) })] }), orgRequests.data && orgRequests.data.length > 0 ? (_jsx("ul", { children: orgRequests.data.map((request) => (_jsxs("li", { children: [request.name, " \u2014 ", STATUS_LABELS[request.status ?? ""] ?? request.status, " (enviado em ", formatDate(request.created_at), ")"] }, request.id))) })) : null] }));
}
