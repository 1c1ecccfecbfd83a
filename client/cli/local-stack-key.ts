import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigError } from '../../config/config-error';
import type { PayloadProtection } from '../../encryption/key-config';
import { ENCRYPTION_ENV, loadPayloadProtection } from '../../encryption/key-config';
import type { SecretSealing } from '../../encryption/sealing-keys';
import { SEALING_ENV, loadSecretSealing } from '../../encryption/sealing-keys';
import { PROJECT_ROOT } from '../../scripts/tools';

/** Where `npm run stack:up` writes the payload key (scripts/stack.ts: STACK_DIR, default .stack/ in the checkout). */
export function localStackKeyFile(env: NodeJS.ProcessEnv, name = 'encryption-key'): string {
  const stackDir = env.STACK_DIR ? resolve(env.STACK_DIR) : join(PROJECT_ROOT, '.stack');
  return join(stackDir, name);
}

/** The file of the local stack's public sealing key (its workers hold the private one in sealing-private-keys). */
export const LOCAL_STACK_SEALING_PUBLIC_KEY = 'sealing-public-key';

/**
 * The workers' public sealing key for `start`: the configured one; with none configured, inside the checkout, the
 * local stack's (said on stderr).
 */
export function cliSecretSealing(env: NodeJS.ProcessEnv, cwd: string, note: (line: string) => void): SecretSealing {
  const configured = [SEALING_ENV.publicKey, ENCRYPTION_ENV.insecurePlaintext].some(
    (name) => (env[name] ?? '').trim() !== '',
  );
  const keyFile = localStackKeyFile(env, LOCAL_STACK_SEALING_PUBLIC_KEY);
  const shown = shownPath(cwd, keyFile);
  if (!configured && insideCheckout(cwd) && existsSync(keyFile)) {
    note(`using the local stack's sealing key: ${shown}`);
    return loadSecretSealing({ [SEALING_ENV.publicKey]: readFileSync(keyFile, 'utf8') });
  }
  try {
    return loadSecretSealing(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const hint = `inside the checkout the local stack's key (${shown}, written by npm run stack:up) is used when present`;
    throw new ConfigError(
      err.subject,
      err.problems.map((p) => (p.startsWith('no sealing key') ? `${p}; ${hint}` : p)),
    );
  }
}

/**
 * The CLI's payload keys: the configured ones; with none configured, inside the checkout, the local stack's key
 * (said on stderr, once). A missing key is reported naming both variables and the local stack's file.
 */
export function cliPayloadProtection(
  env: NodeJS.ProcessEnv,
  cwd: string,
  note: (line: string) => void,
): PayloadProtection {
  const configured = [ENCRYPTION_ENV.keys, ENCRYPTION_ENV.keysFile, ENCRYPTION_ENV.insecurePlaintext].some(
    (name) => (env[name] ?? '').trim() !== '',
  );
  const keyFile = localStackKeyFile(env);
  const shown = shownPath(cwd, keyFile);
  if (!configured && insideCheckout(cwd) && existsSync(keyFile)) {
    note(`using the local stack's key: ${shown}`);
    return loadPayloadProtection({ ...env, [ENCRYPTION_ENV.keysFile]: keyFile });
  }
  try {
    return loadPayloadProtection(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const hint = `inside the checkout the local stack's key (${shown}, written by npm run stack:up) is used when present`;
    throw new ConfigError(
      err.subject,
      err.problems.map((p) => (p.startsWith('no payload encryption key') ? `${p}; ${hint}` : p)),
    );
  }
}

function shownPath(cwd: string, file: string): string {
  const path = relative(cwd, file);
  return path.startsWith('..') || isAbsolute(path) ? file : path;
}

function insideCheckout(cwd: string): boolean {
  const path = relative(PROJECT_ROOT, resolve(cwd));
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}
