import type { SettingsReader } from '../config/reader';
import { SETTINGS } from '../config/settings';
import { VERSION_PART } from './worker-version';

export interface DeploymentSettings {
  deploymentName: string;
  /** Unset: derived from the workflow bundle (deployment/worker-version.ts). */
  buildId?: string;
}

/** BOX_SIGN_DEPLOYMENT_NAME and BOX_SIGN_BUILD_ID, checked (a problem names the setting and the rule). */
export function readDeploymentSettings(reader: SettingsReader): DeploymentSettings {
  const deploymentName = reader.get(SETTINGS.BOX_SIGN_DEPLOYMENT_NAME);
  const buildId = reader.get(SETTINGS.BOX_SIGN_BUILD_ID);
  for (const [name, value] of [
    [SETTINGS.BOX_SIGN_DEPLOYMENT_NAME.name, deploymentName],
    [SETTINGS.BOX_SIGN_BUILD_ID.name, buildId],
  ] as const) {
    if (value !== undefined && !VERSION_PART.test(value)) {
      reader.problem(`${name} must be 1-200 letters, digits, "-" or "_"`);
    }
  }
  return buildId === undefined ? { deploymentName } : { deploymentName, buildId };
}
