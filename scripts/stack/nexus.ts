import { Connection } from '@temporalio/client';
import type { StackInfo } from './info';

/**
 * The stack's Nexus endpoint: `box-sign` routes to the worker's task queue in the stack's namespace, as an operator
 * registers it with `temporal operator nexus endpoint create` (docs/nexus.md). Created once; an endpoint of that name
 * with another target is pointed at this stack's worker again.
 */
export async function ensureStackNexusEndpoint(info: StackInfo): Promise<string> {
  const connection = await Connection.connect({ address: info.temporalAddress });
  try {
    const target = { worker: { namespace: info.namespace, taskQueue: info.taskQueue } };
    const { endpoints } = await connection.operatorService.listNexusEndpoints({ name: info.nexusEndpoint });
    const existing = endpoints?.[0];
    const description = `${info.nexusEndpoint} → ${info.namespace}/${info.taskQueue}`;
    if (!existing?.id) {
      await connection.operatorService.createNexusEndpoint({ spec: { name: info.nexusEndpoint, target } });
      return `${description} (created)`;
    }
    const current = existing.spec?.target?.worker;
    if (current?.namespace === info.namespace && current.taskQueue === info.taskQueue) return description;
    await connection.operatorService.updateNexusEndpoint({
      id: existing.id,
      version: existing.version,
      spec: { name: info.nexusEndpoint, target },
    });
    return `${description} (re-targeted)`;
  } finally {
    await connection.close();
  }
}
