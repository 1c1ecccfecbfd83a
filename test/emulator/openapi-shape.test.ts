import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmulatorUnderTest } from './helpers';

/** Box's OpenAPI spec: in the repo's shared/ folder when vendored there, else next to the checkout. */
const SPEC = [
  join(__dirname, '../../shared/box-openapi/openapi.json'),
  join(__dirname, '../../../shared/box-openapi/openapi.json'),
].find((p) => existsSync(p));

const ROOTS = ['SignRequest', 'SignRequests', 'ClientError', 'AccessToken', 'OAuth2Error'];

/**
 * The named schemas and everything they reference, converted from OpenAPI 3.0 to JSON Schema: `example`
 * values dropped (some carry clashing `$id`s) and `nullable` turned into an explicit null alternative.
 */
function pickSchemas(all: Record<string, unknown>, roots: string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'example' || key === 'examples' || key === 'nullable') continue;
      if (key === '$ref' && typeof value === 'string') visit(value.replace('#/components/schemas/', ''));
      out[key] = key === '$ref' && typeof value === 'string' ? value.replace('#/', 'box#/') : strip(value);
    }
    return (node as { nullable?: unknown }).nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
  };
  const visit = (name: string): void => {
    if (name in picked) return;
    picked[name] = {};
    picked[name] = strip(all[name]);
  };
  roots.forEach(visit);
  return picked;
}

(SPEC === undefined ? describe.skip : describe)('emulator responses validate against Box OpenAPI schemas', () => {
  let emu: EmulatorUnderTest;
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  beforeAll(async () => {
    const spec = JSON.parse(readFileSync(SPEC ?? '', 'utf8')) as { components: { schemas: Record<string, unknown> } };
    ajv.addSchema({ components: { schemas: pickSchemas(spec.components.schemas, ROOTS) } }, 'box');
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());

  const check = (schema: string, value: unknown): void => {
    const validate = ajv.getSchema(`box#/components/schemas/${schema}`);
    if (!validate) throw new Error(`no schema ${schema}`);
    const valid = validate(value);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  };

  it('SignRequest (through the whole life), SignRequests, ClientError, AccessToken, OAuth2Error', async () => {
    const created = await emu.box('POST', '/sign_requests', {
      source_files: [{ type: 'file', id: '1' }],
      signers: [{ email: 'o@example.com', verification_phone_number: '+15551232190', embed_url_external_user_id: 'x' }],
      days_valid: 5,
      prefill_tags: [{ document_tag_id: 'tag', text_value: 'hello' }],
    });
    check('SignRequest', created.body);
    const validateSignRequest = ajv.getSchema('box#/components/schemas/SignRequest');
    expect(validateSignRequest?.({ ...created.body, sender_id: 'not-an-integer' })).toBe(false);
    const id = created.body.id as string;
    await emu.waitForStatus(id, 'sent');
    await emu.signer(id, 'o@example.com', 'send-code');
    await emu.signer(id, 'o@example.com', 'verify', { code: await emu.latestCode(id, 'o@example.com') });
    await emu.signer(id, 'o@example.com', 'sign');
    check('SignRequest', await emu.waitForStatus(id, 'signed'));

    check('SignRequests', (await emu.box('GET', '/sign_requests')).body);
    check('ClientError', (await emu.box('GET', '/sign_requests/missing')).body);
    const token = await emu.call('POST', '/oauth2/token', {
      body: 'grant_type=client_credentials&client_id=emulator-client-id&client_secret=emulator-client-secret&box_subject_type=enterprise&box_subject_id=1',
    });
    check('AccessToken', token.body);
    check('OAuth2Error', (await emu.call('POST', '/oauth2/token', { body: 'grant_type=client_credentials' })).body);
  });
});
