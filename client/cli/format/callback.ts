import type { CallbackDelivery, CallbackState } from '../../../contracts';

/** "delivering sign_request.signed to erp.example.com, 4 attempt(s), last error: …, next attempt at …". */
export function formatCallback(callback: CallbackState): string {
  const parts = [`${callback.state}${callback.event ? ` ${callback.event}` : ''} to ${callback.host}`];
  if (callback.attempts > 0) parts.push(`${callback.attempts} attempt(s)`);
  if (callback.deliveredAt) parts.push(`last delivered at ${callback.deliveredAt}`);
  if (callback.lastError) parts.push(`last error: ${callback.lastError}`);
  if (callback.nextAttemptAt) parts.push(`next attempt at ${callback.nextAttemptAt}`);
  return parts.join(', ');
}

export function formatDelivery(callback: CallbackDelivery): string {
  const how = callback.delivered ? `delivered at ${callback.deliveredAt}` : `not delivered: ${callback.lastError}`;
  return `${how} (${callback.attempts} attempt(s))`;
}
