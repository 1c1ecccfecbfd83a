import { WORKFLOW_ID_PREFIX } from './workflow-identity';

/**
 * The workflow id of a request an HTTP API client starts: its business key inside that client's own namespace, so two
 * clients may use the same key without either noticing the other. `box-sign-@<client>:<businessKey>`:
 * - the client name in clear, so an operator reads whose request it is in the Web UI (operators already see the
 *   ApiClient search attribute in clear, and Box only sees it as the external_id of the deployment's own requests);
 * - `@` cannot start a business key and `:` cannot occur in a client name, so the id never equals a legacy
 *   `box-sign-<businessKey>` (the CLI's and the library's form, and the API's before client scoping) and never parses
 *   two ways;
 * - it keeps the `box-sign-` prefix that marks our Box requests (the webhook receiver's external_id check).
 */
export const CLIENT_SCOPED_ID_PREFIX = `${WORKFLOW_ID_PREFIX}@`;

export function clientScopedWorkflowId(apiClient: string, businessKey: string): string {
  return `${CLIENT_SCOPED_ID_PREFIX}${apiClient}:${businessKey}`;
}
