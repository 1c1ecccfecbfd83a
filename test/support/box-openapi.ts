import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/tools';

/**
 * Box's own OpenAPI 3.0 spec, read where it lives (../shared/box-openapi/, never copied into the project),
 * turned into JSON Schema for Ajv: OpenAPI's `nullable` becomes "or null"; examples and x- extensions go.
 */
export const BOX_OPENAPI_PATH = process.env.BOX_OPENAPI_SPEC ?? findSharedSpec();

/** `shared/` beside this checkout, or beside the local checkout it was cloned from (a clone in a temp dir). */
function findSharedSpec(): string {
  const specBeside = (dir: string) => join(dir, '..', 'shared', 'box-openapi', 'openapi.json');
  const candidates = [specBeside(PROJECT_ROOT)];
  try {
    const origin = execFileSync('git', ['-C', PROJECT_ROOT, 'config', '--get', 'remote.origin.url'], {
      encoding: 'utf8',
    });
    if (isAbsolute(origin.trim())) candidates.push(specBeside(origin.trim()));
  } catch {
    // Not a clone, or no git: only the first place counts.
  }
  return candidates.find((path) => existsSync(path)) ?? candidates[0]!;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function toJsonSchema(node: Json, key?: string): Json {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item));
  if (node === null || typeof node !== 'object') return node;
  const isPropertyMap = key === 'properties';
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) {
    if (!isPropertyMap && (k === 'example' || k === 'examples' || k.startsWith('x-'))) continue;
    out[k] = toJsonSchema(v, k);
  }
  if (!isPropertyMap && 'nullable' in out) {
    const nullable = out.nullable === true;
    delete out.nullable;
    if (nullable) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

let ajv: Ajv | undefined;

export function boxSchema(name: string): ValidateFunction {
  if (!ajv) {
    if (!existsSync(BOX_OPENAPI_PATH)) {
      throw new Error(`Box's OpenAPI spec is not at ${BOX_OPENAPI_PATH}: set BOX_OPENAPI_SPEC to its path`);
    }
    const spec = JSON.parse(readFileSync(BOX_OPENAPI_PATH, 'utf8')) as { components: Json };
    ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    addFormats(ajv);
    ajv.addFormat('token', true);
    ajv.addFormat('urn', true);
    ajv.addSchema({ components: toJsonSchema(spec.components) }, 'box-openapi');
  }
  const validate = ajv.getSchema(`box-openapi#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name} in Box's OpenAPI spec`);
  return validate;
}

/** Jest-friendly: the validation errors of `value` against schema `name` (empty when it conforms). */
export function schemaErrors(name: string, value: unknown): string[] {
  const validate = boxSchema(name);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
