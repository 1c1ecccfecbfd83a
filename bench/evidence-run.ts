import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createBoxSignClient } from '../box/sign-client';
import { startSignRequest } from '../client';
import { uploadDocument } from '../client/documents';
import type { SignRequestInput } from '../contracts';
import { workflowIdForBusinessKey } from '../contracts';
import { emulatorBoxConfig } from '../scripts/emulator/box-config';
import { makePdf } from '../scripts/make-pdf';
import type { signRequestWorkflow } from '../workflows';
import type { BenchStack } from './bench-stack';
import { WEBHOOK_BACKSTOP_POLLING } from './policies';

export interface EvidenceResult {
  requests: number;
  pdfBytes: number;
  /** Signature → the business system's receipt of the outcome callback carrying the documents, seconds. */
  p50S: number;
  p99S: number;
  /** Outcome callbacks that carried every document (signed copy and signing log). */
  withDocuments: number;
  /** The worker's RSS while its evidence activity streams a big signed copy. */
  bigFileBytes: number;
  /** The big request's signed copy, as hashed by the worker. */
  signedBytes: number;
  rssBeforeMiB: number;
  rssMaxMiB: number;
}

const FOLDER = '987654321';
const PASSWORD = 'bench-evidence-pw';

/**
 * Evidence in webhook mode: N requests on 1 MiB PDFs, each signed at once; the time from the signature to the verified
 * outcome callback with its documents (the signed copy streamed from Box and hashed, the signing log too). Then one
 * request on a big PDF, sampling the worker's RSS while it streams the signed copy: streaming must not grow it.
 */
export async function runEvidence(
  stack: BenchStack,
  options: { requests: number; pdfBytes: number; bigFileBytes: number },
  runId: string,
  say: (line: string) => void,
): Promise<EvidenceResult> {
  await stack.resetEmulator(true);
  const taskQueue = `bench-${runId}-evidence`;
  const worker = await stack.startWorker(taskQueue);
  const box = createBoxSignClient(emulatorBoxConfig(stack.emulatorUrl, 60_000));
  const upload = async (name: string, pdf: Uint8Array) =>
    (await uploadDocument({ file: Readable.from([Buffer.from(pdf)]), name, folderId: FOLDER, box, allowedSenders: [] }))
      .fileId;
  const small = await upload(
    `bench-${runId}-1mib.pdf`,
    await makePdf('Bench evidence', ['1 MiB'], { bulkBytes: options.pdfBytes }),
  );
  const receiver = stack.callbacks.receiver;
  receiver.reset();

  const start = async (key: string, fileId: string): Promise<{ workflowId: string; signRequestId: string }> => {
    const input: SignRequestInput = {
      businessKey: key,
      name: `Bench evidence ${key}`,
      sourceFiles: [{ id: fileId }],
      parentFolder: { id: FOLDER },
      signers: [{ email: `${key}@bench.example.com`, password: PASSWORD }],
      polling: WEBHOOK_BACKSTOP_POLLING,
      callback: { url: receiver.url },
    };
    await startSignRequest(stack.client, input, {
      taskQueue,
      sealing: stack.sealing,
      apiClient: stack.callbacks.apiClient,
      startBinding: stack.callbacks.startBinding,
      callbackAllowHosts: stack.callbacks.allowHosts,
    });
    const workflowId = workflowIdForBusinessKey(key);
    for (;;) {
      const [request] = await stack.control.findByExternalId(workflowId);
      if (request && request.sign_request.status !== 'converting')
        return { workflowId, signRequestId: request.sign_request.id };
      await sleep(50);
    }
  };
  const sign = async (signRequestId: string, key: string): Promise<number> => {
    const email = `${key}@bench.example.com`;
    await stack.control.signer(signRequestId, email, 'verify', { password: PASSWORD });
    await stack.control.signer(signRequestId, email, 'sign');
    return Date.now();
  };

  const latencies: number[] = [];
  let withDocuments = 0;
  for (let i = 0; i < options.requests; i += 1) {
    const key = `bench-${runId}-evidence-${i}`;
    const { workflowId, signRequestId } = await start(key, small);
    const signedAt = await sign(signRequestId, key);
    const receipt = await waitFor(() => receiver.outcome(workflowId), 60_000);
    latencies.push((receipt.receivedAtMs - signedAt) / 1000);
    if ((receipt.documents ?? 0) >= 2) withDocuments += 1;
  }
  const [p50S, p99S] = [quantile(latencies, 0.5), quantile(latencies, 0.99)];
  say(`evidence: p50_s=${p50S.toFixed(3)} p99_s=${p99S.toFixed(3)} documents=${withDocuments} of ${options.requests}`);

  say(`evidence: making and uploading a ${(options.bigFileBytes / 1e6).toFixed(0)} MB PDF`);
  const big = await upload(
    `bench-${runId}-big.pdf`,
    await makePdf('Bench big', ['big'], { bulkBytes: options.bigFileBytes }),
  );
  const bigKey = `bench-${runId}-evidence-big`;
  const { workflowId, signRequestId } = await start(bigKey, big);
  const rssBeforeMiB = rssMiB(worker.pid);
  let rssMaxMiB = rssBeforeMiB;
  const sampler = setInterval(() => (rssMaxMiB = Math.max(rssMaxMiB, rssMiB(worker.pid))), 20);
  try {
    await sign(signRequestId, bigKey);
    const receipt = await waitFor(() => receiver.outcome(workflowId), 300_000);
    if ((receipt.documents ?? 0) < 2) say('evidence: the big request’s callback came without its documents');
  } finally {
    clearInterval(sampler);
  }
  const bigResult = await stack.client.workflow.getHandle<typeof signRequestWorkflow>(workflowId).result();
  const signedBytes = (bigResult.documents ?? []).find((d) => d.kind === 'signed')?.size ?? 0;
  say(
    `evidence_rss: signed_copy_mb=${(signedBytes / 1e6).toFixed(0)} before_mib=${rssBeforeMiB.toFixed(1)} ` +
      `max_mib=${rssMaxMiB.toFixed(1)} delta_mib=${(rssMaxMiB - rssBeforeMiB).toFixed(1)} (target < 32)`,
  );
  await worker.stop();
  return {
    requests: options.requests,
    pdfBytes: options.pdfBytes,
    p50S,
    p99S,
    withDocuments,
    bigFileBytes: options.bigFileBytes,
    signedBytes,
    rssBeforeMiB,
    rssMaxMiB,
  };
}

function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? NaN : Number(kb) / 1024;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

async function waitFor<T>(read: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('evidence bench: no outcome callback in time');
    await sleep(10);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
