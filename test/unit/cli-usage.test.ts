import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliContext } from '../../client/cli/context';
import { SettingsReader } from '../../config/reader';
import { runCli } from '../../client/cli/program';
import { PROJECT_ROOT } from '../../scripts/tools';

/** Runs one command line in process; a usage error must never get as far as connecting to Temporal. */
async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  let connected = false;
  const io = { out: (text: string) => (stdout += text), err: (text: string) => (stderr += text) };
  const ctx: CliContext = {
    io,
    print: (_json, _value, text) => io.out(`${text}\n`),
    note: (line) => io.err(`box-sign: ${line}\n`),
    connect: () => {
      connected = true;
      return Promise.reject(new Error('not in this test'));
    },
    connectService: () => {
      connected = true;
      return Promise.reject(new Error('not in this test'));
    },
    settings: () => new SettingsReader({}, 'cli'),
    sealing: () => {
      connected = true;
      throw new Error('not in this test');
    },
    documentUploads: () => {
      connected = true;
      throw new Error('not in this test');
    },
  };
  const code = await runCli(argv, io, ctx);
  return { code, stdout, stderr, connected };
}

function expectOneUsageLine(result: Awaited<ReturnType<typeof run>>) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^box-sign: [^\n]+\n$/);
  expect(result.stderr).not.toMatch(/ERR_PARSE_ARGS|TypeError|^error:/);
  expect(result.connected).toBe(false);
}

describe('box-sign usage errors: exit 2, one line on stderr, nothing started', () => {
  it('a mistyped command is refused with a suggestion', async () => {
    const result = await run(['stauts', 'box-sign-x']);
    expectOneUsageLine(result);
    expect(result.stderr).toBe("box-sign: unknown command 'stauts' (did you mean status?)\n");
  });

  it('an unknown option is refused, with a suggestion when one is close', async () => {
    expectOneUsageLine(await run(['status', 'box-sign-x', '--bogus']));
    const close = await run(['list', '--jsno']);
    expectOneUsageLine(close);
    expect(close.stderr).toContain('(did you mean --json?)');
  });

  it.each([
    ['status', ['status', 'a', 'b']],
    ['result', ['result', 'a', 'b']],
    ['cancel', ['cancel', 'a', 'b']],
    ['list', ['list', 'extra']],
  ])('extra arguments to %s are refused', async (_name, argv) => {
    const result = await run(argv);
    expectOneUsageLine(result);
    expect(result.stderr).toContain('too many arguments');
  });

  it('a missing workflow id or --input is named', async () => {
    const status = await run(['status']);
    expectOneUsageLine(status);
    expect(status.stderr).toContain("missing required argument 'workflowId'");
    const start = await run(['start', '--json']);
    expectOneUsageLine(start);
    expect(start.stderr).toContain('start needs --input <file|-> or --batch <file.jsonl|->');
  });

  it.each([
    ['--input and --batch', ['start', '--input', 'a.json', '--batch', 'b.jsonl'], "'--input <file|->' cannot be used"],
    ['--batch and --password-env', ['start', '--batch', 'b.jsonl', '--password-env', 'a@b.c=PW'], '--password-env'],
    ['--batch and --password-stdin', ['start', '--batch', 'b.jsonl', '--password-stdin', 'a@b.c'], '--password-stdin'],
    ['--concurrency without --batch', ['start', '--input', 'a.json', '--concurrency', '4'], '--concurrency'],
    [
      'a --concurrency that is not a positive number',
      ['start', '--batch', 'b.jsonl', '--concurrency', '0'],
      'positive',
    ],
  ])('start refuses %s before connecting', async (_name, argv, named) => {
    const result = await run(argv);
    expectOneUsageLine(result);
    expect(result.stderr).toContain(named);
  });

  it('a bad --batch file is one line and exit 2 before connecting', async () => {
    const result = await run(['start', '--batch', join(PROJECT_ROOT, 'no-such-batch.jsonl')]);
    expectOneUsageLine(result);
    expect(result.stderr).toContain('cannot read');
  });

  it('list refuses an unknown --status, listing the Box statuses, and a --limit that is not a positive number', async () => {
    const status = await run(['list', '--status', 'bogus']);
    expectOneUsageLine(status);
    expect(status.stderr).toContain("argument 'bogus' is invalid");
    expect(status.stderr).toContain(
      'converting, created, sent, viewed, finalizing, signed, declined, cancelled, expired',
    );
    for (const limit of ['0', '-3', '2.5', 'many']) expectOneUsageLine(await run(['list', '--limit', limit]));
    expectOneUsageLine(await run(['list', '--all', '--limit', '5']));
  });

  it('a bad --input file is one line and exit 2 before connecting', async () => {
    const result = await run(['start', '--input', join(PROJECT_ROOT, 'no-such-input.json')]);
    expectOneUsageLine(result);
    expect(result.stderr).toContain('cannot read');
  });

  it('no command prints the usage on stderr and exits 2', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: box-sign');
    expect(result.connected).toBe(false);
  });
});

describe('box-sign help and version', () => {
  const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  it('--version prints the package version', async () => {
    const result = await run(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each(['start', 'status', 'result', 'watch', 'list', 'cancel', 'resend', 'replay'])(
    '`%s --help` and `help <command>` show the same help, with examples',
    async (command) => {
      const viaFlag = await run([command, '--help']);
      const viaHelp = await run(['help', command]);
      expect(viaFlag.code).toBe(0);
      expect(viaHelp.code).toBe(0);
      expect(viaFlag.stdout).toBe(viaHelp.stdout);
      expect(viaFlag.stdout).toContain(`Usage: box-sign ${command}`);
      expect(viaFlag.stdout).toMatch(new RegExp(`Examples:\\n  \\$ box-sign ${command}\\b`));
      expect(viaFlag.connected).toBe(false);
    },
  );

  it('every command that prints something spells its JSON flag --json', async () => {
    for (const command of ['start', 'status', 'result', 'watch', 'list', 'cancel', 'resend', 'replay']) {
      expect((await run([command, '--help'])).stdout).toContain('--json  ');
    }
  });
});
