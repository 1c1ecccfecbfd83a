import { randomUUID } from 'node:crypto';
import { boxWritesTaskQueue } from '../../contracts';
import type { TaskQueueQuota } from '../../quotas/sender-quotas';
import { BUILT, runBuilt } from '../support/run-built';

/** `box-sign quotas apply|show` against jest's dev server, as an operator runs them: no payload keys needed. */
describe('box-sign quotas: the per-sender Box quotas Temporal holds', () => {
  let taskQueue: string;
  beforeEach(() => {
    taskQueue = `quotas-${randomUUID()}`;
  });
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runBuilt(BUILT.cli, ['quotas', ...args], {
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      BOX_SIGN_TASK_QUEUE: taskQueue,
      ...env,
    });

  it('show on queues without quotas says so and names the command', async () => {
    const run = await cli(['show']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${boxWritesTaskQueue(taskQueue)}\\s+create, resend\\s+none\\s+none`));
    expect(run.stderr).toContain(`No per-sender rate limit on task queue ${taskQueue} (polls`);
    expect(run.stderr).toContain('Run `box-sign quotas apply`');
  });

  it('apply sets the settings’ rates per sender and no queue-wide limit; show reads them back', async () => {
    const settings = { BOX_WRITE_RATE_PER_MINUTE: '60', BOX_READ_RATE_PER_MINUTE: '600' };
    const applied = await cli(['apply'], settings);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('applied in namespace default:');
    expect(applied.stdout).toMatch(new RegExp(`${boxWritesTaskQueue(taskQueue)}\\s+create, resend\\s+60\\s+none`));

    const shown = await cli(['show', '--json'], settings);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toBe('');
    const quotas = JSON.parse(shown.stdout) as TaskQueueQuota[];
    expect(quotas.map((q) => [q.role, q.taskQueue, q.perSenderPerSecond, q.queueWidePerSecond])).toEqual([
      ['writes', boxWritesTaskQueue(taskQueue), 1, null],
      ['reads', taskQueue, 10, null],
    ]);
    expect(quotas[0]?.reason).toContain('BOX_WRITE_RATE_PER_MINUTE=60 per sender');
  });

  it('flags override the settings; show then notes that the worker’s settings differ', async () => {
    const applied = await cli(['apply', '--writes-per-minute', '30', '--json']);
    expect(applied.code).toBe(0);
    expect((JSON.parse(applied.stdout) as TaskQueueQuota[])[0]?.perSenderPerSecond).toBe(0.5);
    const shown = await cli(['show']);
    expect(shown.stderr).toContain('is 30 a minute, BOX_WRITE_RATE_PER_MINUTE says 90');
  });

  it('a malformed rate is refused in one line, exit 2, before Temporal is asked', async () => {
    const run = await cli(['apply', '--reads-per-minute', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--reads-per-minute');
  });
});
