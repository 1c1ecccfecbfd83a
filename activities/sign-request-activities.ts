import { activityInfo, heartbeat } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { BoxSignApi, CallAs } from '../box/sign-client';
import type { CallbackDeliveryDeps } from '../callbacks/deliver-callback';
import { createCallbackActivities } from '../callbacks/deliver-callback';
import type {
  DeliverCallbackInput,
  DeliveredCallback,
  PlaintextSignRequestInput,
  PollingPolicy,
  SignRequestInput,
  SignRequestSnapshot,
  StatusCheck,
  ValidationIssue,
} from '../contracts';
import { BOX_RETRY_BACKOFF, ErrorType, senderOf, snapshotFingerprint } from '../contracts';
import { assertSenderAllowed } from './sender-allowed';
import { OpenedSecretInvalidError, SealedSecretError, unsealSignRequestInput } from '../encryption/seal-input';
import type { SealingPrivateKeys } from '../encryption/sealing';
import type { Logger } from '../logging/logger';
import { backoffDelayMs } from '../contracts/backoff';
import { countInActivity } from '../metrics/activity-meter';
import { METRICS } from '../metrics/names';
import type { BoxFilesApi } from '../box/file-content';
import { isBoxFilesApi } from '../box/file-content';
import type { CollectedEvidence, FindSignRequestOwnerInput } from '../contracts';
import { adoptionScanStart, createMayExist, recordingDoubt } from './adoption-scan-start';
import type { CollectEvidenceInput } from './collect-evidence';
import { collectEvidence } from './collect-evidence';
import { withBoxFailures } from './box-failure';
import { classifyingFailures } from './classify-failure';
import { findByExternalId } from './find-by-external-id';
import { findSignRequestOwner } from './find-sign-request-owner';
import { whileHeartbeating } from './heartbeating';
import { nextPollDelayMs } from './poll-delay';
import { toBoxCreateBody } from './to-box-create-body';
import { checkTemplate } from './check-template';
import { verificationRefusal } from './verification-refusal';
import { toSnapshot } from './to-snapshot';
import type { StartTrust } from './start-binding-check';
import { assertStartBound } from './start-binding-check';
import { validateInput } from './validate-input';
import type { ReissueCheckInput } from './reissue-check';
import { assertReissueBound, checkReissue } from './reissue-check';

export interface ActivityDeps {
  box: BoxSignApi;
  logger: Logger;
  now?: () => Date;
  /** The callback secrets and URL allow list; without them a request with a callback fails its delivery, saying why. */
  callbacks?: CallbackDeliveryDeps;
  /** The workers' sealing private keys: the create opens the signers' sealed secrets with them, right before Box. */
  sealingKeys?: SealingPrivateKeys;
  /** BOX_SIGN_ALLOWED_SENDERS: the senders a request may name; none (the default): only the default identity. */
  allowedSenders?: readonly string[];
  /** Box's file downloads (evidence); default `box` itself when it has them (the real client does). */
  files?: BoxFilesApi;
  /**
   * How the create tells a start the API bound to its client from one that only names it (start-binding-check.ts);
   * absent (unit tests without Temporal): not checked. The worker always passes it.
   */
  startTrust?: StartTrust;
}

/**
 * The Box user a request's calls act as (`sender.boxUserId`, sent as `as-user`). Absent in activities scheduled
 * before senders existed, and for requests that name none: the deployment's default identity.
 */
export interface SentAs {
  sender?: string;
}

export interface CreateSignRequestInput {
  request: SignRequestInput;
  /** The workflow id: Box's external_id, and the key that makes a retried create find its earlier request. */
  externalId: string;
  /**
   * Attempts made by earlier rounds of this create (the workflow runs it in rounds of a few attempts): they count for
   * the back-off and for adoption. Absent in creates scheduled before rounds existed.
   */
  attemptsBefore?: number;
  /**
   * Workflow time (epoch ms) when the create began, before its first round: no attempt can have reached Box earlier,
   * so the adoption look-up stops at older requests. Absent in creates scheduled before it existed.
   */
  createStartedAtMs?: number;
  /**
   * Whether the previous round's last POST may have reached Box without our hearing of it: within a round the
   * heartbeat carries that from attempt to attempt, across rounds the workflow does. Absent: not known (any attempt
   * after the first then looks, as before).
   */
  createInDoubt?: boolean;
  /**
   * A reissue's create (contracts/reissue.ts): `request` carries the corrected signers, so the API's reissue binding
   * for this round is checked instead of the start's. Absent for a request's first create.
   */
  reissue?: { round: number; binding?: unknown };
}

export interface FindSignRequestInput extends SentAs {
  externalId: string;
  /** As in CreateSignRequestInput; absent in look-ups scheduled before it existed, which then scan Box's whole list. */
  createStartedAtMs?: number;
}

export interface AwaitStatusChangeInput extends SentAs {
  signRequestId: string;
  /** Fingerprint of what the workflow already knows; see snapshotFingerprint. */
  knownFingerprint: string;
  polling: PollingPolicy;
  /**
   * The workflow has just seen the request (created it, or a poll or a GET returned it): the first check waits one
   * initial interval instead of running at once, which would almost always find what the workflow already knows.
   * Absent in polls scheduled before this option existed: those check at once.
   */
  deferFirstCheck?: boolean;
}

export interface SignRequestCallInput extends SentAs {
  signRequestId: string;
}

export interface CancelSignRequestInput extends SignRequestCallInput {
  reason?: string;
}

interface CreateHeartbeat {
  signRequestId?: string;
  /** Whether the last create POST may have reached Box without us learning so (see createMayExist). */
  createInDoubt?: boolean;
}

export function createActivities({
  box,
  logger,
  now = () => new Date(),
  callbacks,
  sealingKeys = new Map(),
  allowedSenders = [],
  files = isBoxFilesApi(box) ? box : undefined,
  startTrust,
}: ActivityDeps) {
  const callbackActivities = createCallbackActivities(callbacks, logger);
  return {
    validateInput,
    /** A reissue's corrected input and binding, before it cancels anything on Box (activities/reissue-check.ts). */
    checkReissue: (input: ReissueCheckInput): Promise<ValidationIssue[]> =>
      checkReissue(startTrust, allowedSenders, input),
    /**
     * A finished request's evidence, streamed from Box and hashed (activities/collect-evidence.ts). Retried until
     * collected: "not ready" benignly, Box errors like every Box call.
     */
    async collectEvidence(input: CollectEvidenceInput): Promise<CollectedEvidence> {
      return classifyingFailures(boxBackoffMs(), () => {
        if (files === undefined) throw new Error('This worker has no Box file downloads configured');
        return collectEvidence(box, files, input, now);
      });
    },

    /**
     * The workflow a webhook event without `external_id` is for (workflows/route-box-event.ts): one GET, as the
     * payload's `created_by` when that user is an allowed sender.
     */
    async findSignRequestOwner(input: FindSignRequestOwnerInput): Promise<string | null> {
      return classifyingFailures(boxBackoffMs(), () =>
        whileHeartbeating(() =>
          withBoxFailures(() => findSignRequestOwner(box, input, allowedSenders), boxBackoffMs()),
        ),
      );
    },

    /** Each attempt counted by its result: delivered, or the failure's type (retried or not). */
    async deliverCallback(input: DeliverCallbackInput): Promise<DeliveredCallback> {
      try {
        const delivered = await callbackActivities.deliverCallback(input);
        countInActivity(METRICS.callbacks, { result: 'delivered' });
        return delivered;
      } catch (err) {
        countInActivity(METRICS.callbacks, {
          result: err instanceof ApplicationFailure ? (err.type ?? 'error') : 'error',
        });
        throw err;
      }
    },

    /**
     * Creates the Box request once. Box has no idempotency key, so a retry after an ambiguous failure
     * (timeout, reset, 5xx: the write may have persisted) first adopts a request with our external_id.
     */
    async createSignRequest({
      request,
      externalId,
      attemptsBefore,
      createStartedAtMs,
      createInDoubt,
      reissue,
    }: CreateSignRequestInput): Promise<SignRequestSnapshot> {
      return classifyingFailures(boxBackoffMs(), async () => {
        if (startTrust !== undefined) {
          if (reissue === undefined) await assertStartBound(startTrust, request, allowedSenders);
          else await assertReissueBound(startTrust, request, reissue, allowedSenders);
        }
        assertSenderAllowed(request, { deployment: allowedSenders });
        const as = callAs(senderOf(request));
        const plaintext = unsealed(request, sealingKeys);
        const info = activityInfo();
        const attempt = (attemptsBefore ?? 0) + info.attempt;
        const backoffMs = boxBackoffMs(attempt);
        const remembered =
          (info.heartbeatDetails as CreateHeartbeat | undefined) ??
          (createInDoubt === undefined ? undefined : { createInDoubt });
        const createdBefore = remembered?.signRequestId;
        if (createdBefore) {
          return toSnapshot(
            await whileHeartbeating(() => withBoxFailures(() => box.getSignRequest(createdBefore, as), backoffMs)),
          );
        }
        if (createMayExist(remembered, attempt)) {
          const notBeforeMs = adoptionScanStart(createStartedAtMs, attemptsBefore, info);
          const existing = await whileHeartbeating(() =>
            withBoxFailures(() => findByExternalId(box, externalId, notBeforeMs, as), backoffMs),
          );
          if (existing !== undefined) {
            logger.info('Adopted the sign request an earlier attempt created', {
              externalId,
              signRequestId: existing.id,
            });
            return toSnapshot(existing);
          }
        }
        await checkTemplate(box, request, as, backoffMs);
        const created = await whileHeartbeating(() =>
          withBoxFailures(
            () =>
              recordingDoubt(() =>
                box.createSignRequest(toBoxCreateBody(plaintext, externalId), as).catch((err: unknown) => {
                  throw verificationRefusal(err, request);
                }),
              ),
            backoffMs,
          ),
        );
        heartbeat({ signRequestId: created.id } satisfies CreateHeartbeat);
        logger.info('Created sign request', { externalId, signRequestId: created.id, status: created.status });
        return toSnapshot(created);
      });
    },

    /**
     * One GET per attempt. Unchanged → a benign failure whose nextRetryDelay is the next poll, so the
     * waiting happens in Temporal's retries and adds no history; returns only when something changed. With
     * deferFirstCheck, attempt 1 makes no call and only waits: the checks then fall where the cadence puts them,
     * minus the one at zero.
     */
    async awaitStatusChange({
      signRequestId,
      knownFingerprint,
      polling,
      deferFirstCheck = false,
      sender,
    }: AwaitStatusChangeInput): Promise<StatusCheck> {
      const { attempt } = activityInfo();
      // Errors wait on the poll cadence too (see box-failure.ts): one clock for polls and error back-off.
      const nextPollMs = nextPollDelayMs(polling, attempt);
      if (deferFirstCheck && attempt === 1) throw unchanged('First check deferred', nextPollMs);
      return classifyingFailures(nextPollMs, async () => {
        const snapshot = toSnapshot(
          await whileHeartbeating(() =>
            withBoxFailures(() => box.getSignRequest(signRequestId, callAs(sender)), nextPollMs),
          ),
        );
        const changed = snapshotFingerprint(snapshot) !== knownFingerprint;
        countInActivity(METRICS.polls, { result: changed ? 'changed' : 'unchanged' });
        if (!changed) throw unchanged(`Sign request still ${snapshot.status}`, nextPollMs);
        return { snapshot, checkedAt: now().toISOString(), polls: deferFirstCheck ? attempt - 1 : attempt };
      });
    },

    /**
     * The reconcile of a create given up (cancelled, or past its createTimeout): the request an attempt may have
     * created, found by our external_id, or null when Box has none.
     */
    async findSignRequest({
      externalId,
      createStartedAtMs,
      sender,
    }: FindSignRequestInput): Promise<SignRequestSnapshot | null> {
      return classifyingFailures(boxBackoffMs(), async () => {
        const existing = await whileHeartbeating(() =>
          withBoxFailures(
            () => findByExternalId(box, externalId, createStartedAtMs ?? null, callAs(sender)),
            boxBackoffMs(),
          ),
        );
        return existing === undefined ? null : toSnapshot(existing);
      });
    },

    /** One GET, to confirm what a webhook announced: a webhook's payload alone is never trusted. */
    async fetchSignRequest({ signRequestId, sender }: SignRequestCallInput): Promise<StatusCheck> {
      return classifyingFailures(boxBackoffMs(), async () => {
        countInActivity(METRICS.webhookConfirmations);
        const snapshot = toSnapshot(
          await whileHeartbeating(() =>
            withBoxFailures(() => box.getSignRequest(signRequestId, callAs(sender)), boxBackoffMs()),
          ),
        );
        return { snapshot, checkedAt: now().toISOString(), polls: 1 };
      });
    },

    async cancelSignRequest({ signRequestId, reason, sender }: CancelSignRequestInput): Promise<SignRequestSnapshot> {
      return classifyingFailures(boxBackoffMs(), async () => {
        const body = reason === undefined ? {} : { reason };
        return toSnapshot(
          await whileHeartbeating(() =>
            withBoxFailures(() => box.cancelSignRequest(signRequestId, body, callAs(sender)), boxBackoffMs()),
          ),
        );
      });
    },

    async resendSignRequest({ signRequestId, sender }: SignRequestCallInput): Promise<void> {
      await classifyingFailures(boxBackoffMs(), () =>
        whileHeartbeating(() =>
          withBoxFailures(() => box.resendSignRequest(signRequestId, callAs(sender)), boxBackoffMs()),
        ),
      );
    },
  };
}

/** `as-user` for the request's sender; none for the deployment's default identity. */
function callAs(sender: string | undefined): CallAs {
  return sender === undefined ? {} : { asUser: sender };
}

/**
 * Opened before any Box call: a secret that does not open, or opens to a value that breaks its rule or its mask, fails
 * the create at once, naming the signer's field.
 */
function unsealed(request: SignRequestInput, sealingKeys: SealingPrivateKeys): PlaintextSignRequestInput {
  try {
    return unsealSignRequestInput(request, sealingKeys);
  } catch (err) {
    if (err instanceof OpenedSecretInvalidError) {
      throw ApplicationFailure.create({
        type: ErrorType.InvalidSignRequestInput,
        message: `The sign request was not sent to Box: ${err.message}`,
        nonRetryable: true,
        details: [err.issues],
      });
    }
    if (!(err instanceof SealedSecretError)) throw err;
    throw ApplicationFailure.create({
      type: ErrorType.SealedSecretUnreadable,
      message: `The sign request was not sent to Box: ${err.message}`,
      nonRetryable: true,
    });
  }
}

/** The back-off for every Box call but the status poll, which keeps its own cadence (see box-failure.ts). */
function boxBackoffMs(attempt: number = activityInfo().attempt): number {
  return backoffDelayMs(BOX_RETRY_BACKOFF, attempt);
}

export type SignRequestActivities = ReturnType<typeof createActivities>;

/** A benign failure: nothing new yet, check again after `nextRetryDelay` (no history, no error in the UI). */
function unchanged(message: string, nextRetryDelay: number): ApplicationFailure {
  return ApplicationFailure.create({
    type: ErrorType.SignRequestUnchanged,
    message,
    category: ApplicationFailureCategory.BENIGN,
    nextRetryDelay,
  });
}
