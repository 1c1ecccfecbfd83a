import type { Logger as SdkLogger } from '@temporalio/common';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Logger } from '../logging/logger';

export const WORKFLOWS_PATH = require.resolve('../workflows');

export interface WorkflowBundleConverters {
  failureConverterPath?: string;
  payloadConverterPath?: string;
  /** Interceptors run inside the sandbox (tracing, when on). */
  workflowInterceptorModules?: string[];
}

/**
 * The bundler's source map without the sources' text: stack traces still map to our files and lines, and the bundle
 * is a third of the size. The text only served the enhanced stack trace's source view (`showStackTraceSources`),
 * which this worker does not turn on.
 */
export function withoutSourcesInSourceMap<C extends { devtool?: unknown }>(config: C): C {
  return { ...config, devtool: 'inline-nosources-source-map' };
}

/**
 * The sign workflows bundled for the sandbox, with the data converter's own converters (as Worker.create would).
 * One short info line; webpack's multi-kilobyte summary goes to debug, its errors stay errors.
 */
export async function buildWorkflowBundle(
  converters: WorkflowBundleConverters,
  logger: Logger,
): Promise<{ code: string }> {
  const started = Date.now();
  const bundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    ...(converters.failureConverterPath ? { failureConverterPath: converters.failureConverterPath } : {}),
    ...(converters.payloadConverterPath ? { payloadConverterPath: converters.payloadConverterPath } : {}),
    ...(converters.workflowInterceptorModules
      ? { workflowInterceptorModules: converters.workflowInterceptorModules }
      : {}),
    webpackConfigHook: withoutSourcesInSourceMap,
    logger: bundlerLogger(logger),
  });
  const kib = Math.round(Buffer.byteLength(bundle.code) / 1024);
  logger.info(`workflow bundle built in ${Date.now() - started} ms, ${kib} KiB`);
  return bundle;
}

/** The bundler's chatter (webpack's build summary at info) at debug; warnings and errors as they are. */
function bundlerLogger(logger: Logger): SdkLogger {
  const debug = (message: string) => logger.debug(message);
  return {
    log: (level, message) => {
      if (level === 'WARN') logger.warn(message);
      else if (level === 'ERROR') logger.error(message);
      else debug(message);
    },
    trace: debug,
    debug,
    info: debug,
    warn: (message) => logger.warn(message),
    error: (message) => logger.error(message),
  };
}
