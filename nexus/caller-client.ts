import type { Link } from 'nexus-rpc';
import { CLIENT_SCOPED_ID_PREFIX } from '../contracts';

/**
 * A Nexus caller is recorded as the client of its requests, as an API client is (the ApiClient search attribute,
 * the client-scoped workflow id, the start binding): `nexus.<caller namespace>`. API client names may not start with
 * `nexus.` (config/api-clients.ts), so no key file can name a client that acts as a namespace's caller.
 */
export const NEXUS_CLIENT_PREFIX = 'nexus.';

/** Temporal's namespace names, and nothing that could split a client-scoped workflow id (`:`). */
const NAMESPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

export function nexusClientName(namespace: string): string {
  return `${NEXUS_CLIENT_PREFIX}${namespace}`;
}

export function isNexusClientName(apiClient: string): boolean {
  return apiClient.startsWith(NEXUS_CLIENT_PREFIX);
}

/** The workflow ids this service starts and so may cancel. */
export function isNexusStartedWorkflowId(workflowId: string): boolean {
  return workflowId.startsWith(`${CLIENT_SCOPED_ID_PREFIX}${NEXUS_CLIENT_PREFIX}`);
}

/**
 * The caller's namespace, from the link the Temporal server adds to every operation it schedules for a caller's
 * workflow (`temporal:///namespaces/<namespace>/workflows/…`): the server writes it, not the caller's code. Null when
 * the request carries no such link (a Nexus start from outside a Temporal workflow).
 */
export function callerNamespaceOf(inboundLinks: readonly Link[]): string | null {
  for (const link of inboundLinks) {
    if (link.url.protocol !== 'temporal:') continue;
    const match = /^\/namespaces\/([^/]+)\/workflows\//.exec(link.url.pathname);
    const namespace = match?.[1] === undefined ? null : decodeURIComponent(match[1]);
    if (namespace !== null && NAMESPACE_NAME.test(namespace)) return namespace;
  }
  return null;
}
