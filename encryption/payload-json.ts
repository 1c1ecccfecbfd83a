import type { Payload } from '@temporalio/common';

/** The codec server protocol's proto3-JSON payload: every bytes field base64. */
export interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

export class MalformedPayloadsError extends Error {
  override readonly name = 'MalformedPayloadsError';
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** `{ payloads: [...] }` from a request body; anything else is a MalformedPayloadsError naming what is wrong. */
export function payloadsFromJson(body: unknown): Payload[] {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { payloads?: unknown }).payloads)) {
    throw new MalformedPayloadsError('body must be {"payloads": [...]}');
  }
  return ((body as { payloads: unknown[] }).payloads ?? []).map((item, index) => {
    if (typeof item !== 'object' || item === null)
      throw new MalformedPayloadsError(`payloads[${index}] is not an object`);
    const { metadata, data } = item as JsonPayload;
    const decodedMetadata: Record<string, Uint8Array> = {};
    if (metadata !== undefined && metadata !== null) {
      if (typeof metadata !== 'object')
        throw new MalformedPayloadsError(`payloads[${index}].metadata is not an object`);
      for (const [key, value] of Object.entries(metadata)) {
        decodedMetadata[key] = bytes(value, `payloads[${index}].metadata.${key}`);
      }
    }
    return { metadata: decodedMetadata, data: bytes(data, `payloads[${index}].data`) };
  });
}

export function payloadsToJson(payloads: Payload[]): { payloads: JsonPayload[] } {
  return {
    payloads: payloads.map((payload) => ({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
      ),
      data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
    })),
  };
}

function bytes(value: unknown, where: string): Uint8Array {
  if (value === undefined || value === null) return new Uint8Array();
  if (typeof value !== 'string' || !BASE64.test(value)) throw new MalformedPayloadsError(`${where} is not base64`);
  return Buffer.from(value, 'base64');
}
