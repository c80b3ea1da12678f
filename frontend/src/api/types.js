export const TERMINAL_JOB_STATES = new Set(["succeeded", "failed", "cancelled"]);
