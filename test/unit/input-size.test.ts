import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { SignRequestInput } from '../../contracts';
import { MAX_INPUT_BYTES, encodedInputBytes, validateSignRequestInput } from '../../contracts';
import { EncryptionCodec } from '../../encryption/encryption-codec';
import { FIXTURE_KEY_RING } from '../replay/fixture-key';
import { inputOfSize } from '../support/input-of-size';

const TEMPORAL_PAYLOAD_LIMIT = 2 * 1024 * 1024;

/** What the worker sends for the create activity's input: the converted, encrypted, serialized payload. */
async function encryptedActivityPayloadBytes(input: SignRequestInput): Promise<number> {
  const payload = defaultPayloadConverter.toPayload({ request: input, externalId: `box-sign-${input.businessKey}` });
  const [encrypted] = await new EncryptionCodec(FIXTURE_KEY_RING).encode([payload]);
  return temporal.api.common.v1.Payload.encode(encrypted!).finish().length;
}

describe('the encoded size of an input', () => {
  it('counts UTF-8 bytes of the JSON, as the payload converter writes them', () => {
    const input = inputOfSize(50_000);
    expect(encodedInputBytes(input)).toBe(50_000);
    expect(encodedInputBytes(input)).toBe(Buffer.byteLength(JSON.stringify(input), 'utf8'));
  });

  it('at the limit, the encrypted create-activity input stays well below Temporal’s 2 MiB payload limit', async () => {
    const input = inputOfSize(MAX_INPUT_BYTES);
    expect(validateSignRequestInput(input).filter((i) => i.field === 'input')).toEqual([]);
    const bytes = await encryptedActivityPayloadBytes(input);
    expect(bytes).toBeGreaterThan(MAX_INPUT_BYTES);
    expect(bytes).toBeLessThan(TEMPORAL_PAYLOAD_LIMIT * 0.55);
  });

  it('one byte over the limit is refused, saying how large the input is and what the limit is', () => {
    const issues = validateSignRequestInput(inputOfSize(MAX_INPUT_BYTES + 1));
    expect(issues).toContainEqual({
      field: 'input',
      rule: `is ${MAX_INPUT_BYTES + 1} bytes as JSON, over the limit of ${MAX_INPUT_BYTES} bytes (Temporal refuses payloads over 2 MiB)`,
    });
  });
});
