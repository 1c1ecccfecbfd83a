import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HISTORIES_DIR } from '../replay-histories';

/** Old histories stay: they are what old running workflows look like. Only HISTORIES_OVERWRITE=1 replaces one. */
export const OVERWRITE = process.env.HISTORIES_OVERWRITE === '1';

export function historyPath(name: string): string {
  return join(HISTORIES_DIR, `${name}.json`);
}

/** True when the scenario must run: its file is missing, or overwriting was asked for. */
export function shouldCapture(name: string): boolean {
  if (!existsSync(historyPath(name)) || OVERWRITE) return true;
  console.log(`kept ${name}.json (exists; HISTORIES_OVERWRITE=1 replaces it)`);
  return false;
}

/** Saves with historyToJSON (JSON.stringify does not round-trip Temporal's protobuf history). */
export async function saveHistory(client: Client, name: string, workflowId: string, runId?: string): Promise<void> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  writeFileSync(historyPath(name), historyToJSON(history) + '\n');
  console.log(`captured ${name}.json (${history.events?.length ?? 0} events)`);
}
