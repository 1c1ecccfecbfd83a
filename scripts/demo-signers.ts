import type { EmulatorControl } from 'box-sign-emulator';
import { maskPhoneNumber } from '../contracts';
import { sleep } from './processes';

/** The demo's signers, played against the emulator's control API the way a person would act in Box. */

type Say = (line: string) => void;

export async function waitUntilSent(control: EmulatorControl, externalId: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [request] = await control.findByExternalId(externalId);
    if (request && !['converting', 'created'].includes(request.sign_request.status)) return request.sign_request.id;
    await sleep(200);
  }
  throw new Error(`no sent Box request with external_id ${externalId} within ${timeoutMs / 1000} s`);
}

/** Phone-verified signer with the view flag: opening asks for the SMS code; a wrong code is refused first. */
export async function playPhoneSigner(control: EmulatorControl, id: string, email: string, say: Say): Promise<void> {
  const open = await control.signer(id, email, 'view');
  say(
    `${email} opens the document → ${open.status} ${open.body.error ?? 'ok'} (needs ${open.body.needs ?? 'nothing'})`,
  );
  const code = await control.latestCode(id, email);
  const phone = (await control.outbox(id, email)).at(-1)?.phone_number ?? '';
  say(smsLine(phone, code));
  const wrongCode = code === '000000' ? '111111' : '000000';
  const wrong = await control.signer(id, email, 'verify', { code: wrongCode });
  say(`${email} enters ${wrongCode} → ${wrong.status} ${wrong.body.error ?? ''}`);
  if (wrong.status !== 403) throw new Error('a wrong SMS code was not refused');
  await expectOk(() => control.signer(id, email, 'verify', { code }), `${email} enters the right code`, say);
  await expectOk(() => control.signer(id, email, 'view'), `${email} views the document`, say);
  await expectOk(() => control.signer(id, email, 'sign'), `${email} signs`, say);
}

/** Password-verified signer: the password is asked before the document opens; a wrong one is refused first. */
export async function playPasswordSigner(
  control: EmulatorControl,
  id: string,
  email: string,
  password: string,
  say: Say,
): Promise<void> {
  const open = await control.signer(id, email, 'view');
  say(
    `${email} opens the document → ${open.status} ${open.body.error ?? 'ok'} (needs ${open.body.needs ?? 'nothing'})`,
  );
  const wrong = await control.signer(id, email, 'verify', { password: 'not-the-password' });
  say(`${email} enters a wrong password → ${wrong.status} ${wrong.body.error ?? ''}`);
  if (wrong.status !== 403) throw new Error('a wrong password was not refused');
  await expectOk(() => control.signer(id, email, 'verify', { password }), `${email} enters the right password`, say);
  await expectOk(() => control.signer(id, email, 'view'), `${email} views the document`, say);
  await expectOk(() => control.signer(id, email, 'sign'), `${email} signs`, say);
}

/** The emails and password of the one-signer-per-method request (demo.ts). */
export const METHOD_SIGNERS = {
  phone: 'sam.sms@example.com',
  login: 'lee.login@example.com',
  card: 'kim.card@example.com',
} as const;

/**
 * One signer per verification method, each acting as Box asks: the SMS code (the phone given as a method), a Box
 * login, and a CAC/PIV card after the password set beside it.
 */
export async function playMethodSigners(
  control: EmulatorControl,
  id: string,
  password: string,
  say: Say,
): Promise<void> {
  const { phone, login, card } = METHOD_SIGNERS;
  await control.signer(id, phone, 'send-code');
  const code = await control.latestCode(id, phone);
  say(smsLine((await control.outbox(id, phone)).at(-1)?.phone_number ?? '', code));
  await expectOk(() => control.signer(id, phone, 'verify', { code }), `${phone} enters the code`, say);
  await expectOk(() => control.signer(id, phone, 'sign'), `${phone} signs`, say);

  const refused = await control.signer(id, login, 'view');
  say(`${login} opens the document → ${refused.status} (needs ${refused.body.needs ?? 'nothing'})`);
  await expectOk(() => control.signer(id, login, 'login'), `${login} logs in to Box`, say);
  await expectOk(() => control.signer(id, login, 'sign'), `${login} signs`, say);

  await expectOk(() => control.signer(id, card, 'verify', { password }), `${card} enters the password`, say);
  const noCard = await control.signer(id, card, 'view');
  say(`${card} opens the document → ${noCard.status} (needs ${noCard.body.needs ?? 'nothing'})`);
  await expectOk(() => control.signer(id, card, 'present-card'), `${card} presents a CAC/PIV card`, say);
  await expectOk(() => control.signer(id, card, 'sign'), `${card} signs`, say);
}

/** A pause between a signer's steps, so that the workflow observes each status on its way (sent, viewed…). */
const STEP_PAUSE_MS = Number(process.env.DEMO_STEP_PAUSE_MS ?? 1500);

async function expectOk(
  action: () => Promise<{ status: number; body: unknown }>,
  what: string,
  say: Say,
): Promise<void> {
  await sleep(STEP_PAUSE_MS);
  const result = await action();
  say(`${what} → ${result.status}`);
  if (result.status >= 300) throw new Error(`${what} failed: ${JSON.stringify(result.body)}`);
}

/** The code the emulator sent, with the phone masked as operators see it everywhere (contracts' one mask). */
export function smsLine(phone: string, code: string): string {
  return `SMS to ${maskPhoneNumber(phone)}: code ${code}`;
}
