/**
 * The last step of /openapi.json, for code generators: fastify-type-provider-zod emits every named zod schema twice
 * (`X` for answers, `XInput` for bodies and parameters) and every schema of the process's zod registry. Here each
 * schema keeps one name (the `Input` variant renamed when only it is used; both must then be the same schema), the
 * document keeps only the schemas it uses, unions of objects told apart by a constant property get their
 * `discriminator`, an optional body is `required: false` rather than a union with null, and every operation must
 * have its own operationId.
 */

type Json = Record<string, unknown>;

const PREFIX = '#/components/schemas/';
const INPUT_SUFFIX = 'Input';

export function tidyOpenApiDocument<T extends object>(document: T): T {
  const doc = structuredClone(document) as unknown as Json;
  const components = (doc.components ?? {}) as Json;
  const schemas = (components.schemas ?? {}) as Record<string, Json>;
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;

  const used = reachable(paths, schemas);
  const rename = new Map<string, string>();
  for (const name of used) {
    if (!name.endsWith(INPUT_SUFFIX)) continue;
    const base = name.slice(0, -INPUT_SUFFIX.length);
    if (!(base in schemas)) continue;
    rename.set(name, base);
  }
  const renamed = (name: string) => rename.get(name) ?? name;
  const rewrite = (value: unknown): unknown => rewriteRefs(value, renamed);
  const kept: Record<string, Json> = {};
  for (const name of [...used].sort()) {
    const target = renamed(name);
    const schema = rewrite(schemas[name]) as Json;
    const other = kept[target];
    if (other !== undefined && JSON.stringify(other) !== JSON.stringify(schema)) {
      throw new Error(`OpenAPI: schema ${target} has different input and output variants; name them apart`);
    }
    kept[target] = schema;
  }
  for (const schema of Object.values(kept)) addDiscriminator(schema, kept);
  doc.paths = rewrite(paths);
  doc.components = { ...components, schemas: kept };
  for (const operation of operations(doc.paths as Record<string, Record<string, Json>>)) optionalBody(operation);
  requireOperationIds(doc.paths as Record<string, Record<string, Json>>);
  return doc as unknown as T;
}

function reachable(paths: unknown, schemas: Record<string, Json>): Set<string> {
  const seen = new Set<string>();
  const queue = refsIn(paths);
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (seen.has(name) || !(name in schemas)) continue;
    seen.add(name);
    queue.push(...refsIn(schemas[name]));
  }
  return seen;
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith(PREFIX))
        found.push(child.slice(PREFIX.length));
      else refsIn(child, found);
    }
  }
  return found;
}

function rewriteRefs(value: unknown, renamed: (name: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, renamed));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) =>
      key === '$ref' && typeof child === 'string' && child.startsWith(PREFIX)
        ? [key, PREFIX + renamed(child.slice(PREFIX.length))]
        : [key, rewriteRefs(child, renamed)],
    ),
  );
}

/** A `oneOf` of named objects that each fix one required property to a constant: say so, for typed clients. */
function addDiscriminator(schema: Json, schemas: Record<string, Json>): void {
  const members = schema.oneOf;
  if (!Array.isArray(members) || members.length < 2) return;
  const names = members.map((m: Json) => (typeof m.$ref === 'string' ? m.$ref.slice(PREFIX.length) : null));
  if (names.some((n) => n === null || schemas[n] === undefined)) return;
  const first = schemas[names[0] as string] as Json;
  for (const property of Object.keys(first.properties ?? {})) {
    const mapping: Record<string, string> = {};
    const fits = names.every((name) => {
      const member = schemas[name as string] as Json;
      const constant = ((member.properties ?? {}) as Record<string, Json>)[property]?.const;
      const required = Array.isArray(member.required) && member.required.includes(property);
      if (typeof constant !== 'string' || !required || constant in mapping) return false;
      mapping[constant] = PREFIX + (name as string);
      return true;
    });
    if (fits) {
      schema.discriminator = { propertyName: property, mapping };
      return;
    }
  }
}

function* operations(paths: Record<string, Record<string, Json>>): Generator<Json> {
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      if (operation !== null && typeof operation === 'object') yield operation;
    }
  }
}

/** A body the route takes or leaves out (zod's nullish): documented as the object, not required. */
function optionalBody(operation: Json): void {
  const body = operation.requestBody as { required?: boolean; content?: Record<string, { schema?: Json }> } | undefined;
  const media = body?.content?.['application/json'];
  const anyOf = media?.schema?.anyOf;
  if (!body || !media?.schema || !Array.isArray(anyOf) || anyOf.length !== 2) return;
  const others = anyOf.filter((s: Json) => s.type !== 'null');
  if (others.length !== 1) return;
  media.schema = others[0] as Json;
  body.required = false;
}

function requireOperationIds(paths: Record<string, Record<string, Json>>): void {
  const ids = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const id = operation.operationId;
      if (typeof id !== 'string') throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} has no operationId`);
      if (ids.has(id)) throw new Error(`OpenAPI: operationId ${id} is used twice`);
      ids.add(id);
    }
  }
}
