import { CancellationScope, condition, isCancellation, patched, workflowInfo } from '@temporalio/workflow';
import type { CallbackEventType } from '../contracts/callback';
import type { CallbackEvent, CallbackFailure, QueuedCallback } from '../contracts/callback-delivery';
import type { RedeliverResult } from '../contracts/callback-feed';
import { OPTIONAL_CALLBACK_EVENTS } from '../contracts/callback';
import type { SignRequestInput } from '../contracts/sign-request-input';
import type { SignRequestState } from '../contracts/sign-request-state';
import { COMPLETION_CALLBACKS_PATCH, callbackWebhookId } from '../contracts/callback-delivery';
import { ApiClient } from '../contracts/search-attributes';
import type { EventSource } from './callback-events';
import {
  callbackSigners,
  documentsReadyEvent,
  journeyEvent,
  outcomeEvent,
  reissuedEvent,
  signerEvent,
} from './callback-events';
import type { JourneyStep } from './signer-journey';
import { CallbackFeed } from './callback-feed';
import { CallbackQueue } from './callback-queue';

/**
 * The workflow's side of completion callbacks: which events to raise when, on top of the delivery queue. Only for
 * inputs with a `callback`, and only in runs that recorded the patch marker: a request with a callback started
 * before callbacks existed replays its old history unchanged.
 */
export class CompletionCallbacks {
  /** Signers (by position in the input) whose decision has been raised already. */
  private readonly raised = new Set<number>();

  private constructor(
    private readonly queue: CallbackQueue,
    readonly feed: CallbackFeed,
    private readonly publish: () => void,
  ) {}

  static forRun(
    input: SignRequestInput,
    state: SignRequestState,
    queued: QueuedCallback[],
    publish: () => void,
  ): CompletionCallbacks | null {
    const callback = input?.callback;
    if (callback === undefined || !patched(COMPLETION_CALLBACKS_PATCH)) return null;
    const apiClient = workflowInfo().typedSearchAttributes.get(ApiClient) ?? null;
    const target = { url: callback.url, apiClient, events: callback.events ?? [] };
    const feed = new CallbackFeed(state);
    const callbacks = new CompletionCallbacks(new CallbackQueue(target, state, queued, publish, feed), feed, publish);
    callbacks.queue.start();
    return callbacks;
  }

  /** Decisions already known when the run starts were raised by an earlier run (or before anyone decided). */
  rememberDecisions(source: EventSource): void {
    callbackSigners(source).forEach((signer, index) => {
      if (signer.decision !== null) this.raised.add(index);
    });
  }

  /**
   * Queues signer.signed / signer.declined for new decisions, when asked for, each signer's journey steps before
   * its decision (a signature comes before the invitation it causes); the main loop does not wait.
   */
  raiseSignerEvents(source: EventSource, journey: readonly JourneyStep[] = []): void {
    callbackSigners(source).forEach((signer, index) => {
      for (const step of journey) if (step.signer === index) this.raiseJourneyStep(source, step);
      if (signer.decision === null || this.raised.has(index)) return;
      this.raised.add(index);
      const type = `signer.${signer.decision}` as const;
      this.raise(callbackWebhookId(source.workflowId, type, index), () => signerEvent(source, index, signer.decision!));
    });
  }

  /**
   * Queues an event the callback asked for; with the feed, records every event (one not asked for is kept, not
   * sent). Runs without the feed build only what they send, as before.
   */
  private raise(webhookId: string, build: () => CallbackEvent, type: CallbackEventType = build().type): void {
    const wanted = !isOptional(type) || this.queue.wants(type);
    if (!wanted && !this.feed.recording()) return;
    const event = build();
    this.feed.record(webhookId, event, wanted);
    if (wanted) this.queue.enqueue(webhookId, event);
    else this.publish();
  }

  /** Sends a recorded event again with its webhook-id and body (update `redeliverCallback`). */
  redeliver(seq: number): RedeliverResult {
    const { entry, event } = this.feed.forRedelivery(seq);
    const webhookId = entry.webhookId;
    entry.redeliveries += 1;
    this.feed.mark(webhookId, 'pending', { lastError: null });
    // No memo write here: the queue publishes when the delivery starts (a command issued inside a synchronous update
    // handler, between its acceptance and its completion, does not replay).
    this.queue.enqueue(webhookId, event);
    return { webhookId, delivery: 'pending', redeliveries: entry.redeliveries };
  }

  /** One journey step (a bounce is told at once, outside the main loop), when asked for (and into the feed). */
  raiseJourneyStep(source: EventSource, step: JourneyStep): void {
    this.raise(
      callbackWebhookId(source.workflowId, step.type, step.signer, step.occurrence),
      () => journeyEvent(source, step),
      step.type,
    );
  }

  /** A reissue made a new round (when asked for, and into the feed); each round its own webhook-id. */
  raiseReissued(source: EventSource): void {
    const round = source.state.round ?? 1;
    this.raise(callbackWebhookId(source.workflowId, 'sign_request.reissued', undefined, round), () =>
      reissuedEvent(source),
    );
  }

  /** The outcome is final (state.result, or the failure, is already set): send it after anything queued before. */
  async deliverOutcome(source: EventSource, failure: CallbackFailure | null = null): Promise<void> {
    const outcome = failure ? 'failed' : (source.state.outcome ?? 'failed');
    this.raise(callbackWebhookId(source.workflowId, `sign_request.${outcome}`), () =>
      outcomeEvent(source, outcome, failure),
    );
    if (source.state.result) {
      source.state.result.callback = { delivered: false, deliveredAt: null, attempts: 0, lastError: null };
    }
    await condition(() => this.queue.idle());
  }

  /** The evidence came after the outcome event went without it: its documents, once collected. */
  async deliverDocumentsReady(source: EventSource): Promise<void> {
    this.raise(callbackWebhookId(source.workflowId, 'sign_request.documents_ready'), () => documentsReadyEvent(source));
    await condition(() => this.queue.idle());
  }

  /**
   * As deliverOutcome, but a Temporal cancellation meanwhile cannot take the outcome away: the request has ended, so
   * the workflow still ends with it, and the event is delivered outside the cancelled scope (the background delivery
   * was cancelled with it). Terminate the workflow to abandon the delivery.
   */
  async deliverKnownOutcome(source: EventSource, failure: CallbackFailure | null = null): Promise<void> {
    try {
      await this.deliverOutcome(source, failure);
    } catch (err) {
      if (!isCancellation(err) || !patched(OUTCOME_SURVIVES_CANCELLATION_PATCH)) throw err;
      await CancellationScope.nonCancellable(() => this.queue.drain());
    }
  }

  /**
   * Cancelled in Temporal before an outcome: the request was cancelled on Box, so the receiver hears
   * sign_request.cancelled. Not cancellable (the background delivery was cancelled with the workflow); terminate
   * the workflow to abandon it.
   */
  async deliverTemporalCancellation(source: EventSource): Promise<void> {
    if (source.state.result !== null || source.state.cancellation === null) return;
    this.raise(callbackWebhookId(source.workflowId, 'sign_request.cancelled'), () => outcomeEvent(source, 'cancelled'));
    await CancellationScope.nonCancellable(() => this.queue.drain());
  }

  /** While the run is about to continue as new, no new delivery starts: the next run sends what is queued. */
  hold(holding: boolean): void {
    this.queue.hold(holding);
  }

  pending(): QueuedCallback[] {
    return this.queue.pending();
  }
}

/** Runs from before this patch ended CANCELLED when cancelled in Temporal during the outcome's callback. */
const OUTCOME_SURVIVES_CANCELLATION_PATCH = 'outcome-survives-cancellation';

function isOptional(type: CallbackEventType): type is (typeof OPTIONAL_CALLBACK_EVENTS)[number] {
  return (OPTIONAL_CALLBACK_EVENTS as readonly string[]).includes(type);
}
