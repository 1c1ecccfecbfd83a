const CALLBACKS_SUFFIX = '-callbacks';

/**
 * Completion callbacks run on their own task queue, served by their own worker slots: a slow or dead receiver
 * holds callback slots only, never the ones Box calls need.
 */
export function callbacksTaskQueue(taskQueue: string): string {
  return `${taskQueue}${CALLBACKS_SUFFIX}`;
}

/**
 * The fairness key of a delivery: its API client, so that one client's dead receiver (retrying, filling its share)
 * does not delay another client's deliveries. Requests started without a client share one key.
 */
export function callbackFairnessKey(apiClient: string | null): string {
  return apiClient === null ? 'callbacks' : `callbacks:${apiClient}`;
}
