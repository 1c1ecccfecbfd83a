/** One request per business key, ever: the workflow id is derived from it and sent to Box as external_id. */
export const WORKFLOW_ID_PREFIX = 'box-sign-';

export function workflowIdForBusinessKey(businessKey: string): string {
  return `${WORKFLOW_ID_PREFIX}${businessKey}`;
}

export const DEFAULT_TASK_QUEUE = 'box-sign';
export const SIGN_REQUEST_WORKFLOW_TYPE = 'signRequestWorkflow';
