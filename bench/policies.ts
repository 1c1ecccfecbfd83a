import type { PollingPolicy } from '../contracts';
import { DEFAULT_POLLING_POLICY } from '../contracts';

/** The three ways of learning that a request was signed, compared on the same workload. */
export type ModeName = 'fixed' | 'adaptive' | 'webhooks' | 'backstop';

export interface Mode {
  name: ModeName;
  label: string;
  polling: PollingPolicy;
  webhooks: boolean;
  /** Each request carries a completion callback to the bench's business system (webhook mode only: the way out). */
  callbacks: boolean;
}

/**
 * The backstop behind webhooks: a first check after 5 minutes, doubling to one every 6 hours. A lost webhook costs
 * up to that much latency, never the outcome; a request that lives 30 days costs about 125 backstop GETs.
 */
export const WEBHOOK_BACKSTOP_POLLING: PollingPolicy = {
  initialIntervalMs: 5 * 60_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 6 * 60 * 60_000,
};

/** The modes of the lifetime run: polling only, so the backstop appears alone (what a request costs when every webhook is lost). */
export function lifetimeModes(fixedIntervalMs: number): Mode[] {
  const [fixed, adaptive] = benchModes(fixedIntervalMs);
  const backstop: Mode = {
    name: 'backstop',
    label: 'backstop alone (every webhook lost)',
    polling: WEBHOOK_BACKSTOP_POLLING,
    webhooks: false,
    callbacks: false,
  };
  return [fixed, adaptive, backstop].filter((mode): mode is Mode => mode !== undefined);
}

export function benchModes(fixedIntervalMs: number): Mode[] {
  return [
    {
      name: 'fixed',
      label: `fixed ${fixedIntervalMs / 1000} s (polling/infrequent)`,
      polling: { initialIntervalMs: fixedIntervalMs, backoffCoefficient: 1, maximumIntervalMs: fixedIntervalMs },
      webhooks: false,
      callbacks: false,
    },
    {
      name: 'adaptive',
      label: 'adaptive 5 s ×1.5 → 10 min (defaults)',
      polling: DEFAULT_POLLING_POLICY,
      webhooks: false,
      callbacks: false,
    },
    {
      name: 'webhooks',
      label: 'webhooks + backstop 5 min ×2 → 6 h',
      polling: WEBHOOK_BACKSTOP_POLLING,
      webhooks: true,
      callbacks: true,
    },
  ];
}
