/** Box's published rules that the workflow checks before asking Box, so that operators get a clear answer. */

/** Box refuses a resend within 10 minutes of the last send. */
export const RESEND_COOL_DOWN_MS = 10 * 60_000;

/** Statuses in which Box accepts a resend. */
export const RESENDABLE_STATUSES = ['sent', 'viewed'];

/** Box refuses to cancel while converting, and once a request is finished. */
export const CANCELLABLE_STATUSES = ['created', 'sent', 'viewed'];
