// Server state of the "Pessoas" page: the organization's people, invitations, join requests and
// settings (GET/PATCH /api/v1/organization), each under its own query key.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, paginationOf, unwrap, unwrapWithResponse } from "../../../api/client";
import type { components } from "../../../api/schema";
import type { Pagination, User } from "../../../api/types";

type Schemas = components["schemas"];
export type Invitation = Schemas["Invitation"];
export type JoinRequest = Schemas["JoinRequest"];
export type OrganizationSettings = Schemas["Organization"];
export type OrganizationUpdate = Schemas["OrganizationUpdate"];
export type UserUpdate = Schemas["UserUpdate"];
export type Role = NonNullable<User["role"]>;
export type GrantableRole = NonNullable<Invitation["role"]>;
export type InvitationStatus = NonNullable<Invitation["status"]>;

export const peopleKeys = {
  users: ["admin", "users"] as const,
  userList: (params: PeopleParams) => ["admin", "users", params] as const,
  invitations: ["admin", "invitations"] as const,
  invitationList: (status: InvitationStatus, page: number) => ["admin", "invitations", status, page] as const,
  joinRequests: ["admin", "join-requests"] as const,
  joinRequestList: (page: number) => ["admin", "join-requests", "pending", page] as const,
  organization: ["organization"] as const,
};

export const PEOPLE_PAGE_SIZE = 20;
export const SMALL_PAGE_SIZE = 10;

export interface PeopleParams {
  q?: string;
  role?: Role;
  page?: number;
}

export interface Page<T> {
  items: T[];
  pagination: Pagination | null;
}

export function usePeople(params: PeopleParams) {
  return useQuery({
    queryKey: peopleKeys.userList(params),
    queryFn: async (): Promise<Page<User>> => {
      const query = { ...(params.q ? { q: params.q } : {}), ...(params.role ? { role: params.role } : {}), page: params.page ?? 1, page_size: PEOPLE_PAGE_SIZE };
      const { data, response } = await unwrapWithResponse(api.GET("/api/v1/users", { params: { query } }));
      return { items: data as User[], pagination: paginationOf(response) };
    },
    placeholderData: (previous) => previous,
  });
}

export function useInvitations(status: InvitationStatus, page: number) {
  return useQuery({
    queryKey: peopleKeys.invitationList(status, page),
    queryFn: async (): Promise<Page<Invitation>> => {
      const { data, response } = await unwrapWithResponse(api.GET("/api/v1/organization/invitations", { params: { query: { status, page, page_size: SMALL_PAGE_SIZE } } }));
      return { items: data as Invitation[], pagination: paginationOf(response) };
    },
    placeholderData: (previous) => previous,
  });
}

export function usePendingJoinRequests(page: number) {
  return useQuery({
    queryKey: peopleKeys.joinRequestList(page),
    queryFn: async (): Promise<Page<JoinRequest>> => {
      const { data, response } = await unwrapWithResponse(api.GET("/api/v1/organization/join-requests", { params: { query: { status: "pending", page, page_size: SMALL_PAGE_SIZE } } }));
      return { items: data as JoinRequest[], pagination: paginationOf(response) };
    },
    placeholderData: (previous) => previous,
  });
}

export function useOrganizationSettings() {
  return useQuery({
    queryKey: peopleKeys.organization,
    queryFn: async () => (await unwrap(api.GET("/api/v1/organization"))) as OrganizationSettings,
  });
}

export function useUpdatePerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, changes }: { id: string; changes: UserUpdate }) =>
      (await unwrap(api.PATCH("/api/v1/users/{user_id}", { params: { path: { user_id: id } }, body: changes }))) as User,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.users }),
  });
}

export function useInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { email: string; role: GrantableRole }) => (await unwrap(api.POST("/api/v1/organization/invitations", { body }))) as Invitation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.invitations }),
  });
}

export function useResendInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => (await unwrap(api.POST("/api/v1/organization/invitations/{invitation_id}/resend", { params: { path: { invitation_id: id } } }))) as Invitation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.invitations }),
  });
}

export function useRevokeInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      await unwrap(api.DELETE("/api/v1/organization/invitations/{invitation_id}", { params: { path: { invitation_id: id } } }));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.invitations }),
  });
}

export function useDecideJoinRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (decision: { id: string; approve: true; role: GrantableRole } | { id: string; approve: false; reason?: string }) => {
      const path = { params: { path: { request_id: decision.id } } };
      if (decision.approve) {
        return (await unwrap(api.POST("/api/v1/organization/join-requests/{request_id}/approve", { ...path, body: { role: decision.role } }))) as JoinRequest;
      }
      return (await unwrap(api.POST("/api/v1/organization/join-requests/{request_id}/reject", { ...path, body: decision.reason ? { reason: decision.reason } : {} }))) as JoinRequest;
    },
    onSuccess: async (_data, decision) => {
      await queryClient.invalidateQueries({ queryKey: peopleKeys.joinRequests });
      if (decision.approve) await queryClient.invalidateQueries({ queryKey: peopleKeys.users });
    },
  });
}

export function useUpdateOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (changes: OrganizationUpdate) => (await unwrap(api.PATCH("/api/v1/organization", { body: changes }))) as OrganizationSettings,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.organization }),
  });
}
