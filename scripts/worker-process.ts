import { join } from 'node:path';
import { emulatorBoxEnv } from './emulator/box-config';
import { OwnedProcess } from './owned-process';
import { waitFor } from './processes';
import { PROJECT_ROOT } from './tools';
import { makeWorkerCurrent } from './worker-current';
import { workerPolls } from './worker-pollers';

/** What a worker child process needs; everything else comes from the worker's own defaults. */
export interface WorkerProcessSettings {
  temporalAddress: string;
  taskQueue: string;
  emulatorUrl: string;
  /** The payload encryption variables (or the insecure-development flag): see encryption/key-config.ts. */
  encryptionEnv: Record<string, string>;
  /** More worker variables (BOX_HTTP_TIMEOUT_MS, BOX_WRITE_RATE_PER_MINUTE…). */
  extraEnv?: Record<string, string>;
  logDir: string;
}

/**
 * The real worker (`node lib/worker/main.js`, so `npm run build` first) as a child process that a test or the
 * chaos run can kill with SIGKILL and start again. Started instances are numbered for their log files.
 */
export class WorkerProcess {
  private current: OwnedProcess | undefined;
  private starts = 0;

  constructor(private readonly settings: WorkerProcessSettings) {}

  get pid(): number | undefined {
    return this.current?.running ? this.current.pid : undefined;
  }

  get running(): boolean {
    return this.current?.running ?? false;
  }

  /**
   * Starts a new worker, waits until it polls both of its task queues and makes its version current (a restart
   * runs the same build: nothing changes). Its deployment is its task queue's own, so no other test shares it.
   */
  async start(): Promise<void> {
    this.starts += 1;
    const logFile = join(this.settings.logDir, `worker-${this.starts}.log`);
    const child = new OwnedProcess(process.execPath, [join(PROJECT_ROOT, 'lib', 'worker', 'main.js')], {
      env: this.env(),
      logFile,
    });
    this.current = child;
    await waitFor('the worker', () => this.polling(child.pid), 60_000, { pid: child.pid, logFile });
    const { temporalAddress, taskQueue } = this.settings;
    await makeWorkerCurrent(temporalAddress, 'default', taskQueue, child.pid, 'worker process');
  }

  /** A crash: SIGKILL, no draining. */
  async kill(): Promise<void> {
    await this.current?.kill();
  }

  /** A graceful stop (SIGTERM drains in-flight activities). */
  async stop(): Promise<void> {
    await this.current?.stop();
  }

  private env(): NodeJS.ProcessEnv {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !/^(BOX_|TEMPORAL_|WORKER_|LOG_LEVEL$)/.test(key)),
    );
    return {
      ...inherited,
      TEMPORAL_ADDRESS: this.settings.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      BOX_SIGN_TASK_QUEUE: this.settings.taskQueue,
      BOX_SIGN_DEPLOYMENT_NAME: `box-sign-${this.settings.taskQueue}`.slice(0, 200),
      ...emulatorBoxEnv(this.settings.emulatorUrl),
      WORKER_SHUTDOWN_GRACE_MS: '2000',
      LOG_LEVEL: 'warn',
      ...this.settings.encryptionEnv,
      ...this.settings.extraEnv,
    };
  }

  /** Both queues list a poller with this process's identity (`<pid>@<host>`, the SDK's default). */
  private polling(pid: number): Promise<boolean> {
    return workerPolls(this.settings.temporalAddress, 'default', this.settings.taskQueue, pid);
  }
}
