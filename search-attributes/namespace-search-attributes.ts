import type { OperatorService } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
// Not re-exported from the package's index.
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { SEARCH_ATTRIBUTES } from '../contracts';

/**
 * The custom search attributes a namespace needs, from the one list (contracts SEARCH_ATTRIBUTES): what the
 * workflow upserts, what starts set (`BoxSender`, `ApiClient`), what the API and the CLI filter on. A start that
 * names an attribute the namespace lacks is refused by Temporal, so they are registered before the first start:
 * `box-sign search-attributes apply` on a cluster or Temporal Cloud, `--search-attribute` flags on a dev server.
 */

/** The documented production command (docs/operations.md). */
export const SEARCH_ATTRIBUTES_APPLY_COMMAND = 'box-sign search-attributes apply';

type AnyKey = SearchAttributeKey<SearchAttributeType>;

const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** The type as the `temporal` CLI spells it (`Keyword`, `KeywordList`…). */
export function cliTypeName(type: SearchAttributeType): string {
  return CLI_TYPE_NAMES[type];
}

/** `temporal server start-dev` flags registering every attribute at start. */
export function devServerSearchAttributeArgs(keys: readonly AnyKey[] = SEARCH_ATTRIBUTES): string[] {
  return keys.flatMap((key) => ['--search-attribute', `${key.name}=${cliTypeName(key.type)}`]);
}

/** The same registration as a `temporal operator` command line, for those who prefer the Temporal CLI. */
export function temporalCliCreateCommand(namespace: string, keys: readonly AnyKey[] = SEARCH_ATTRIBUTES): string {
  const pairs = keys.map((key) => `--name ${key.name} --type ${cliTypeName(key.type)}`).join(' ');
  return `temporal operator search-attribute create --namespace ${namespace} ${pairs}`;
}

/** One attribute as the namespace has it: `registered` with our type, `missing`, or registered with another type. */
export interface SearchAttributeState {
  name: string;
  type: string;
  state: 'registered' | 'missing' | 'wrong type';
}

export async function readSearchAttributes(
  service: OperatorService,
  namespace: string,
  keys: readonly AnyKey[] = SEARCH_ATTRIBUTES,
): Promise<SearchAttributeState[]> {
  const { customAttributes } = await service.listSearchAttributes({ namespace });
  return keys.map((key) => {
    const has = customAttributes?.[key.name];
    const state = has === undefined ? 'missing' : has === indexedType(key) ? 'registered' : 'wrong type';
    return { name: key.name, type: cliTypeName(key.type), state };
  });
}

/**
 * Registers what is missing; idempotent. An attribute registered with another type cannot be changed in place
 * (Temporal has no such operation): it is reported, and nothing else is done for it.
 */
export async function applySearchAttributes(
  service: OperatorService,
  namespace: string,
  keys: readonly AnyKey[] = SEARCH_ATTRIBUTES,
): Promise<SearchAttributeState[]> {
  const before = await readSearchAttributes(service, namespace, keys);
  const missing = keys.filter((key) => before.some((s) => s.name === key.name && s.state === 'missing'));
  if (missing.length > 0) {
    await service.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedType(key)])),
    });
  }
  return readSearchAttributes(service, namespace, keys);
}

function indexedType(key: AnyKey) {
  const encoded = encodeSearchAttributeIndexedValueType(key.type);
  if (encoded === undefined) throw new Error(`search attribute ${key.name}: unknown type ${key.type}`);
  return encoded;
}
