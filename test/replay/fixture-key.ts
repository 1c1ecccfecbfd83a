import type { KeyRing } from '../../encryption/key-ring';

/**
 * The throwaway key the committed replay histories were captured with. It protects nothing: the histories hold
 * only made-up test values. Production keys never live in the repository.
 */
export const FIXTURE_KEY_RING: KeyRing = {
  activeKeyId: 'replay-fixtures',
  keys: new Map([['replay-fixtures', Buffer.from('RDbf1D/QXSVWFouWaAJkSkKz2oi4Zozq1fmRfQSwGPc=', 'base64')]]),
};
