import type { RunningCodecServer } from '../../encryption/codec-server';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/**
 * What an operator with the codec reads: every payload of a raw history (inputs, results, memo, failures' encoded
 * attributes) decoded by the codec server over HTTP, exactly as the Web UI asks it, then read as text.
 */
export async function decodedPayloadTexts(
  stored: unknown,
  codec: RunningCodecServer,
  token: string,
): Promise<string[]> {
  const payloads = collectPayloads(stored);
  const response = await fetch(`${codec.url}/decode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ payloads }),
  });
  if (!response.ok) throw new Error(`the codec server answered ${response.status}`);
  const decoded = ((await response.json()) as { payloads: JsonPayload[] }).payloads;
  return decoded.map((payload) => Buffer.from(payload.data ?? '', 'base64').toString('utf8'));
}

function collectPayloads(value: unknown, found: JsonPayload[] = []): JsonPayload[] {
  if (Array.isArray(value)) {
    for (const item of value) collectPayloads(item, found);
  } else if (value !== null && typeof value === 'object') {
    const candidate = value as JsonPayload;
    if (typeof candidate.metadata?.encoding === 'string') found.push(candidate);
    else for (const item of Object.values(value)) collectPayloads(item, found);
  }
  return found;
}
