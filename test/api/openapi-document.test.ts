import { generateSealingSetup } from '../../encryption/sealing-keys';
import type { ApiRig } from '../support/api-rig';
import { startApiRigWithTemporalDown } from '../support/api-rig';

type Schema = Record<string, unknown>;
type Operation = {
  operationId?: string;
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

const REF = '#/components/schemas/';
const VALIDATION_ONLY = new Set(['not', 'if', 'then', 'else', 'contains']);

/** Every inline object or union under `value` (a named schema's own root is not inline), with where it is. */
function anonymousShapes(value: unknown, where: string, root: boolean, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item, i) => anonymousShapes(item, `${where}/${i}`, false, found));
  else if (value !== null && typeof value === 'object') {
    const schema = value as Schema;
    const nullable = (members: unknown) =>
      Array.isArray(members) && members.length === 2 && members.some((m: Schema) => m.type === 'null');
    if (!root && schema.type === 'object' && schema.properties !== undefined) found.push(`object at ${where}`);
    for (const union of ['anyOf', 'oneOf']) {
      if (!root && schema[union] !== undefined && !nullable(schema[union])) found.push(`${union} at ${where}`);
    }
    for (const [key, child] of Object.entries(schema)) {
      // Rules only a validator reads (the cross-field ones) make no type in a generated client.
      if (!VALIDATION_ONLY.has(key)) anonymousShapes(child, `${where}/${key}`, false, found);
    }
  }
  return found;
}

/**
 * /openapi.json is a document code generators turn into clean clients (issue 27 §3), and a method a path does not
 * have is a 405 naming the ones it has. The API here needs no Temporal: the document and the routing are its own.
 */
describe('the OpenAPI document, for code generators', () => {
  let api: ApiRig;
  let doc: OpenApi;
  beforeAll(async () => {
    api = await startApiRigWithTemporalDown(generateSealingSetup('openapi-doc').sealing);
    doc = (await api.call('GET', '/openapi.json', { key: null })).body as OpenApi;
  }, 30_000);
  afterAll(async () => {
    await api?.stop();
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ label: `${method.toUpperCase()} ${path}`, operation })),
    );

  it('names every operation with its own operationId', () => {
    const ids = operations().map(({ label, operation }) => [label, operation.operationId]);
    expect(ids.filter(([, id]) => typeof id !== 'string')).toEqual([]);
    expect(new Set(ids.map(([, id]) => id)).size).toBe(ids.length);
    expect(Object.fromEntries(ids)).toMatchObject({
      'POST /v1/sign-requests': 'createSignRequest',
      'GET /v1/sign-requests/{businessKey}/result': 'getSignRequestResult',
      'GET /health': 'getLivenessLegacy',
    });
  });

  it('gives every JSON body and answer a named schema, and has no anonymous object or union anywhere', () => {
    for (const { label, operation } of operations()) {
      const bodies = Object.values(operation.requestBody?.content ?? {}).map((media) => media.schema);
      const answers = Object.values(operation.responses).flatMap((response) =>
        Object.entries(response.content ?? {})
          .filter(([type]) => type.includes('json'))
          .map(([, media]) => media.schema),
      );
      for (const schema of [...bodies.filter((s) => s.format !== 'binary'), ...answers]) {
        expect([label, typeof schema.$ref === 'string' && schema.$ref.startsWith(REF)]).toEqual([label, true]);
      }
    }
    const inline = Object.entries(doc.components.schemas).flatMap(([name, schema]) =>
      anonymousShapes(schema, name, true),
    );
    expect([...inline, ...anonymousShapes(doc.paths, 'paths', false)]).toEqual([]);
  });

  it('has one schema per name: no Input twin of an answer, nothing unused', () => {
    const names = Object.keys(doc.components.schemas);
    expect(names.filter((name) => name.endsWith('Input') && names.includes(name.slice(0, -'Input'.length)))).toEqual(
      [],
    );
    expect(names).toContain('SignRequestInput');
    expect(names).not.toContain('SignRequestInputInput');
    const text = JSON.stringify(doc);
    expect(names.filter((name) => !text.includes(`"${REF}${name}"`))).toEqual([]);
  });

  it('says that each batch item is checked on its own, and the cross-field rules JSON Schema can state', () => {
    const batch = doc.components.schemas.SignRequestBatch as { properties: { requests: { items: Schema } } };
    expect(batch.properties.requests.items.$ref).toBeUndefined();
    expect(batch.properties.requests.items.description).toMatch(/SignRequestInput.*checked on its own/);
    const input = doc.components.schemas.SignRequestInput as Schema;
    // Exactly one of sourceFiles and templateId: both, or neither, is a forbidden combination.
    expect(input).toMatchObject({
      if: {
        anyOf: expect.arrayContaining([
          { required: ['templateId', 'sourceFiles'] },
          { not: { anyOf: [{ required: ['templateId'] }, { required: ['sourceFiles'] }] } },
        ]),
      },
      then: false,
    });
    expect(doc.components.schemas.ParentFolder).toMatchObject({
      properties: { id: { pattern: '^\\d+$', not: { const: '0' } } },
    });
    expect(doc.components.schemas.SignRequestBatchItem).toMatchObject({
      discriminator: { propertyName: 'status', mapping: { invalid: `${REF}BatchItemInvalid` } },
    });
  });

  it('answers a method a path does not have with 405 and Allow, before authentication; an unknown path with 404', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/v1/sign-requests', 'GET, HEAD, POST'],
      ['PUT', '/v1/sign-requests/batch', 'POST'],
      ['PUT', '/v1/sign-requests/order-1/cancel', 'POST'],
      ['QUERY', '/v1/sign-requests/order-1', 'GET, HEAD'],
      ['POST', '/healthz', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const answer = await api.call(method, path, { key: null });
      expect([method, path, answer.status, answer.headers.get('allow'), answer.body.type]).toEqual([
        method,
        path,
        405,
        allow,
        'urn:box-sign:problem:method-not-allowed',
      ]);
    }
    expect((await api.call('GET', '/v1/no-such-thing')).status).toBe(404);
  });
});
