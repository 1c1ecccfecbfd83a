import { createBoxSignClient } from '../../box/sign-client';
import type { CallbackEvent, EvidenceDocument, SignRequestInput, SignRequestResult } from '../../contracts';
import { emulatorBoxConfig } from '../../scripts/emulator/box-config';
import type { ApiRig, RigClients } from '../support/api-rig';
import { newRigClients, startApiRig } from '../support/api-rig';
import type { CallbackReceiver } from '../support/callback-receiver';
import { startCallbackReceiver } from '../support/callback-receiver';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { makePdf, pdfText, sha256Hex } from '../support/pdfs';
import { boxRequestFor, eventually } from '../support/signers';

const PHONE = '+15557770142';
const PASSWORD = 'evidence-e2e-Password!';
const FOLDER = '987654321';
const PHONE_SIGNER = 'phone.evidence@example.com';
const PASSWORD_SIGNER = 'password.evidence@example.com';

/**
 * Evidence out, end to end over real HTTP: a business system uploads PDFs it made, starts a request with a
 * phone-verified and a password-verified signer through the API, the signers act on Box (the emulator), and the
 * signed documents, the signing log and an attachment come back hashed — in the callback, the result and the
 * documents routes, whose bytes are Box's bytes.
 */
describe('evidence out: signed documents and their proof, through the API', () => {
  let rigClients: RigClients;
  let h: Harness;
  let api: ApiRig;
  let receiver: CallbackReceiver;
  const box = () => createBoxSignClient(emulatorBoxConfig(h.emulator.url, 5_000));

  beforeAll(async () => {
    rigClients = newRigClients();
    const secretFor = (name: string) => rigClients.clients.byName(name)?.callbackSecret;
    h = await startHarness({ callbacks: { secretFor, allowHosts: ['127.0.0.1'] } });
    const client = box();
    api = await startApiRig(h, { box: client, files: client }, rigClients);
    receiver = await startCallbackReceiver(rigClients.clients.byName('client-a')?.callbackSecret ?? '');
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await receiver?.stop();
    await h?.teardown();
  });

  async function upload(name: string, bytes: Uint8Array): Promise<{ fileId: string; sha256: string }> {
    const response = await fetch(`${api.url}/v1/documents?name=${encodeURIComponent(name)}&folderId=${FOLDER}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.keys.a}`, 'content-type': 'application/pdf' },
      body: bytes,
    });
    const body = (await response.json()) as { fileId: string; sha256: string };
    if (response.status !== 201) throw new Error(`upload: ${response.status} ${JSON.stringify(body)}`);
    expect(body.sha256).toBe(sha256Hex(bytes));
    return body;
  }

  async function download(url: string, key = api.keys.a, headers: Record<string, string> = {}) {
    const response = await fetch(`${api.url}${url}`, { headers: { authorization: `Bearer ${key}`, ...headers } });
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  /** The bytes Box (the emulator) holds for a file, read with Box's API directly. */
  async function onBox(fileId: string): Promise<Uint8Array> {
    const content = await box().openFileContent(fileId);
    if (content.kind !== 'content') throw new Error(`Box has ${fileId} not ready`);
    const chunks: Buffer[] = [];
    for await (const chunk of content.body as AsyncIterable<Buffer>) chunks.push(chunk);
    return new Uint8Array(Buffer.concat(chunks));
  }

  async function startThroughApi(input: SignRequestInput): Promise<{ workflowId: string; signRequestId: string }> {
    const created = await api.call('POST', '/v1/sign-requests', {
      body: { ...input, callback: { url: receiver.url } },
    });
    expect(created.status).toBe(201);
    const answer = created.body as { workflowId: string };
    return { workflowId: answer.workflowId, signRequestId: await boxRequestFor(h.control, answer.workflowId) };
  }

  async function callbackEvents(workflowId: string, type: string): Promise<CallbackEvent[]> {
    const delivered = await eventually(
      () => Promise.resolve(receiver.forWorkflow(workflowId).filter((d) => d.status < 300 && d.event?.type === type)),
      (list) => list.length > 0,
      60_000,
    );
    return delivered.map((d) => d.event!);
  }

  async function signBoth(signRequestId: string): Promise<void> {
    await h.control.signer(signRequestId, PHONE_SIGNER, 'view');
    await h.control.signer(signRequestId, PHONE_SIGNER, 'verify', {
      code: await h.control.latestCode(signRequestId, PHONE_SIGNER),
    });
    await h.control.signer(signRequestId, PHONE_SIGNER, 'sign', {
      inputs: [
        { type: 'text', content_type: 'text', text_value: 'Pat Phone, CFO', document_tag_id: 'title', page_index: 0 },
        { type: 'checkbox', checkbox_value: true, document_tag_id: 'agree-terms', page_index: 0 },
        { type: 'date', date_value: '2026-12-07', document_tag_id: 'signed-on', page_index: 0 },
      ],
    });
    await h.control.signer(signRequestId, PASSWORD_SIGNER, 'verify', { password: PASSWORD });
    await h.control.signer(signRequestId, PASSWORD_SIGNER, 'view');
    await h.control.signer(signRequestId, PASSWORD_SIGNER, 'sign', {
      attachments: [{ name: 'passport.txt', content_base64: Buffer.from('a scanned passport').toString('base64') }],
    });
  }

  /** The id of Box's (first) signed copy, known from the request's creation on. */
  async function signedFileId(signRequestId: string): Promise<string> {
    const request = (await h.control.request(signRequestId)).sign_request as unknown as {
      sign_files: { files: { id: string }[] };
    };
    return request.sign_files.files[0]!.id;
  }

  function twoVerifiedSigners(sourceFiles: { id: string }[], extra: Partial<SignRequestInput> = {}): SignRequestInput {
    return signRequest({
      sourceFiles,
      parentFolder: { id: FOLDER },
      isPhoneVerificationRequiredToView: true,
      signers: [
        { email: PHONE_SIGNER, verificationPhoneNumber: PHONE, order: 1 },
        { email: PASSWORD_SIGNER, password: PASSWORD, order: 1 },
      ],
      ...extra,
    });
  }

  it('upload → start → sign → callback: its hashes are the bytes the API serves, which are Box’s; the log names each check', async () => {
    const contract = await makePdf('Evidence contract', ['Between the parties', 'Signed under verification']);
    const annex = await makePdf('Evidence annex', ['Annex A: the price list']);
    const [a, b] = [await upload('contract.pdf', contract), await upload('annex.pdf', annex)];
    const input = twoVerifiedSigners([{ id: a.fileId }, { id: b.fileId }]);
    const { workflowId, signRequestId } = await startThroughApi(input);
    await signBoth(signRequestId);

    const [signed] = await callbackEvents(workflowId, 'sign_request.signed');
    const data = signed!.data;
    const documents = data.documents ?? [];
    expect(documents.map((d) => d.kind).sort()).toEqual(['attachment', 'signed', 'signed', 'signingLog']);
    expect(data.evidence?.state).toBe('collected');
    expect(data.shortId).toMatch(/^SR-/);

    for (const document of documents) {
      const { response, bytes } = await download(document.url);
      expect([document.name, response.status]).toEqual([document.name, 200]);
      expect([document.name, sha256Hex(bytes), bytes.length]).toEqual([document.name, document.sha256, document.size]);
      expect(response.headers.get('repr-digest')).toBe(
        `sha-256=:${Buffer.from(document.sha256, 'hex').toString('base64')}:`,
      );
      expect(response.headers.get('content-length')).toBe(String(document.size));
      expect(response.headers.get('content-disposition')).toContain('attachment; filename=');
      expect(sha256Hex(await onBox(document.fileId))).toBe(document.sha256);
    }
    const signedCopies = documents.filter((d) => d.kind === 'signed');
    for (const copy of signedCopies)
      expect((await download(copy.url)).response.headers.get('content-type')).toBe('application/pdf');
    // A signed copy is the source's pages plus Box's signature page: not the bytes uploaded.
    expect(signedCopies.map((d) => d.sha256)).not.toContain(a.sha256);

    const log = documents.find((d) => d.kind === 'signingLog')!;
    const logText = await pdfText((await download(log.url)).bytes);
    expect(logText).toMatch(new RegExp(`Verification passed: SMS code \\(\\+1[^)]*42\\) - ${PHONE_SIGNER}`));
    expect(logText).toContain(`Verification passed: password - ${PASSWORD_SIGNER}`);
    expect(logText).not.toContain(PHONE);

    const evidence = data.signerEvidence ?? [];
    expect(evidence.map((s) => [s.email, s.verification, s.signingLogSha256])).toEqual([
      [PHONE_SIGNER, [{ type: 'phone', maskedPhone: '+1•••••••42' }], log.sha256],
      [PASSWORD_SIGNER, [{ type: 'password' }], log.sha256],
    ]);
    expect(evidence[0]?.inputs.map((i) => [i.type, i.textValue ?? i.checkboxValue ?? i.dateValue])).toEqual([
      ['text', 'Pat Phone, CFO'],
      ['checkbox', true],
      ['date', '2026-12-07'],
    ]);
    const attachment = documents.find((d) => d.kind === 'attachment')!;
    expect([attachment.signerEmail, evidence[1]?.attachments.map((x) => x.fileId)]).toEqual([
      PASSWORD_SIGNER,
      [attachment.fileId],
    ]);
    expect(Buffer.from((await download(attachment.url)).bytes).toString()).toBe('a scanned passport');

    // The same in the result and the status, and the list route; no phone number or password anywhere.
    const result = (await api.call('GET', `/v1/sign-requests/${input.businessKey}/result`)).body as {
      result: SignRequestResult;
    };
    expect(result.result.documents).toEqual(documents);
    const status = await api.call('GET', `/v1/sign-requests/${input.businessKey}`);
    expect(status.body.result.documents).toEqual(documents);
    const listed = await api.call('GET', `/v1/sign-requests/${input.businessKey}/documents`);
    expect([listed.status, listed.body.documents]).toEqual([200, documents]);
    const everything = JSON.stringify([signed, result, status.body, listed.body]);
    expect([everything.includes(PHONE), everything.includes(PASSWORD)]).toEqual([false, false]);

    // A range is passed through to Box: 206 with the slice, and the whole file's digest.
    const ranged = await download(signedCopies[0]!.url, api.keys.a, { range: 'bytes=0-99' });
    expect([ranged.response.status, ranged.bytes.length]).toEqual([206, 100]);
    expect(ranged.response.headers.get('repr-digest')).toContain(
      Buffer.from(signedCopies[0]!.sha256, 'hex').toString('base64'),
    );
  }, 120_000);

  it("another client's key gets 404 on the documents, and so does a file that is not one of this request", async () => {
    const { fileId } = await upload('private.pdf', await makePdf('Private', ['Only for client a']));
    const input = twoVerifiedSigners([{ id: fileId }]);
    const { workflowId, signRequestId } = await startThroughApi(input);
    await signBoth(signRequestId);
    const [signed] = await callbackEvents(workflowId, 'sign_request.signed');
    const document = signed!.data.documents![0] as EvidenceDocument;
    expect((await download(document.url)).response.status).toBe(200);
    expect((await download(document.url, api.keys.b)).response.status).toBe(404);
    const list = await api.call('GET', `/v1/sign-requests/${input.businessKey}/documents`, { key: api.keys.b });
    expect(list.status).toBe(404);
    // The source file is on Box, but it is not a document of the request's evidence.
    const notEvidence = await download(`/v1/sign-requests/${input.businessKey}/documents/${fileId}`);
    expect(notEvidence.response.status).toBe(404);
  }, 120_000);

  it('a Box 5xx and a connection dropped mid-download are retried, and the hashes still match Box’s bytes', async () => {
    const { fileId } = await upload(
      'faults.pdf',
      await makePdf('Faults', ['Downloaded twice'], { bulkBytes: 200_000 }),
    );
    const input = twoVerifiedSigners([{ id: fileId }]);
    const { workflowId, signRequestId } = await startThroughApi(input);
    const signedId = await signedFileId(signRequestId);
    await h.control.addFault({
      kind: 'error',
      status: 503,
      method: 'GET',
      path: `/files/${signedId}/content`,
      count: 1,
    });
    await h.control.addFault({
      kind: 'drop_mid_body',
      method: 'GET',
      path: `/files/${signedId}/content`,
      after_bytes: 50_000,
      count: 1,
    } as never);
    try {
      await signBoth(signRequestId);
      const [signed] = await callbackEvents(workflowId, 'sign_request.signed');
      const document = signed!.data.documents!.find((d) => d.fileId === signedId)!;
      expect(document.sha256).toBe(sha256Hex(await onBox(signedId)));
      expect(sha256Hex((await download(document.url)).bytes)).toBe(document.sha256);
      // Box answered the first GET 503, cut the second download mid-body, and served the third whole.
      const calls = (await h.control.calls()).filter((c) => c.path.includes(`/files/${signedId}/content`));
      expect(calls.slice(0, 3).map((c) => [c.status, c.fault ?? null])).toEqual([
        [503, null],
        [302, 'drop_mid_body'],
        [302, null],
      ]);
    } finally {
      await h.control.clearFaults();
    }
  }, 120_000);

  it('evidence later than the wait: the outcome goes at once without documents, documents_ready follows with them', async () => {
    const { fileId } = await upload('late.pdf', await makePdf('Late', ['Box is slow to serve it']));
    const input = twoVerifiedSigners([{ id: fileId }], { evidence: { wait: '1s' } });
    const { workflowId, signRequestId } = await startThroughApi(input);
    const signedId = await signedFileId(signRequestId);
    // Box fails the download three times: the retries back off 1, 2, 4 s, past the 1 s wait.
    await h.control.addFault({
      kind: 'error',
      status: 503,
      method: 'GET',
      path: `/files/${signedId}/content`,
      count: 3,
    });
    try {
      await signBoth(signRequestId);
      const [signed] = await callbackEvents(workflowId, 'sign_request.signed');
      expect([signed!.data.outcome, signed!.data.documents, signed!.data.evidence?.state]).toEqual([
        'signed',
        [],
        'collecting',
      ]);
      expect(signed!.data.evidence?.missing).toEqual(['signed', 'signingLog']);
      const [ready] = await callbackEvents(workflowId, 'sign_request.documents_ready');
      expect([ready!.data.outcome, ready!.data.evidence?.state]).toEqual(['signed', 'collected']);
      const copy = ready!.data.documents!.find((d) => d.fileId === signedId)!;
      expect(sha256Hex((await download(copy.url)).bytes)).toBe(copy.sha256);
      const result = await h.result(workflowId);
      expect(result.documents).toEqual(ready!.data.documents);
    } finally {
      await h.control.clearFaults();
    }
  }, 120_000);

  it('a declined request collects its signing log only, which records the decline', async () => {
    const { fileId } = await upload('declined.pdf', await makePdf('Declined', ['Not agreed']));
    const input = twoVerifiedSigners([{ id: fileId }]);
    const { workflowId, signRequestId } = await startThroughApi(input);
    await h.control.signer(signRequestId, PASSWORD_SIGNER, 'verify', { password: PASSWORD });
    await h.control.signer(signRequestId, PASSWORD_SIGNER, 'decline', { reason: 'wrong price' });
    const [declined] = await callbackEvents(workflowId, 'sign_request.declined');
    const documents = declined!.data.documents ?? [];
    expect([declined!.data.signedFileIds, documents.map((d) => d.kind)]).toEqual([[], ['signingLog']]);
    const text = await pdfText((await download(documents[0]!.url)).bytes);
    expect(text).toContain(`Declined by ${PASSWORD_SIGNER}`);
  }, 120_000);

  it('a cancelled request lists none of Box’s working copies as signed', async () => {
    const { fileId } = await upload('cancelled.pdf', await makePdf('Cancelled', ['Never signed']));
    const input = twoVerifiedSigners([{ id: fileId }]);
    const { workflowId } = await startThroughApi(input);
    expect((await api.call('POST', `/v1/sign-requests/${input.businessKey}/cancel`, { body: {} })).status).toBe(200);
    const [cancelled] = await callbackEvents(workflowId, 'sign_request.cancelled');
    const result = await h.result(workflowId);
    expect([result.outcome, result.signedFileIds, cancelled!.data.signedFileIds]).toEqual(['cancelled', [], []]);
    expect((result.documents ?? []).filter((d) => d.kind === 'signed')).toEqual([]);
  }, 120_000);
});
