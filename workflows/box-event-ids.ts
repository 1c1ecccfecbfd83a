import { log } from '@temporalio/workflow';
import type { BoxEventNotice } from '../contracts/messages';

/**
 * A request wakes for at most one event per signer's signature (35 signers at most) plus a few of its own (sent,
 * completed, declined, expired, failed): a hundred ids hold every event of its life, Box's retries of them included.
 */
export const MAX_REMEMBERED_BOX_EVENTS = 100;

/**
 * Box webhook event ids this request was signalled with, oldest first, carried over continue-as-new. The receiver
 * dedupes in memory, which a restart or another replica behind the load balancer does not share; the workflow's own
 * list is what makes a replayed delivery never confirm twice.
 */
export class BoxEventIds {
  private readonly ids: string[];

  constructor(carried: readonly string[] = []) {
    this.ids = carried.slice(-MAX_REMEMBERED_BOX_EVENTS);
  }

  /** Whether a signalled event is to be confirmed with Box: not when its id was signalled before. */
  shouldConfirm(notice: BoxEventNotice): boolean {
    if (this.remember(notice.eventId)) return true;
    log.info('Box webhook event already signalled; ignored', { eventId: notice.eventId, trigger: notice.trigger });
    return false;
  }

  list(): string[] {
    return [...this.ids];
  }

  /** Remembers `eventId`; false when it was already remembered. */
  private remember(eventId: string): boolean {
    if (this.ids.includes(eventId)) return false;
    this.ids.push(eventId);
    if (this.ids.length > MAX_REMEMBERED_BOX_EVENTS) this.ids.shift();
    return true;
  }
}
