import { activityInfo, heartbeat } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { BoxFilesApi } from '../box/file-content';
import { BOX_CLIENT_CODES, BoxApiError } from '../box/errors';
import type { BoxSignApi, CallAs } from '../box/sign-client';
import type { BoxSignRequest, BoxSigner } from '../box/models';
import type { CollectedEvidence, EvidenceDocument, EvidenceFileRef, SignerInputValue } from '../contracts';
import { BOX_RETRY_BACKOFF, ErrorType, documentPath } from '../contracts';
import { backoffDelayMs } from '../contracts/backoff';
import { countInActivity } from '../metrics/activity-meter';
import { METRICS } from '../metrics/names';
import { withBoxFailures } from './box-failure';
import { hashStream } from '../documents/hash-stream';

export interface CollectEvidenceInput {
  signRequestId: string;
  /** The request's sender (`as-user` of every call); absent for the deployment's default identity. */
  sender?: string;
  businessKey: string;
  /** `signed`: the signed copies, the signing log and the signers' attachments; otherwise the signing log only. */
  outcome: string;
  /** Workflow time (epoch ms) the outcome was seen: the evidence is overdue `alertAfterMs` later. */
  sinceMs: number;
  alertAfterMs: number;
}

/** What an attempt leaves for the next one: the documents already hashed are not downloaded again. */
interface EvidenceHeartbeat {
  documents: EvidenceDocument[];
}

/** Box finalizing, or a 202: checked again after a back-off that stops growing at 30 s. */
const NOT_READY_BACKOFF = { initialIntervalMs: 500, backoffCoefficient: 2, maximumIntervalMs: 30_000 } as const;

/**
 * One attempt at a finished request's evidence: one GET of the request; while Box has not finished the signed copies
 * (`sign_files.is_ready_for_download: false`) a benign "not ready" retry; then each file streamed from Box and hashed
 * (never held in memory, never returned: only its size and SHA-256). A Box error or a connection dropped mid-download
 * fails the attempt like any Box call (box-failure.ts); the next one downloads only what is not hashed yet.
 */
export async function collectEvidence(
  box: BoxSignApi,
  files: BoxFilesApi,
  input: CollectEvidenceInput,
  now: () => Date,
): Promise<CollectedEvidence> {
  const as: CallAs = input.sender === undefined ? {} : { asUser: input.sender };
  const info = activityInfo();
  const attempt = info.attempt;
  const heartbeatDetails: unknown = info.heartbeatDetails;
  const overdue = now().getTime() >= input.sinceMs + input.alertAfterMs ? 'true' : 'false';
  const done = [...((heartbeatDetails as EvidenceHeartbeat | undefined)?.documents ?? [])];
  const backoffMs = backoffDelayMs(BOX_RETRY_BACKOFF, attempt);
  try {
    const request = await withBoxFailures(() => box.getSignRequest(input.signRequestId, as), backoffMs);
    const signed = input.outcome === 'signed';
    if (signed && request.sign_files?.is_ready_for_download !== true) {
      throw notReady('Box is still finalizing the signed documents', backoffDelayMs(NOT_READY_BACKOFF, attempt));
    }
    for (const ref of evidenceFiles(request, signed)) {
      if (done.some((d) => d.fileId === ref.fileId)) continue;
      done.push(await hashFile(files, ref, input, as, backoffMs, done));
      heartbeat({ documents: done } satisfies EvidenceHeartbeat);
    }
    countInActivity(METRICS.evidenceAttempts, { result: 'collected', overdue });
    return {
      documents: done,
      shortId: typeof request.short_id === 'string' ? request.short_id : null,
      signers: (request.signers ?? []).map(signerEvidence),
    };
  } catch (err) {
    const result = err instanceof ApplicationFailure ? (err.type ?? 'error') : 'error';
    countInActivity(METRICS.evidenceAttempts, {
      result: result === ErrorType.EvidenceNotReady ? 'not_ready' : result,
      overdue,
    });
    throw err;
  }
}

/** The files a request's evidence is made of: the signed copies only when it was signed. */
export function evidenceFiles(request: BoxSignRequest, signed: boolean): EvidenceFileRef[] {
  const refs: EvidenceFileRef[] = [];
  if (signed) {
    for (const file of request.sign_files?.files ?? []) {
      refs.push({ fileId: file.id, name: file.name ?? `${file.id}.pdf`, kind: 'signed' });
    }
  }
  const log = request.signing_log;
  if (log) refs.push({ fileId: log.id, name: log.name ?? `${log.id} signing log.pdf`, kind: 'signingLog' });
  if (signed) {
    for (const signer of request.signers ?? []) {
      for (const attachment of signer.attachments ?? []) {
        if (typeof attachment.id !== 'string') continue;
        const name = attachment.name ?? attachment.id;
        refs.push({ fileId: attachment.id, name, kind: 'attachment', signerEmail: signer.email });
      }
    }
  }
  return refs;
}

async function hashFile(
  files: BoxFilesApi,
  ref: EvidenceFileRef,
  input: CollectEvidenceInput,
  as: CallAs,
  backoffMs: number,
  done: EvidenceDocument[],
): Promise<EvidenceDocument> {
  const content = await withBoxFailures(() => files.openFileContent(ref.fileId, as), backoffMs);
  if (content.kind === 'notReady') {
    throw notReady(`Box answered 202 for ${ref.kind} file ${ref.fileId}: not ready yet`, content.retryAfterMs);
  }
  const announced = Number(content.headers['content-length']);
  const digest = await withBoxFailures(
    () =>
      hashStream(
        content.body,
        (bytes) => {
          countInActivity(METRICS.evidenceBytes, {}, bytes);
          heartbeat({ documents: done } satisfies EvidenceHeartbeat);
        },
        Number.isFinite(announced) && content.headers['content-length'] !== undefined ? announced : undefined,
      ).catch((err: unknown) => {
        throw new BoxApiError({
          code: BOX_CLIENT_CODES.network,
          boxMessage: `download of ${ref.kind} file ${ref.fileId} broke off: ${err instanceof Error ? err.message : String(err)}`,
          retryable: true,
          method: 'GET',
          path: '/files/{id}/content',
        });
      }),
    backoffMs,
  );
  return {
    fileId: ref.fileId,
    name: ref.name,
    kind: ref.kind,
    size: digest.size,
    sha256: digest.sha256,
    url: documentPath(input.businessKey, ref.fileId),
    ...(ref.signerEmail === undefined ? {} : { signerEmail: ref.signerEmail }),
  };
}

function signerEvidence(signer: BoxSigner): CollectedEvidence['signers'][number] {
  return {
    email: signer.email,
    inputs: (signer.inputs ?? []).map(inputValue),
    attachments: (signer.attachments ?? [])
      .filter((a): a is { id: string; name?: string } => typeof a.id === 'string')
      .map((a) => ({ fileId: a.id, name: a.name ?? a.id })),
    iframeableEmbedUrl: typeof signer.iframeable_embed_url === 'string' ? signer.iframeable_embed_url : null,
  };
}

/** Box's `SignRequestSignerInput`, kept to the values and where they are; unknown shapes are tolerated. */
function inputValue(raw: unknown): SignerInputValue {
  const input = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const str = (key: string): string | null => {
    const value = input[key];
    return typeof value === 'string' ? value : null;
  };
  return {
    type: str('type') ?? 'unknown',
    contentType: str('content_type'),
    label: str('label') ?? str('name'),
    documentTagId: str('document_tag_id'),
    pageIndex: typeof input['page_index'] === 'number' ? input['page_index'] : null,
    textValue: str('text_value'),
    checkboxValue: typeof input['checkbox_value'] === 'boolean' ? input['checkbox_value'] : null,
    dateValue: str('date_value'),
  };
}

/** A benign failure: Box has not finished the documents yet (no error in the UI or the failure metrics). */
function notReady(message: string, nextRetryDelay: number): ApplicationFailure {
  return ApplicationFailure.create({
    type: ErrorType.EvidenceNotReady,
    message,
    category: ApplicationFailureCategory.BENIGN,
    nextRetryDelay,
  });
}
