import type { EmulatorClock } from './clock';
import { BoxApiError, ControlError, defaultErrorFor } from './errors';
import { isRecord } from './http';

/**
 * Box's published per-user limits (box-sign-api.md §4.3): Sign create and resend share 100 per minute, Sign get
 * 1000 per minute, uploads 240 per minute; the other file calls count against the general 1000 per minute, which
 * the emulator keeps in the get bucket. Every acting user has this quota, in buckets of its own. Off unless enabled.
 */
export interface RateLimitConfig {
  enabled: boolean;
  create_resend_per_minute: number;
  get_per_minute: number;
  /** Absent in settings written before uploads existed: Box's 240. */
  upload_per_minute?: number;
}

export const BOX_PUBLISHED_RATE_LIMITS = {
  enabled: false,
  create_resend_per_minute: 100,
  get_per_minute: 1000,
  upload_per_minute: 240,
} satisfies RateLimitConfig;

type Bucket = 'create_resend' | 'get' | 'upload';

const WINDOW_MS = 60_000;

/** Which published limit a call counts against: create and resend, or a get/list of sign requests. */
export function bucketOf(method: string, path: string): Bucket | undefined {
  const upper = method.toUpperCase();
  const trimmed = path.replace(/\/+$/, '');
  if (
    upper === 'POST' &&
    (trimmed === '/2.0/sign_requests' || /^\/2\.0\/sign_requests\/[^/]+\/resend$/.test(trimmed))
  ) {
    return 'create_resend';
  }
  if (upper === 'GET' && /^\/2\.0\/sign_requests(\/[^/]+)?$/.test(trimmed)) return 'get';
  if (upper === 'POST' && (trimmed === '/api/2.0/files/content' || trimmed === '/api/2.0/files/upload_sessions')) {
    return 'upload';
  }
  if (trimmed.startsWith('/api/2.0/files/') || /^\/2\.0\/files\/[^/]+(\/content)?$/.test(trimmed)) return 'get';
  return undefined;
}

export function parseRateLimitConfig(body: unknown, current: RateLimitConfig): RateLimitConfig {
  const invalid = (message: string) => new ControlError(400, { error: 'invalid_rate_limits', message });
  if (!isRecord(body)) throw invalid('body must be a JSON object');
  const next = { ...current };
  if (body.enabled !== undefined) {
    if (typeof body.enabled !== 'boolean') throw invalid("'enabled' must be a boolean");
    next.enabled = body.enabled;
  }
  for (const key of ['create_resend_per_minute', 'get_per_minute', 'upload_per_minute'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw invalid(`'${key}' must be a positive integer`);
    }
    next[key] = value;
  }
  return next;
}

type Windows = Record<Bucket, number[]>;

/**
 * A sliding one-minute window per user and bucket, on the emulator clock: one user at its limit never holds up
 * another. Refused calls do not count.
 */
export class RateLimiter {
  private config: RateLimitConfig;
  private readonly windows = new Map<string, Windows>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly initial: RateLimitConfig = BOX_PUBLISHED_RATE_LIMITS,
  ) {
    this.config = { ...initial };
  }

  get current(): RateLimitConfig {
    return { ...this.config };
  }

  configure(config: RateLimitConfig): void {
    this.config = { ...config };
    this.clearWindows();
  }

  /** Back to the start-up configuration, with empty windows. */
  reset(): void {
    this.configure(this.initial);
  }

  /**
   * Throws Box's 429 (`rate_limit_exceeded`, `retry-after`) when `userId`'s bucket for the call is full; else
   * counts it.
   */
  admit(userId: string, method: string, path: string): void {
    if (!this.config.enabled) return;
    const bucket = bucketOf(method, path);
    if (bucket === undefined) return;
    const limit = {
      get: this.config.get_per_minute,
      create_resend: this.config.create_resend_per_minute,
      upload: this.config.upload_per_minute ?? BOX_PUBLISHED_RATE_LIMITS.upload_per_minute,
    }[bucket];
    const now = this.clock.nowMs();
    const windows = this.windowsOf(userId);
    const window = windows[bucket].filter((at) => at > now - WINDOW_MS);
    windows[bucket] = window;
    const oldest = window[0];
    if (window.length >= limit && oldest !== undefined) {
      const retryAfterSeconds = Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
      const { code, message } = defaultErrorFor(429);
      throw new BoxApiError(429, code, message, null, { 'retry-after': String(retryAfterSeconds) });
    }
    window.push(now);
  }

  private windowsOf(userId: string): Windows {
    let windows = this.windows.get(userId);
    if (windows === undefined) {
      windows = { create_resend: [], get: [], upload: [] };
      this.windows.set(userId, windows);
    }
    return windows;
  }

  private clearWindows(): void {
    this.windows.clear();
  }
}
