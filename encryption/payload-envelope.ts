import type { Payload } from '@temporalio/common';
import { Field, MapField, Type } from 'protobufjs';

/**
 * Temporal's `temporal.api.common.v1.Payload` wire format (metadata = 1, data = 2), so the encrypted bytes
 * carry the original payload with its metadata, as in the samples' codec. Field 3 (external storage
 * references) is not used by this project.
 */
const PayloadMessage = new Type('Payload')
  .add(new MapField('metadata', 1, 'string', 'bytes'))
  .add(new Field('data', 2, 'bytes'));

export function sealablePayloadBytes(payload: Payload): Uint8Array {
  return PayloadMessage.encode(
    PayloadMessage.create({ metadata: payload.metadata ?? {}, data: payload.data ?? new Uint8Array() }),
  ).finish();
}

export function payloadFromBytes(bytes: Uint8Array): Payload {
  const message = PayloadMessage.toObject(PayloadMessage.decode(bytes), { defaults: true }) as {
    metadata: Record<string, Uint8Array>;
    data: Uint8Array;
  };
  return { metadata: message.metadata, data: message.data };
}
