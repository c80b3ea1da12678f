import { api, unwrap, unwrapWithResponse } from "../../api/client";
import { keys } from "../../api/queries";
function etagOf(section, response) {
    return response.headers.get("ETag") ?? section.etag ?? "";
}
export async function fetchSection(etpId, inciso) {
    const { data, response } = await unwrapWithResponse(api.GET("/api/v1/etps/{etp_id}/sections/{inciso}", { params: { path: { etp_id: etpId, inciso } } }));
    const section = data;
    return { section, etag: etagOf(section, response) };
}
export async function putSection(etpId, inciso, body, etag) {
    const { data, response } = await unwrapWithResponse(api.PUT("/api/v1/etps/{etp_id}/sections/{inciso}", {
        params: { path: { etp_id: etpId, inciso }, header: { "If-Match": etag } },
        body,
    }));
    const section = data;
    return { section, etag: etagOf(section, response) };
}
export async function checkSection(etpId, inciso) {
    return (await unwrap(api.POST("/api/v1/etps/{etp_id}/sections/{inciso}/check", { params: { path: { etp_id: etpId, inciso } } })));
}
export async function reviewSection(etpId, inciso, etag) {
    const headers = etag ? { "If-Match": etag } : undefined;
    const { data, response } = await unwrapWithResponse(api.POST("/api/v1/etps/{etp_id}/sections/{inciso}/review", {
        params: { path: { etp_id: etpId, inciso }, ...(headers ? { header: headers } : {}) },
    }));
    const section = data;
    return { section, etag: etagOf(section, response) };
}
export async function acknowledgeFinding(etpId, inciso, code, reason) {
    const { data, response } = await unwrapWithResponse(api.POST("/api/v1/etps/{etp_id}/sections/{inciso}/findings/{code}/acknowledge", {
        params: { path: { etp_id: etpId, inciso, code } },
        body: { reason },
    }));
    const section = data;
    return { section, etag: etagOf(section, response) };
}
/** After a write the ETP's completion (and readiness) may have moved. */
export function invalidateEtp(queryClient, etpId) {
    void queryClient.invalidateQueries({ queryKey: keys.etp(etpId), exact: true });
    void queryClient.invalidateQueries({ queryKey: keys.approval(etpId), exact: true });
}
