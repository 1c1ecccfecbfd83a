import type { BoxWebhookEvent } from '../../webhooks/box-event';
import type { RunningWebhookReceiver } from '../../webhooks/receiver';
import { MAX_BODY_BYTES, startWebhookReceiver } from '../../webhooks/receiver';
import { boxWebhookSignature } from '../../webhooks/signature';

/**
 * The receiver's edge, over real HTTP: how big a delivery may be, how far ahead of our clock it may be dated, and
 * how often one address may post. The notifier records what would be signalled (these rules act before it).
 */
const KEY = 'receiver-limits-primary-key';

describe("the webhook receiver's limits", () => {
  let receiver: RunningWebhookReceiver;
  let notified: BoxWebhookEvent[];
  let nowMs: number;
  const start = (rateLimitPerMinute?: number) =>
    startWebhookReceiver({
      keys: { primary: KEY },
      notifier: {
        notify: (event) => {
          notified.push(event);
          return Promise.resolve({ kind: 'signalled', workflowId: 'wf' });
        },
      },
      now: () => nowMs,
      ...(rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute }),
    });
  beforeEach(() => {
    notified = [];
    nowMs = Date.parse('2026-12-07T10:00:00Z');
  });
  afterEach(() => receiver?.stop());

  /** A genuine Box Sign delivery, dated `aheadMs` after the receiver's clock, its body padded to `padTo` bytes. */
  function post(options: { aheadMs?: number; padTo?: number; eventId?: string } = {}) {
    const event = {
      type: 'webhook_event',
      id: options.eventId ?? `evt-${Math.random()}`,
      trigger: 'SIGN_REQUEST.COMPLETED',
      created_at: '2026-12-07T10:00:00Z',
      source: { type: 'file', id: '1', name: 'Contract.pdf', description: '' },
      additional_info: { sign_request_id: 'sr-1', signer_emails: ['a@example.com'], external_id: 'box-sign-x' },
    };
    let body = JSON.stringify(event);
    if (options.padTo !== undefined) {
      event.source.description = 'x'.repeat(options.padTo - body.length);
      body = JSON.stringify(event);
    }
    const timestamp = new Date(nowMs + (options.aheadMs ?? 0)).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return fetch(receiver.webhookUrl, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'BOX-DELIVERY-ID': 'd-1',
        'BOX-DELIVERY-TIMESTAMP': timestamp,
        'BOX-SIGNATURE-PRIMARY': boxWebhookSignature(body, timestamp, KEY),
        'BOX-SIGNATURE-VERSION': '1',
        'BOX-SIGNATURE-ALGORITHM': 'HmacSHA256',
      },
    });
  }

  it('takes bodies up to 64 KiB (far above any Box Sign delivery) and refuses bigger ones with 413', async () => {
    receiver = await start();
    expect(MAX_BODY_BYTES).toBe(64 * 1024);
    expect((await post({ padTo: MAX_BODY_BYTES })).status).toBe(200);
    const tooBig = await post({ padTo: MAX_BODY_BYTES + 1 });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toEqual({ error: 'body_too_large' });
    expect(notified).toHaveLength(1);
  });

  it('accepts a delivery dated up to 30 s ahead of its clock, and refuses one dated further ahead', async () => {
    receiver = await start();
    expect((await post({ aheadMs: 25_000 })).status).toBe(200);
    expect((await post({ aheadMs: 30_000 })).status).toBe(200);
    expect((await post({ aheadMs: 32_000 })).status).toBe(401);
    expect(notified).toHaveLength(2);
  });

  it('answers 429 to an address past its deliveries per minute, before reading the body', async () => {
    receiver = await start(3);
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await post()).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await post();
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.json()).toEqual({ error: 'rate_limited' });
    expect(notified).toHaveLength(3);
    // Probes are not deliveries: health stays answerable.
    expect((await fetch(receiver.webhookUrl.replace(/\/webhooks\/box$/, '/healthz'))).status).toBe(200);
  });
});
