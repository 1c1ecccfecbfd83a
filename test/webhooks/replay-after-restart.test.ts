import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { boxEventSignal, statusQuery } from '../../contracts';
import type { CraftedWebhookResult } from 'box-sign-emulator';
import type { OwnedProcess } from '../../scripts/owned-process';
import { freePort } from '../../scripts/processes';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';
import {
  historyEvents,
  lastScheduledActivity,
  scheduledActivities,
  signalsHandled,
  signalsReceived,
} from '../support/workflow-history';
import { SLOW_POLLING, randomKey, startReceiverProcess } from './webhook-rig';

/**
 * The receiver's in-memory dedupe dies with its process (and is not shared by replicas behind a load balancer): a
 * delivery replayed to a restarted receiver reaches the workflow again, which must not act on it twice.
 */
describe('a webhook delivery replayed after the receiver restarted', () => {
  let h: Harness;
  let receiver: OwnedProcess;
  let port: number;
  const dir = mkdtempSync(join(tmpdir(), 'box-sign-replay-'));
  const files = {
    primaryKeyFile: join(dir, 'primary'),
    secondaryKeyFile: join(dir, 'secondary'),
    logFile: join(dir, 'receiver.log'),
  };

  beforeAll(async () => {
    h = await startHarness();
    const keys = { primary: randomKey(), secondary: randomKey() };
    writeFileSync(files.primaryKeyFile, `${keys.primary}\n`);
    writeFileSync(files.secondaryKeyFile, `${keys.secondary}\n`);
    port = await freePort();
    receiver = await startReceiverProcess(h, port, files);
    // Only what the tests send: no automatic deliveries getting in the way of the counts.
    await h.control.configureWebhooks({
      address: `http://127.0.0.1:${port}/webhooks/box`,
      primary_key: keys.primary,
      secondary_key: keys.secondary,
      triggers: [],
      retry_base_delay_ms: 100,
    });
  }, 60_000);
  afterAll(async () => {
    await receiver?.stop();
    await h?.teardown();
  });

  /** A new receiver process on the same address: nothing of the old one's memory survives. */
  async function restartReceiver(): Promise<void> {
    await receiver.stop();
    receiver = await startReceiverProcess(h, port, files);
  }

  async function waitingRequest(maxHistoryEventsPerRun?: number): Promise<{ handle: WorkflowHandle; id: string }> {
    const input = signRequest({ polling: SLOW_POLLING, signers: [{ email: 'replayed.signer@example.com' }] });
    const workflowId = await h.start(maxHistoryEventsPerRun ? { ...input, maxHistoryEventsPerRun } : input);
    return { handle: h.client.workflow.getHandle(workflowId), id: await boxRequestFor(h.control, workflowId) };
  }

  /** A genuine delivery, signalled and confirmed, with the workflow back to waiting for Box. */
  async function deliveredAndConfirmed(handle: WorkflowHandle, id: string, confirmed: number) {
    const delivery = await h.control.sendWebhook({ kind: 'genuine', sign_request_id: id });
    expect(delivery).toMatchObject({ status: 200, body: { result: 'signalled' } });
    await eventually(
      () => historyEvents(handle),
      (events) =>
        scheduledActivities(events, 'fetchSignRequest') === confirmed &&
        lastScheduledActivity(events) === 'awaitStatusChange',
    );
    return delivery;
  }

  /** The same bytes again: a new receiver does not know them, so they reach the workflow as a signal. */
  async function replayed(delivery: CraftedWebhookResult): Promise<void> {
    const replay = await h.control.sendWebhook({ kind: 'replay', delivery_id: delivery.delivery_id });
    expect(replay).toMatchObject({ status: 200, body: { result: 'signalled' }, event_id: delivery.event_id });
  }

  it('reaches the workflow as a second signal, which it ignores: one confirming GET, and new events still count', async () => {
    const { handle, id } = await waitingRequest();
    const delivery = await deliveredAndConfirmed(handle, id, 1);

    await restartReceiver();
    await replayed(delivery);
    const events = await signalsHandled(handle, boxEventSignal.name, 2);
    expect(scheduledActivities(events, 'fetchSignRequest')).toBe(1);
    expect((await handle.query(statusQuery)).boxEvents).toBe(1);

    await deliveredAndConfirmed(handle, id, 2);
    expect((await handle.query(statusQuery)).boxEvents).toBe(2);
  });

  it('is ignored after the workflow continued as new too: the seen ids go to the next run', async () => {
    const { handle, id } = await waitingRequest(50);
    const first = await deliveredAndConfirmed(handle, id, 1);
    // Each confirmed event adds about ten events to the history: a few more and the run continues as new.
    let confirmed = 1;
    while ((await handle.query(statusQuery)).run === 1) {
      confirmed += 1;
      expect(confirmed).toBeLessThanOrEqual(10);
      const delivery = await h.control.sendWebhook({ kind: 'genuine', sign_request_id: id });
      expect(delivery).toMatchObject({ status: 200, body: { result: 'signalled' } });
      await eventually(
        () => handle.query(statusQuery),
        (s) => s.boxEvents === confirmed,
      );
    }
    const fetchesInRun = scheduledActivities(await historyEvents(handle), 'fetchSignRequest');
    const signalsInRun = signalsReceived(await historyEvents(handle), boxEventSignal.name);

    await restartReceiver();
    await replayed(first);
    const events = await signalsHandled(handle, boxEventSignal.name, signalsInRun + 1);
    expect(scheduledActivities(events, 'fetchSignRequest')).toBe(fetchesInRun);
    expect(await handle.query(statusQuery)).toMatchObject({ run: 2, boxEvents: confirmed });
  });
});
