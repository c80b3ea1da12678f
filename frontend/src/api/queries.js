// Query keys and the shared read hooks (server state lives in TanStack Query, never copied elsewhere).
import { useQuery } from "@tanstack/react-query";
import { api, paginationOf, unwrap, unwrapWithResponse } from "./client";
export const keys = {
    me: ["me"],
    etps: (params) => ["etps", "list", params],
    etpLists: ["etps", "list"],
    etp: (etpId) => ["etps", etpId],
    sections: (etpId) => ["etps", etpId, "sections"],
    section: (etpId, inciso) => ["etps", etpId, "sections", inciso],
    approval: (etpId) => ["etps", etpId, "approval"],
    job: (jobId) => ["jobs", jobId],
    templates: ["templates"],
    template: (type) => ["templates", type],
};
export function useEtpList(params) {
    return useQuery({
        queryKey: keys.etps(params),
        queryFn: async () => {
            const query = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ""));
            const { data, response } = await unwrapWithResponse(api.GET("/api/v1/etps", { params: { query } }));
            return { items: data, pagination: paginationOf(response) };
        },
        placeholderData: (previous) => previous,
    });
}
/** One ETP (its facts); the sections come from useSections. */
export function useEtp(etpId) {
    return useQuery({
        queryKey: keys.etp(etpId),
        queryFn: async () => {
            const { data, response } = await unwrapWithResponse(api.GET("/api/v1/etps/{etp_id}", { params: { path: { etp_id: etpId } } }));
            return { etp: data, etag: response.headers.get("ETag") };
        },
    });
}
export function useSections(etpId) {
    return useQuery({
        queryKey: keys.sections(etpId),
        queryFn: async () => (await unwrap(api.GET("/api/v1/etps/{etp_id}/sections", { params: { path: { etp_id: etpId } } }))),
    });
}
export function useTemplates() {
    return useQuery({
        queryKey: keys.templates,
        queryFn: async () => (await unwrap(api.GET("/api/v1/templates"))),
        staleTime: 60 * 60 * 1000,
    });
}
export function useTemplate(type) {
    return useQuery({
        queryKey: keys.template(type ?? ""),
        queryFn: async () => (await unwrap(api.GET("/api/v1/templates/{template_type}", { params: { path: { template_type: type } } }))),
        enabled: Boolean(type),
        staleTime: 60 * 60 * 1000,
    });
}
/** A section the API answered, into the sections list and its own key (`etag`: the answer's ETag
 * header when the body's differs). */
export function storeSection(queryClient, etpId, section, etag) {
    const stored = etag && section.etag !== etag ? { ...section, etag } : section;
    queryClient.setQueryData(keys.sections(etpId), (list) => list ? list.map((item) => (item.inciso === stored.inciso ? stored : item)) : list);
    if (stored.inciso !== undefined)
        queryClient.setQueryData(keys.section(etpId, stored.inciso), stored);
}
/** The report of a fresh check, into the cached section (list and own key). */
export function storeQuality(queryClient, etpId, inciso, report) {
    const withReport = (item) => (item.inciso === inciso ? { ...item, quality: report } : item);
    queryClient.setQueryData(keys.sections(etpId), (list) => (list ? list.map(withReport) : list));
    queryClient.setQueryData(keys.section(etpId, inciso), (item) => (item ? withReport(item) : item));
}
