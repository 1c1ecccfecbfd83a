import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  patched,
  TimeoutFailure,
  workflowInfo,
} from '@temporalio/workflow';
import type { SignRequestInput } from '../contracts/sign-request-input';
import type { RetryingActivity, SignRequestSnapshot, SignRequestState } from '../contracts/sign-request-state';
import { BOX_RETRY_BACKOFF } from '../contracts/box-limits';
import { parseDurationMs } from '../contracts/durations';
import { fairnessKeyOf, senderOf } from '../contracts/sender';
import { backoffDelayMs } from '../contracts/backoff';
import { createMayHaveLanded } from '../contracts/create-doubt';
import {
  CREATE_ATTEMPTS_PER_ROUND,
  CREATE_FIRST_ROUND_ATTEMPTS,
  createSignRequestFirstAttempt,
  createSignRequestRetryRound,
  createSignRequestRound,
  findSignRequest,
} from './activity-stubs';
import type { ActionQueue } from './operator-actions';
import { roundExternalId } from '../contracts/workflow-identity';

/** A reissue's create: the round it makes (its own external_id) and the API's binding, checked before the POST. */
export interface ReissueRound {
  round: number;
  binding?: unknown;
}

/** Why a create was given up: an operator's cancel, a Temporal cancellation, or the input's createTimeout. */
export type CreateStop = 'operator' | 'temporal' | 'createTimeout';

export type CreateOutcome =
  | { kind: 'created'; snapshot: SignRequestSnapshot }
  /** `found`: the request an attempt had created after all (the reconcile's find), null when Box has none. */
  | { kind: 'stopped'; by: CreateStop; found: SignRequestSnapshot | null; cancellation?: unknown };

const CREATE_ACTIVITY = 'createSignRequest';

/**
 * 7 Dec 2026: the first attempt is a round of its own and later rounds go ahead of the sender's new creates
 * (activity-stubs.ts, CREATE_FIRST_ROUND_ATTEMPTS). Runs from before keep rounds of CREATE_ATTEMPTS_PER_ROUND at one
 * priority.
 */
export const CREATE_RETRIES_FIRST_PATCH = 'create-retries-first';

/** Which activity a round is: the legacy round, or (since the patch) the first attempt alone, or a retry round. */
type RoundKind = 'legacy' | 'first' | 'retry';

/**
 * Creates the Box request in rounds of a few attempts, so that between rounds the workflow can say what goes wrong
 * (state.retrying, the Web UI's current details) and can give the create up: an operator's cancel, a Temporal
 * cancellation or the input's createTimeout stops the retries, waits for the attempt in flight, then looks on Box
 * for a request with our external_id, which the caller cancels. Nothing Box accepted is left behind.
 */
export class CreatePhase {
  private attempts = 0;
  /** Whether the last round's last POST may have reached Box unheard; carried to the next round (adoption). */
  private lastPostInDoubt: boolean | undefined;
  private readonly externalId: string;
  /** Workflow time before the first round is scheduled: the adoption look-up needs no request older than this. */
  private readonly startedAtMs = Date.now();
  private readonly giveUpAt: number | null;

  constructor(
    private readonly input: SignRequestInput,
    private readonly state: SignRequestState,
    private readonly actions: ActionQueue,
    private readonly publish: () => void,
    private readonly reissue: ReissueRound | null = null,
  ) {
    this.externalId = roundExternalId(workflowInfo().workflowId, reissue?.round ?? 1);
    const timeoutMs = input.createTimeout === undefined ? null : parseDurationMs(input.createTimeout);
    this.giveUpAt = timeoutMs === null ? null : Date.now() + timeoutMs;
  }

  async run(): Promise<CreateOutcome> {
    this.publish();
    const retriesFirst = patched(CREATE_RETRIES_FIRST_PATCH);
    for (let n = 0; ; n++) {
      const outcome = await this.round(retriesFirst ? (n === 0 ? 'first' : 'retry') : 'legacy');
      if (outcome) return outcome;
      const stop = await this.waitBeforeNextRound(retriesFirst);
      if (stop) return stop;
    }
  }

  /** One round: created, given up (the outcome), or null when its attempts ran out and another round is due. */
  private async round(kind: RoundKind): Promise<CreateOutcome | null> {
    const scope = new CancellationScope();
    const create =
      kind === 'first'
        ? createSignRequestFirstAttempt
        : kind === 'retry'
          ? createSignRequestRetryRound
          : createSignRequestRound;
    const created = scope.run(() =>
      create(fairnessKeyOf(this.input), {
        request: this.input,
        externalId: this.externalId,
        attemptsBefore: this.attempts,
        createStartedAtMs: this.startedAtMs,
        ...(kind === 'retry' && this.lastPostInDoubt !== undefined ? { createInDoubt: this.lastPostInDoubt } : {}),
        ...(this.reissue === null ? {} : { reissue: this.reissue }),
      }),
    );
    // Never rejects: a round that failed or was cancelled created nothing that the reconcile would not find.
    const settled = created.then(
      (snapshot) => snapshot,
      () => null,
    );
    const stopped = scope.run(() => this.stopRequested());
    try {
      const first = await Promise.race([created, stopped]);
      if (typeof first !== 'string') return { kind: 'created', snapshot: first };
      scope.cancel();
      return this.reconcile(first, await settled);
    } catch (err) {
      if (isCancellation(err)) return this.reconcile('temporal', await settled, err);
      if (!roundExhausted(err)) throw err;
      this.recordRound(
        err as ActivityFailure,
        kind !== 'legacy',
        kind === 'first' ? CREATE_FIRST_ROUND_ATTEMPTS : CREATE_ATTEMPTS_PER_ROUND,
      );
      return null;
    } finally {
      scope.cancel();
      stopped.catch(() => undefined);
    }
  }

  /** Resolves when the create should be given up: an operator asked to cancel, or createTimeout passed. */
  private async stopRequested(): Promise<CreateStop> {
    if (this.giveUpAt === null) {
      await condition(() => this.cancelAsked());
      return 'operator';
    }
    const asked = await condition(() => this.cancelAsked(), Math.max(1, this.giveUpAt - Date.now()));
    return asked ? 'operator' : 'createTimeout';
  }

  /** Waits out the back-off before the next round, unless the create is given up meanwhile. */
  private async waitBeforeNextRound(retriesFirst: boolean): Promise<CreateOutcome | null> {
    const nextAt = this.state.retrying?.nextAttemptAt;
    const waitMs = nextAt ? Date.parse(nextAt) - Date.now() : 0;
    const until = this.giveUpAt === null ? waitMs : Math.min(waitMs, this.giveUpAt - Date.now());
    // Since create-retries-first, nothing to wait for (an attempt lost with its worker): the next round goes out in
    // this workflow task, with no timer and no second task before it.
    if (retriesFirst && until <= 0 && !this.cancelAsked()) return null;
    try {
      if (await condition(() => this.cancelAsked(), Math.max(1, until))) return this.reconcile('operator', null);
      if (this.giveUpAt !== null && Date.now() >= this.giveUpAt) return this.reconcile('createTimeout', null);
      return null;
    } catch (err) {
      if (isCancellation(err)) return this.reconcile('temporal', null, err);
      throw err;
    }
  }

  /**
   * An operator's cancel gives up a first create; a reissue's create goes on (the cancel waits in the queue and
   * cancels the new request once Box has it: the old one is cancelled already).
   */
  private cancelAsked(): boolean {
    return this.reissue === null && this.actions.hasCancel();
  }

  /** What Box has after the create was given up: the round's own answer, or a look for our external_id. */
  private async reconcile(
    by: CreateStop,
    created: SignRequestSnapshot | null,
    cancellation?: unknown,
  ): Promise<CreateOutcome> {
    this.state.phase = 'cancelling';
    this.publish();
    const found =
      created ??
      (await CancellationScope.nonCancellable(() =>
        findSignRequest(fairnessKeyOf(this.input), {
          externalId: this.externalId,
          createStartedAtMs: this.startedAtMs,
          sender: senderOf(this.input),
        }),
      ));
    log.info('Create given up', { by, foundOnBox: found !== null, attempts: this.attempts });
    return { kind: 'stopped', by, found, ...(cancellation === undefined ? {} : { cancellation }) };
  }

  private recordRound(failure: ActivityFailure, retriesFirst: boolean, attempts: number): void {
    this.attempts += attempts;
    const cause = failure.cause;
    this.lastPostInDoubt = postInDoubt(cause);
    // Since create-retries-first, an attempt that timed out (its worker died; the heartbeat timeout already waited)
    // is retried at once: Box said nothing, so there is no back-off to respect.
    const delayMs =
      retriesFirst && cause instanceof TimeoutFailure
        ? 0
        : Math.max(backoffDelayMs(BOX_RETRY_BACKOFF, this.attempts), retryAfterMs(cause));
    const retrying: RetryingActivity = {
      activity: CREATE_ACTIVITY,
      attempts: this.attempts,
      lastErrorType: cause instanceof ApplicationFailure ? (cause.type ?? null) : (cause?.name ?? null),
      lastErrorMessage: cause?.message ?? failure.message,
      nextAttemptAt: new Date(Date.now() + delayMs).toISOString(),
    };
    this.state.retrying = retrying;
    log.warn('Box keeps failing the create; retrying', { attempts: retrying.attempts, error: retrying.lastErrorType });
    this.publish();
  }
}

/** A round whose attempts all failed with errors that may heal: another round follows. */
function roundExhausted(err: unknown): boolean {
  return err instanceof ActivityFailure && err.retryState === 'MAXIMUM_ATTEMPTS_REACHED';
}

/** What a Box failure's details say (activities/box-failure.ts). */
interface BoxFailureDetails {
  status?: number | null;
  retryDelayMs?: number;
}

function boxDetails(cause: Error | undefined): BoxFailureDetails | undefined {
  if (!(cause instanceof ApplicationFailure)) return undefined;
  const details: unknown = cause.details?.[0];
  return typeof details === 'object' && details !== null ? details : undefined;
}

/**
 * The delay Box's retry-after (or the back-off) set on the last attempt's failure. SDK 1.24 does not decode
 * nextRetryDelay into the workflow's ApplicationFailure, so the activity puts it in the details too.
 */
function retryAfterMs(cause: Error | undefined): number {
  const delay =
    cause instanceof ApplicationFailure ? (cause.nextRetryDelay ?? boxDetails(cause)?.retryDelayMs) : undefined;
  return typeof delay === 'number' ? delay : 0;
}

/**
 * Whether the round's last POST may have reached Box unheard (activities/adoption-scan-start.ts): a Box answer below
 * 500 (a 429, a 408) says it did not; a lost worker's last heartbeat says what it knew; anything else may have.
 */
function postInDoubt(cause: Error | undefined): boolean | undefined {
  if (cause instanceof TimeoutFailure) {
    const remembered: unknown = cause.lastHeartbeatDetails;
    if (typeof remembered !== 'object' || remembered === null) return undefined;
    const inDoubt = (remembered as { createInDoubt?: unknown }).createInDoubt;
    return typeof inDoubt === 'boolean' ? inDoubt : undefined;
  }
  return createMayHaveLanded(boxDetails(cause)?.status);
}
