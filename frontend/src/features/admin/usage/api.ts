// Server state of "Consumo e orçamento": GET /api/v1/usage (the month's totals, budget and breakdown)
// and the budget's change (PATCH /api/v1/organization {monthly_token_budget}).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { api, unwrap } from "../../../api/client";
import type { UsageReport } from "../../../api/types";

export const usageKeys = {
  usage: ["usage"] as const,
  // the organization's settings (features/admin/people reads them under this key)
  organization: ["organization"] as const,
};

export function useUsage() {
  return useQuery({
    queryKey: usageKeys.usage,
    queryFn: async () => (await unwrap(api.GET("/api/v1/usage"))) as UsageReport,
  });
}

/** Sets the monthly token budget (null: no limit); the usage and the organization are read again. */
export function useSetBudget() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (budget: number | null) => unwrap(api.PATCH("/api/v1/organization", { body: { monthly_token_budget: budget } })),
    onSuccess: async () => {
      await Promise.all([client.invalidateQueries({ queryKey: usageKeys.usage }), client.invalidateQueries({ queryKey: usageKeys.organization })]);
    },
  });
}
