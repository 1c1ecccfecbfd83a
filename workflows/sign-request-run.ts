import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  patched,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { CancelResult, ResendResult } from '../contracts/messages';
import type { ReissueResult } from '../contracts/reissue';
import type { PollingPolicy, SignRequestInput } from '../contracts/sign-request-input';
import type {
  CancellationInfo,
  SignRequestSnapshot,
  SignRequestState,
  StatusCheck,
} from '../contracts/sign-request-state';
import { CANCELLABLE_STATUSES, RESENDABLE_STATUSES } from '../contracts/box-rules';
import { ErrorType } from '../contracts/errors';
import { BoxSignRequestId, BoxSignStatus } from '../contracts/search-attributes';
import { fairnessKeyOf, senderOf } from '../contracts/sender';
import { isTerminalStatus } from '../contracts/sign-request-status';
import { snapshotFingerprint } from '../contracts/snapshot-fingerprint';
import {
  OPERATOR_ACTION_ATTEMPTS,
  cancelSignRequest,
  fetchSignRequest,
  lookUpSignRequest,
  resendSignRequest,
  statusPoller,
} from './activity-stubs';
import type { ActionQueue, PendingAction } from './operator-actions';
import { alreadyFinished, assertResendable } from './operator-actions';
import {
  applySnapshot,
  applyStatusCheck,
  createdAnswer,
  lastActivityAt,
  plusMs,
  recordResend,
} from './sign-request-state';
import { showState } from './status-memo';
import { carryOutReissue } from './reissue';

const DAY_MS = 86_400_000;

/**
 * One run of the workflow after the Box request exists: follows its status, carries out operator actions,
 * fires the deadline and reminders. Every Box mutation happens here, in order.
 */
export class SignRequestRun {
  private readonly poll: ReturnType<typeof statusPoller>;
  private publishedStatus: string | null = null;
  /** Called after each change Box showed is applied, before it is published (what it changes goes in the same memo). */
  observe: () => void = () => undefined;
  /** Called once a reissue's new round exists (workflows/reissue.ts). */
  onReissued: () => void = () => undefined;

  constructor(
    readonly input: SignRequestInput,
    readonly state: SignRequestState,
    public snapshot: SignRequestSnapshot,
    private readonly polling: PollingPolicy,
    readonly actions: ActionQueue,
  ) {
    this.poll = statusPoller(polling, fairnessKeyOf(input));
  }

  /** Publishes the state to the Web UI: search attributes when the status changed, current details always. */
  publish(idChanged = false): void {
    if (idChanged || this.snapshot.status !== this.publishedStatus) {
      upsertSearchAttributes([
        { key: BoxSignRequestId, value: this.snapshot.signRequestId },
        { key: BoxSignStatus, value: this.snapshot.status },
      ]);
      this.publishedStatus = this.snapshot.status;
    }
    this.state.reminders.nextAt = this.nextReminderAt();
    showState(this.state, this.polling, createdAnswer(this.input, this.snapshot));
  }

  isFinished(): boolean {
    return isTerminalStatus(this.snapshot.status);
  }

  /** Does the next due thing: an operator action, the deadline, a reminder, or waiting for Box to change. */
  async step(): Promise<void> {
    const pending = this.actions.next();
    if (pending) return this.perform(pending);
    if (this.actions.takeBoxEvent()) return this.confirmBoxEvent();
    if (this.deadlineDue()) {
      const at = now();
      await this.cancelOnBox({ by: 'deadline', reason: `deadline ${this.state.deadlineAt} passed`, at });
      return;
    }
    if (this.reminderDue()) return this.sendReminder();
    const check = await this.waitForChangeOrWake();
    if (check) this.apply(check);
  }

  /** Cancels on Box, first waiting out `converting` (Box refuses then); a finished request is left alone. */
  async cancelOnBox(cancellation: CancellationInfo): Promise<void> {
    const phase = this.state.phase;
    this.state.phase = 'cancelling';
    try {
      if (this.snapshot.status === 'converting') await this.lookBeforeCancelling();
      while (this.snapshot.status === 'converting') this.apply(await this.pollOnce());
      if (!CANCELLABLE_STATUSES.includes(this.snapshot.status)) return;
      const reason = cancellation.reason ?? undefined;
      const cancelled = await cancelSignRequest(fairnessKeyOf(this.input), { ...this.call(), reason });
      this.state.cancellation = cancellation;
      this.snapshot = cancelled;
      applySnapshot(this.state, cancelled, now(), undefined, this.input);
      log.info('Sign request cancelled on Box', { by: cancellation.by, signRequestId: cancelled.signRequestId });
    } finally {
      if (this.state.cancellation === null) this.state.phase = phase;
      this.publish();
    }
  }

  /**
   * Box may have sent the request since the workflow last looked (a cancel accepted while converting): one GET first,
   * then polling only if it is still converting. If Box cannot be reached, polling finds out.
   */
  private async lookBeforeCancelling(): Promise<void> {
    if (!patched(CANCEL_LOOKS_FIRST_PATCH)) return;
    try {
      this.apply({ ...(await lookUpSignRequest(fairnessKeyOf(this.input), this.call())), polls: 0 });
    } catch (err) {
      if (isCancellation(err)) throw err;
      log.warn('Could not look at the request before cancelling; polling until Box allows it', { error: String(err) });
    }
  }

  private async perform({ action, settle }: PendingAction): Promise<void> {
    try {
      if (action.kind === 'cancel') {
        await this.cancelOnBox({ by: 'operator', reason: action.request.reason ?? null, at: now() });
        if (this.state.cancellation === null) throw new Error(`The request is already ${this.snapshot.status}.`);
        const result: CancelResult = { signRequestId: this.snapshot.signRequestId, status: this.snapshot.status };
        (settle.resolve as (r: CancelResult) => void)(result);
      } else if (action.kind === 'reissue') {
        (settle.resolve as (r: ReissueResult) => void)(await carryOutReissue(this, action.request));
      } else {
        (settle.resolve as (r: ResendResult) => void)(await this.resend());
      }
    } catch (err) {
      settle.reject(isCancellation(err) ? asUpdateFailure(err) : await this.refusalOf(err));
    }
  }

  /**
   * Box refused the action. If it did because the request has ended meanwhile (signed while the cancel was queued),
   * one GET tells, the loop ends on it, and the answer is the typed "already finished". Never throws: every update the
   * loop took gets its answer.
   */
  private async refusalOf(err: unknown): Promise<ApplicationFailure> {
    const failure = asUpdateFailure(err);
    if (failure.type !== ErrorType.BoxRequestRejected || !patched(REFUSAL_LOOKS_AT_BOX_PATCH)) return failure;
    try {
      const check = await lookUpSignRequest(fairnessKeyOf(this.input), this.call());
      if (snapshotFingerprint(check.snapshot) !== snapshotFingerprint(this.snapshot))
        this.apply({ ...check, polls: 0 });
    } catch {
      return failure;
    }
    return this.isFinished() ? alreadyFinished(this.state) : failure;
  }

  private async resend(): Promise<ResendResult> {
    assertResendable(this.state, Date.now());
    await resendSignRequest(fairnessKeyOf(this.input), this.call());
    const at = now();
    recordResend(this.state, at);
    this.publish();
    return {
      resentAt: at,
      resendsDone: this.state.resends.done,
      nextAllowedAt: this.state.resends.nextAllowedAt ?? at,
    };
  }

  /** A verified webhook said something happened: one GET tells what. If Box is unreachable, polling catches up. */
  private async confirmBoxEvent(): Promise<void> {
    this.state.boxEvents = (this.state.boxEvents ?? 0) + 1;
    try {
      const check = await fetchSignRequest(fairnessKeyOf(this.input), this.call());
      if (snapshotFingerprint(check.snapshot) !== snapshotFingerprint(this.snapshot))
        this.apply({ ...check, polls: 0 });
    } catch (err) {
      if (isCancellation(err)) throw err;
      log.warn('Could not confirm a Box webhook; polling continues', { error: String(err) });
    }
  }

  private async sendReminder(): Promise<void> {
    this.state.reminders.sent += 1;
    try {
      await this.resend();
      log.info('Reminder sent', { reminders: this.state.reminders.sent });
    } catch (err) {
      // Counted all the same: a reminder Box refuses (the request just changed) must not be retried in a loop.
      log.warn('Reminder not sent', { error: err instanceof Error ? err.message : String(err) });
      this.publish();
    }
  }

  private deadlineDue(): boolean {
    const deadline = this.state.deadlineAt;
    return deadline !== null && this.deadlineActionable() && Date.parse(deadline) <= Date.now();
  }

  private deadlineActionable(): boolean {
    const status = this.snapshot.status;
    return this.state.cancellation === null && (status === 'converting' || CANCELLABLE_STATUSES.includes(status));
  }

  private reminderDue(): boolean {
    const next = this.state.reminders.nextAt;
    return next !== null && Date.parse(next) <= Date.now();
  }

  /** A reminder is due `afterDays` after the last send or decision, never inside Box's cool-down. */
  private nextReminderAt(): string | null {
    const policy = this.input.reminderPolicy;
    const since = lastActivityAt(this.state);
    if (!policy || this.state.reminders.sent >= policy.maxReminders || since === null) return null;
    if (!RESENDABLE_STATUSES.includes(this.snapshot.status)) return null;
    const due = Date.parse(plusMs(since, policy.afterDays * DAY_MS));
    const allowed = this.state.resends.nextAllowedAt ? Date.parse(this.state.resends.nextAllowedAt) : 0;
    return new Date(Math.max(due, allowed)).toISOString();
  }

  /**
   * Polls until Box changes, unless an operator action, a webhook or a timer (deadline, reminder) comes first; the loser
   * is cancelled. Returns the change, or null when woken for something else.
   */
  private async waitForChangeOrWake(): Promise<StatusCheck | null> {
    const wakeAt = [this.deadlineActionable() ? this.state.deadlineAt : null, this.state.reminders.nextAt]
      .filter((t): t is string => t !== null)
      .map((t) => Date.parse(t));
    const scope = new CancellationScope();
    const polled = scope.run(() => this.pollOnce());
    const woken = scope.run(async (): Promise<void> => {
      if (wakeAt.length === 0) await condition(() => this.actions.hasWork());
      else await condition(() => this.actions.hasWork(), Math.max(1, Math.min(...wakeAt) - Date.now()));
    });
    try {
      const first = await Promise.race([polled, woken.then(() => null)]);
      if (first !== null) return first;
      scope.cancel();
      return await answeredBeforeWake(polled);
    } finally {
      scope.cancel();
      polled.catch(() => undefined);
      woken.catch(() => undefined);
    }
  }

  private pollOnce(): Promise<StatusCheck> {
    return this.poll({
      ...this.call(),
      knownFingerprint: snapshotFingerprint(this.snapshot),
      polling: this.polling,
      deferFirstCheck: true,
    });
  }

  /** What every Box call of the request names: the request, and its sender (the `as-user` of the call). */
  private call(): { signRequestId: string; sender?: string } {
    const sender = senderOf(this.input);
    return { signRequestId: this.snapshot.signRequestId, ...(sender === undefined ? {} : { sender }) };
  }

  private apply(check: StatusCheck): void {
    this.snapshot = check.snapshot;
    applyStatusCheck(this.state, check, now(), this.input);
    this.observe();
    this.publish();
  }
}

/** Runs from before this patch answered a cancel or resend Box refused with Box's refusal, without looking why. */
const REFUSAL_LOOKS_AT_BOX_PATCH = 'refusal-looks-at-box';

/** Runs from before this patch waited out `converting` by polling alone, the first check one interval later. */
const CANCEL_LOOKS_FIRST_PATCH = 'cancel-looks-at-box-first';

/**
 * Runs from before this patch dropped a poll's answer when a wake-up (an update, a webhook, a timer) was handled in
 * the same activation as the poll's result; the answer may be the end of the request.
 */
const POLL_ANSWER_AFTER_WAKE_PATCH = 'poll-answer-after-wake';

/**
 * The poll, once the wake-up has cancelled it: a poll still waiting ends cancelled (TRY_CANCEL answers at once), but one
 * that had already returned in the same activation as the wake-up keeps its answer.
 */
async function answeredBeforeWake(polled: Promise<StatusCheck>): Promise<StatusCheck | null> {
  const answer = await polled.catch(() => null);
  return answer !== null && patched(POLL_ANSWER_AFTER_WAKE_PATCH) ? answer : null;
}

function now(): string {
  return new Date().toISOString();
}

/** Update handlers must fail with an ApplicationFailure (anything else would fail the workflow task instead). */
function asUpdateFailure(err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const root = rootCause(err);
  const type = root instanceof ApplicationFailure && root.type ? root.type : ErrorType.BoxRequestRejected;
  const message =
    type === ErrorType.BoxUnavailable
      ? `Box was unavailable; the action was retried ${retriesOf(err)} and failed: ${root.message}`
      : root.message;
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

function retriesOf(err: unknown): string {
  const ranOut = err instanceof ActivityFailure && err.retryState === 'MAXIMUM_ATTEMPTS_REACHED';
  return ranOut ? `${OPERATOR_ACTION_ATTEMPTS} times` : 'several times';
}

function rootCause(err: unknown): Error {
  let current: unknown = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current : new Error(String(current));
}
