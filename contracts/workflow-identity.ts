/** One request per business key, ever: the workflow id is derived from it and sent to Box as external_id. */
export const WORKFLOW_ID_PREFIX = 'box-sign-';

export function workflowIdForBusinessKey(businessKey: string): string {
  return `${WORKFLOW_ID_PREFIX}${businessKey}`;
}

export const DEFAULT_TASK_QUEUE = 'box-sign';
export const SIGN_REQUEST_WORKFLOW_TYPE = 'signRequestWorkflow';

/** `#` never occurs in a business key or a client name: the suffix of a reissued round's external_id never parses two ways. */
const ROUND_SUFFIX = /#r[0-9]+$/;

/**
 * Box's `external_id` of a round of the request: round 1 keeps the workflow id (requests created before reissue are
 * untouched); a reissue's round n is `<workflowId>#r<n>`, so each round's Box request can be told apart.
 */
export function roundExternalId(workflowId: string, round: number): string {
  return round <= 1 ? workflowId : `${workflowId}#r${round}`;
}

/** The workflow a Box request belongs to, from its `external_id` (any round's). */
export function workflowIdOfExternalId(externalId: string): string {
  return externalId.replace(ROUND_SUFFIX, '');
}
