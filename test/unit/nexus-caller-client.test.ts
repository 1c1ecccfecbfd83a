import { ApiClients } from '../../config/api-clients';
import { ConfigError } from '../../config/config-error';
import { callerNamespaceOf, isNexusStartedWorkflowId, nexusClientName } from '../../nexus/caller-client';
import { clientScopedWorkflowId } from '../../contracts';

const link = (url: string, type = 'temporal.api.common.v1.Link.WorkflowEvent') => ({ url: new URL(url), type });

describe('a Nexus caller as a client', () => {
  it('is the namespace of the workflow event link the server added', () => {
    const links = [
      link('https://example.com/namespaces/forged/workflows/x'),
      link('temporal:///namespaces/billing.prod/workflows/wf-1/run-1/history?referenceType=EventReference&eventID=5'),
    ];
    expect(callerNamespaceOf(links)).toBe('billing.prod');
  });

  it('is unknown without such a link, or when the namespace could split a workflow id', () => {
    expect(callerNamespaceOf([])).toBeNull();
    expect(callerNamespaceOf([link('temporal:///namespaces/a%3Ab/workflows/wf/run/history')])).toBeNull();
  });

  it('is recorded as nexus.<namespace>, and only its ids may be cancelled through the service', () => {
    expect(nexusClientName('billing')).toBe('nexus.billing');
    expect(isNexusStartedWorkflowId(clientScopedWorkflowId('nexus.billing', 'k-1'))).toBe(true);
    expect(isNexusStartedWorkflowId(clientScopedWorkflowId('hr-suite', 'k-1'))).toBe(false);
    expect(isNexusStartedWorkflowId('box-sign-k-1')).toBe(false);
  });

  it('cannot be named by an API client: the nexus. prefix is refused in the API clients file', () => {
    const client = { name: 'nexus.billing', keySha256: 'a'.repeat(64), callbackSecret: `whsec_${'A'.repeat(32)}` };
    expect(() => ApiClients.fromJson({ clients: [client] })).toThrow(ConfigError);
    expect(() => ApiClients.fromJson({ clients: [client] })).toThrow(/must not start with nexus\./);
    expect(ApiClients.fromJson({ clients: [{ ...client, name: 'billing' }] }).names).toEqual(['billing']);
  });
});
