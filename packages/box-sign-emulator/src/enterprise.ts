import { BoxApiError, ControlError } from './errors';
import type { ValidatedSigner } from './validation';

export interface EnterpriseSettingsState {
  cac_piv_enabled: boolean;
}

/**
 * What the enterprise's admin allows, as switches of the control API. CAC/PIV verification needs its own
 * permission (box-sign-api.md §1.5); off by default, as on an enterprise that never asked for it.
 */
export class EnterpriseSettings {
  private state: EnterpriseSettingsState = { cac_piv_enabled: false };

  get current(): EnterpriseSettingsState {
    return { ...this.state };
  }

  configure(change: Partial<EnterpriseSettingsState>): EnterpriseSettingsState {
    this.state = { ...this.state, ...change };
    return this.current;
  }

  /**
   * Box refuses a create whose signer asks for CAC/PIV without the permission. The exact answer is undocumented
   * (box-sign-api.md §1.5: unverified); the emulator's reading: 403, Box's code for a missing permission, and a
   * message and context_info that name the signer's field.
   */
  assertAllowed(signers: readonly ValidatedSigner[]): void {
    if (this.state.cac_piv_enabled) return;
    const index = signers.findIndex((s) => s.verification_method?.type === 'cac_piv');
    if (index === -1) return;
    const name = `signers[${index}].verification_method`;
    const message = `'${name}' cac_piv verification is not enabled for this enterprise`;
    throw new BoxApiError(403, 'access_denied_insufficient_permissions', message, {
      errors: [{ reason: 'cac_piv_not_enabled', name, message }],
    });
  }

  reset(): void {
    this.state = { cac_piv_enabled: false };
  }

  snapshot(): EnterpriseSettingsState {
    return this.current;
  }

  restore(state: EnterpriseSettingsState | undefined): void {
    this.state = { cac_piv_enabled: state?.cac_piv_enabled === true };
  }
}

/** The control API's body: `{cac_piv_enabled: boolean}`. */
export function parseEnterpriseChange(raw: Record<string, unknown>): Partial<EnterpriseSettingsState> {
  const value = raw.cac_piv_enabled;
  if (value === undefined) return {};
  if (typeof value !== 'boolean') {
    throw new ControlError(400, { error: 'invalid_body', message: "'cac_piv_enabled' must be true or false" });
  }
  return { cac_piv_enabled: value };
}
