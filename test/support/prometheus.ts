import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { OwnedProcess } from '../../scripts/owned-process';
import { freePort, waitFor } from '../../scripts/processes';

/** The Debian package's binaries (scripts/bootstrap.sh installs the package when they are missing). */
export const PROMETHEUS = process.env.PROMETHEUS_BIN ?? 'prometheus';
export const PROMTOOL = process.env.PROMTOOL_BIN ?? 'promtool';

export interface ScrapeTarget {
  job: string;
  /** host:port */
  address: string;
}

export interface RunningPrometheus {
  url: string;
  /** An instant query's vector: each series' labels and value. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  stop(): Promise<void>;
}

/** A real Prometheus on a free port, scraping `targets` every second, storing under a temp dir removed at stop. */
export async function startPrometheus(targets: ScrapeTarget[]): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'box-sign-prometheus-'));
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    scrape_configs: targets.map((target) => ({
      job_name: target.job,
      static_configs: [{ targets: [target.address] }],
    })),
  };
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = new OwnedProcess(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { env: process.env, logFile: join(dir, 'prometheus.log') },
  );
  await waitFor('Prometheus', async () => (await fetch(`${url}/-/ready`)).ok, 30_000, {
    pid: child.pid,
    logFile: join(dir, 'prometheus.log'),
  });
  return {
    url,
    async query(promql) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      if (body.status !== 'success') throw new Error(`Prometheus query ${promql} failed: ${body.error}`);
      return body.data.result.map((series) => ({ metric: series.metric, value: Number(series.value[1]) }));
    },
    async stop() {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
