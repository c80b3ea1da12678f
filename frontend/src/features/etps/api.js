import { api, unwrapWithResponse } from "../../api/client";
import { keys } from "../../api/queries";
export async function createEtp(body) {
    const { data } = await unwrapWithResponse(api.POST("/api/v1/etps", { body: body }));
    return data;
}
export async function updateEtp(etpId, etag, body) {
    const { data, response } = await unwrapWithResponse(api.PATCH("/api/v1/etps/{etp_id}", { params: { path: { etp_id: etpId }, header: { "If-Match": etag } }, body: body }));
    return { etp: data, etag: response.headers.get("ETag") };
}
export async function fetchEtp(etpId) {
    const { data, response } = await unwrapWithResponse(api.GET("/api/v1/etps/{etp_id}", { params: { path: { etp_id: etpId } } }));
    return { etp: data, etag: response.headers.get("ETag") };
}
/** After a write: the ETP's cache holds the answer; the ETP's views and the lists refetch. */
export async function afterSave(queryClient, etpId, saved) {
    queryClient.setQueryData(keys.etp(etpId), saved);
    await Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.etp(etpId) }),
        queryClient.invalidateQueries({ queryKey: keys.etpLists }),
    ]);
}
