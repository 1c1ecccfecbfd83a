import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError } from '../../config/config-error';
import type { PayloadProtection } from '../../encryption/key-config';
import { ENCRYPTION_ENV, loadPayloadProtection } from '../../encryption/key-config';
import type { SecretSealing } from '../../encryption/sealing-keys';
import { SEALING_ENV, loadSecretSealing } from '../../encryption/sealing-keys';
import { PROJECT_ROOT } from '../../cli/project-root';

/** Where `npm run stack:up` writes the payload key (scripts/stack/info.ts: STACK_DIR, default .stack/ in the checkout). */
export function localStackKeyFile(env: NodeJS.ProcessEnv, name = 'encryption-key'): string {
  const stackDir = env.STACK_DIR ? resolve(env.STACK_DIR) : join(PROJECT_ROOT, '.stack');
  return join(stackDir, name);
}

/** The file of the local stack's public sealing key (its workers hold the private one in sealing-private-keys). */
export const LOCAL_STACK_SEALING_PUBLIC_KEY = 'sealing-public-key';

/** How one kind of key falls back to the local stack's file inside the checkout. */
interface LocalStackFallback<T> {
  /** Settings that, when any is set, mean "configured": the local stack's file is not used. */
  settings: readonly string[];
  /** The file under STACK_DIR. */
  file: string;
  /** What the stderr note calls it ("key", "sealing key"). */
  kind: string;
  /** The start of the "nothing configured" problem, which gets the local stack's hint appended. */
  missingProblem: string;
  load(env: NodeJS.ProcessEnv): T;
  loadFile(env: NodeJS.ProcessEnv, file: string): T;
}

/**
 * The configured keys; with none configured, inside the checkout, the local stack's (said on stderr, once). A missing
 * key is reported with where the local stack keeps it.
 */
function withLocalStackFallback<T>(
  env: NodeJS.ProcessEnv,
  cwd: string,
  note: (line: string) => void,
  fallback: LocalStackFallback<T>,
): T {
  const configured = fallback.settings.some((name) => (env[name] ?? '').trim() !== '');
  const keyFile = localStackKeyFile(env, fallback.file);
  const shown = shownPath(cwd, keyFile);
  if (!configured && insideCheckout(cwd) && existsSync(keyFile)) {
    note(`using the local stack's ${fallback.kind}: ${shown}`);
    return fallback.loadFile(env, keyFile);
  }
  try {
    return fallback.load(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const hint = `inside the checkout the local stack's key (${shown}, written by npm run stack:up) is used when present`;
    throw new ConfigError(
      err.subject,
      err.problems.map((p) => (p.startsWith(fallback.missingProblem) ? `${p}; ${hint}` : p)),
    );
  }
}

/** The workers' public sealing key for `start`, or the local stack's (.stack/sealing-public-key). */
export function cliSecretSealing(env: NodeJS.ProcessEnv, cwd: string, note: (line: string) => void): SecretSealing {
  return withLocalStackFallback(env, cwd, note, {
    settings: [SEALING_ENV.publicKey, ENCRYPTION_ENV.insecurePlaintext],
    file: LOCAL_STACK_SEALING_PUBLIC_KEY,
    kind: 'sealing key',
    missingProblem: 'no sealing key',
    load: (configured) => loadSecretSealing(configured),
    loadFile: (_env, file) => loadSecretSealing({ [SEALING_ENV.publicKey]: readFileSync(file, 'utf8') }),
  });
}

/** The CLI's payload keys, or the local stack's (.stack/encryption-key). */
export function cliPayloadProtection(
  env: NodeJS.ProcessEnv,
  cwd: string,
  note: (line: string) => void,
): PayloadProtection {
  return withLocalStackFallback(env, cwd, note, {
    settings: [ENCRYPTION_ENV.keys, ENCRYPTION_ENV.keysFile, ENCRYPTION_ENV.insecurePlaintext],
    file: 'encryption-key',
    kind: 'key',
    missingProblem: 'no payload encryption key',
    load: (configured) => loadPayloadProtection(configured),
    loadFile: (configured, file) => loadPayloadProtection({ ...configured, [ENCRYPTION_ENV.keysFile]: file }),
  });
}

function shownPath(cwd: string, file: string): string {
  const path = relative(cwd, file);
  return path.startsWith('..') || isAbsolute(path) ? file : path;
}

function insideCheckout(cwd: string): boolean {
  const path = relative(PROJECT_ROOT, resolve(cwd));
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}
