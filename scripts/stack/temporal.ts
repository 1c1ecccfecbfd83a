import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { devServerSearchAttributeArgs } from '../../search-attributes/namespace-search-attributes';
import { devServerDynamicConfigArgs } from '../temporal-dynamic-config';
import { STACK_DIR } from './info';
import type { StackInfo } from './info';
import type { StackPorts } from './ports';
import { HOST } from './ports';

/** The dev server's command line: SQLite under STACK_DIR, the project's search attributes, a loopback-only Web UI. */
export function temporalServerArgs(info: StackInfo, p: Pick<StackPorts, 'temporal' | 'ui'>): string[] {
  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(p.temporal), '--ui-port', String(p.ui)];
  args.push('--db-filename', join(STACK_DIR, 'temporal.db'), '--log-level', 'warn', ...devServerDynamicConfigArgs());
  // The UI serves its codec endpoint, token included, to whoever reaches it (GET /api/v1/settings), and the dev
  // server takes it on its command line only (it reads no codec variable or file): so the UI is loopback-only.
  args.push('--ui-ip', HOST, '--ui-codec-endpoint', uiCodecEndpoint(info));
  args.push(...devServerSearchAttributeArgs());
  // The caller's namespace of examples/temporal-caller (the dev server creates `default` and the ones named here).
  args.push('--namespace', info.callerNamespace);
  return args;
}

/** The dev server's Web UI calls the codec with the token in the path: it sends no Authorization header over http. */
function uiCodecEndpoint(info: StackInfo): string {
  return `${info.codecUrl}/${readFileSync(info.codecTokenFile, 'utf8').trim()}`;
}
