import type { EmulatorControl } from 'box-sign-emulator';
import { sleep } from '../scripts/processes';

/** One bench request's signer: phone-verified, as the product's signers are (SMS code before signing). */
export interface BenchSigner {
  workflowId: string;
  email: string;
}

/**
 * Plays one signer on the emulator once the request is out for signature: asks for the SMS code, reads it from
 * the emulator's outbox, enters it and signs. The emulator stamps the signature time (the latency's start).
 */
export async function signWhenSent(control: EmulatorControl, signer: BenchSigner, deadline: number): Promise<void> {
  const id = await requestIdFor(control, signer.workflowId, deadline, (status) => status === 'sent');
  await control.signer(id, signer.email, 'send-code');
  const code = await control.latestCode(id, signer.email);
  const verified = await control.signer(id, signer.email, 'verify', { code });
  if (verified.status !== 200) throw new Error(`verification refused for ${signer.workflowId}: ${verified.status}`);
  const signed = await control.signer(id, signer.email, 'sign');
  if (signed.status !== 200) throw new Error(`signing refused for ${signer.workflowId}: ${signed.status}`);
}

/** Waits (real time) until the workflow's request exists on the emulator and satisfies `ready`; returns its id. */
export async function requestIdFor(
  control: EmulatorControl,
  workflowId: string,
  deadline: number,
  ready: (status: string) => boolean = () => true,
): Promise<string> {
  while (Date.now() < deadline) {
    const [request] = await control.findByExternalId(workflowId);
    if (request && ready(request.sign_request.status)) return request.sign_request.id;
    await sleep(100);
  }
  throw new Error(`no Box request for ${workflowId} before the deadline`);
}

/** Runs `task` for every item with at most `limit` at a time. */
export async function inPool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  });
  await Promise.all(runners);
}
