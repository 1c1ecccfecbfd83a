import { readFileSync } from 'node:fs';
import type { SignRequestInput } from '../../contracts';
import { jsonSyntaxErrorPosition } from '../../contracts';
import { CliInputError } from './errors';

export { CliInputError };

export interface PasswordSources {
  /** `email=ENV_VAR` pairs: that signer's password is read from the environment variable. */
  passwordEnv: string[];
  /** The email of one signer whose password is read from the first line of stdin. */
  passwordStdin?: string;
}

/**
 * Reads the request from a file (or `-` for stdin) and fills in passwords from env vars or stdin,
 * so that secrets never have to appear on the command line.
 */
export function readSignRequestInput(path: string, sources: PasswordSources, env = process.env): SignRequestInput {
  if (path === '-' && sources.passwordStdin !== undefined) {
    throw new CliInputError('--input - and --password-stdin both want stdin; use a file for one of them');
  }
  const input = parseJson(readInputText(path), path);
  for (const pair of sources.passwordEnv) {
    const [email, variable] = splitPair(pair);
    const value = env[variable];
    if (value === undefined || value === '') throw new CliInputError(`--password-env: ${variable} is not set`);
    signerByEmail(input, email, '--password-env').password = value;
  }
  if (sources.passwordStdin !== undefined) {
    const line = readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '';
    signerByEmail(input, sources.passwordStdin, '--password-stdin').password = line;
  }
  return input;
}

/** The text of a file, or of stdin for `-`; an unreadable file is a usage error naming its code. */
export function readInputText(path: string): string {
  if (path === '-') return readFileSync(0, 'utf8');
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliInputError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function parseJson(text: string, path: string): SignRequestInput {
  try {
    return JSON.parse(text) as SignRequestInput;
  } catch {
    // Never JSON.parse's message: it quotes the text, which may hold a password or a phone number.
    const at = jsonSyntaxErrorPosition(text);
    const where = at ? `line ${at.line}, column ${at.column} (offset ${at.offset})` : 'an unknown position';
    throw new CliInputError(`${path} is not valid JSON: syntax error at ${where}`);
  }
}

function splitPair(pair: string): [string, string] {
  const at = pair.lastIndexOf('=');
  if (at <= 0 || at === pair.length - 1) throw new CliInputError(`--password-env wants email=ENV_VAR, got "${pair}"`);
  return [pair.slice(0, at), pair.slice(at + 1)];
}

function signerByEmail(input: SignRequestInput, email: string, flag: string) {
  const signer = Array.isArray(input.signers)
    ? input.signers.find((s) => s.email?.toLowerCase() === email.toLowerCase())
    : undefined;
  if (signer === undefined) throw new CliInputError(`${flag}: no signer with email ${email} in the input`);
  return signer;
}
