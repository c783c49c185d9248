/** Lengths of time in milliseconds, for the domain's day counts (stale after, feedback within, attribution). */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
