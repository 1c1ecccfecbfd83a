import { clientScopedWorkflowId, roundExternalId, workflowIdOfExternalId } from '../../contracts';

describe("a reissued round's Box external_id", () => {
  const workflowId = clientScopedWorkflowId('client-a', 'order-1042');

  it('round 1 keeps the workflow id; later rounds add #r<n>', () => {
    expect(roundExternalId(workflowId, 1)).toBe(workflowId);
    expect(roundExternalId(workflowId, 2)).toBe(`${workflowId}#r2`);
    expect(roundExternalId(workflowId, 12)).toBe(`${workflowId}#r12`);
  });

  it('every round maps back to the one workflow', () => {
    for (const round of [1, 2, 12]) expect(workflowIdOfExternalId(roundExternalId(workflowId, round))).toBe(workflowId);
    expect(workflowIdOfExternalId('box-sign-legacy-key')).toBe('box-sign-legacy-key');
    // Only a trailing round suffix is one: `#` cannot occur in a business key or a client name.
    expect(workflowIdOfExternalId(`${workflowId}#r2x`)).toBe(`${workflowId}#r2x`);
  });
});
