import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor } from '../support/signers';

describe('verified signers, end to end (real Temporal, emulator over HTTP)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(() => h?.teardown());

  it('a phone-verified signer who enters the wrong code cannot sign; with the right code the request ends signed', async () => {
    const email = 'pat@example.com';
    const workflowId = await h.start(signRequest({ signers: [{ email, verificationPhoneNumber: '+15551232190' }] }));
    const id = await boxRequestFor(h.control, workflowId);

    expect((await h.control.signer(id, email, 'view')).status).toBe(200);
    const refusedSign = await h.control.signer(id, email, 'sign');
    expect(refusedSign.status).toBe(403);
    expect(refusedSign.body.error).toBe('verification_required');

    await h.control.signer(id, email, 'send-code');
    const code = await h.control.latestCode(id, email);
    const wrong = await h.control.signer(id, email, 'verify', { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toBe('wrong_code');
    expect((await h.control.signer(id, email, 'sign')).status).toBe(403);

    // Each refused attempt to sign texts a fresh code; the newest one is the one that works.
    const freshCode = await h.control.latestCode(id, email);
    expect((await h.control.signer(id, email, 'verify', { code: freshCode })).status).toBe(200);
    expect((await h.control.signer(id, email, 'sign')).status).toBe(200);

    const result = await h.result(workflowId);
    expect(result.outcome).toBe('signed');
    expect(result.signRequestId).toBe(id);
    expect(result.signers).toEqual([
      expect.objectContaining({ email, decision: 'signed', decidedAt: expect.any(String) }),
    ]);
    expect(result.signedFileIds.length).toBeGreaterThan(0);
    expect(result.signingLogFileId).toEqual(expect.any(String));
  });

  it('with is_phone_verification_required_to_view the code is asked before the document opens', async () => {
    const email = 'sam@example.com';
    const workflowId = await h.start(
      signRequest({
        isPhoneVerificationRequiredToView: true,
        signers: [{ email, verificationPhoneNumber: '+447700900123' }],
      }),
    );
    const id = await boxRequestFor(h.control, workflowId);

    const view = await h.control.signer(id, email, 'view');
    expect(view.status).toBe(403);
    expect(view.body).toMatchObject({ error: 'verification_required', needs: 'sms_code' });
    const code = await h.control.latestCode(id, email);
    expect((await h.control.signer(id, email, 'verify', { code })).status).toBe(200);
    expect((await h.control.signer(id, email, 'view')).status).toBe(200);
    expect((await h.control.signer(id, email, 'sign')).status).toBe(200);

    expect((await h.result(workflowId)).outcome).toBe('signed');
  });

  it('a password-verified signer is refused with a wrong password and signs with the right one', async () => {
    const email = 'robin@example.com';
    const workflowId = await h.start(signRequest({ signers: [{ email, password: 'correct horse' }] }));
    const id = await boxRequestFor(h.control, workflowId);

    expect((await h.control.signer(id, email, 'view')).body).toMatchObject({
      error: 'verification_required',
      needs: 'password',
    });
    const wrong = await h.control.signer(id, email, 'verify', { password: 'battery staple' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toBe('wrong_password');
    expect((await h.control.request(id)).signers.find((s) => s.email === email)?.failed_verification_attempts).toBe(1);

    expect((await h.control.signer(id, email, 'verify', { password: 'correct horse' })).status).toBe(200);
    expect((await h.control.signer(id, email, 'sign')).status).toBe(200);

    const result = await h.result(workflowId);
    expect(result.outcome).toBe('signed');
    expect(result.signers[0]).toMatchObject({ email, decision: 'signed' });
  });
});
