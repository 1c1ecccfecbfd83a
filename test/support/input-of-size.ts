import type { SignRequestInput } from '../../contracts';
import { encodedInputBytes } from '../../contracts';

const TAG_TEXT = 4_000;

const SMALL_INPUT: SignRequestInput = {
  businessKey: 'size-1',
  sourceFiles: [{ id: '1' }],
  parentFolder: { id: '2' },
  signers: [{ email: 'pat@example.com', password: 'pw' }],
};

/** An input whose JSON is exactly `bytes` long, grown through prefill tags (each within its own limit). */
export function inputOfSize(bytes: number, base: SignRequestInput = SMALL_INPUT): SignRequestInput {
  const input: SignRequestInput = { ...base, prefillTags: [{ documentTagId: 't', textValue: '' }] };
  const emptyTag = encodedInputBytes({ documentTagId: 't', textValue: '' }) + 1; // and its comma
  let missing = bytes - encodedInputBytes(input);
  const tags = input.prefillTags!;
  while (missing > TAG_TEXT + emptyTag) {
    tags.push({ documentTagId: 't', textValue: 'x'.repeat(TAG_TEXT) });
    missing -= TAG_TEXT + emptyTag;
  }
  tags[0]!.textValue = 'é'.repeat(Math.floor(missing / 2)) + 'x'.repeat(missing % 2);
  expect(encodedInputBytes(input)).toBe(bytes);
  return input;
}
