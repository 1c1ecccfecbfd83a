/**
 * Durations written the way operators say them: a whole number and a unit, `90s`, `15m`, `2h`, `3d`. Used by
 * `createTimeout`; pure, so the workflow can parse it too.
 */
const DURATION_PATTERN = /^([1-9][0-9]{0,5})(s|m|h|d)$/;

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export const CREATE_TIMEOUT_BOUNDS = { minMs: 10_000, maxMs: 30 * 86_400_000 } as const;

/** Milliseconds of `text`, or null when it is not `<whole number><s|m|h|d>`. */
export function parseDurationMs(text: string): number | null {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return null;
  const [, amount, unit] = match as unknown as [string, string, keyof typeof UNIT_MS];
  return Number(amount) * UNIT_MS[unit];
}
