import { createJsonLogger } from '../../logging/logger';
import { redactText } from '../../logging/redact';

function captured() {
  const lines: string[] = [];
  const logger = createJsonLogger('test', 'debug', (line) => lines.push(line));
  return {
    logger,
    text: () => lines.join(''),
    entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('redaction in the logger itself', () => {
  it('replaces values under sensitive keys, however deep, at every level', () => {
    const { logger, entries } = captured();
    logger.debug('signer', {
      signer: { email: 'pat@example.com', verification_phone_number: '5551232190', password: 'hunter22' },
      auth: { client_secret: 's3cr3t', Authorization: 'Bearer abc.def' },
      signRequestId: '1500000000011',
    });
    logger.error('x', { headers: { cookie: 'session=1' }, token: 'tok' });
    const [first, second] = entries();
    expect(first).toMatchObject({
      signer: { email: '[REDACTED]', verification_phone_number: '[REDACTED]', password: '[REDACTED]' },
      auth: { client_secret: '[REDACTED]', Authorization: '[REDACTED]' },
      signRequestId: '1500000000011',
    });
    expect(second).toMatchObject({ headers: { cookie: '[REDACTED]' }, token: '[REDACTED]' });
  });

  it('scrubs emails, phone numbers, bearer tokens and quoted key/value pairs out of any text', () => {
    const { logger, text } = captured();
    const echoed = JSON.stringify({ signers: [{ email: 'robin@example.com', password: 'correct horse' }] });
    logger.warn(`Box said: invalid ${echoed}; call +1 555-123-2190 or (555) 123-2190 or +447700900123`, {
      error: new Error('Authorization: Bearer eyJhbGciOi.payload.sig for pat@example.com password=hunter22'),
    });
    const out = text();
    for (const leaked of [
      'robin@example.com',
      'correct horse',
      '555-123-2190',
      '123-2190',
      '447700900123',
      'eyJhbGciOi',
      'pat@example.com',
      'hunter22',
    ]) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain('[REDACTED]');
  });

  it('keeps what operators need: ids, statuses, times, paths, request ids', () => {
    const line =
      'Box API GET /sign_requests/1500000000011 failed with 404 not_found (request_id abc123) at 2026-11-02T10:11:12.000Z on 127.0.0.1:8788';
    expect(redactText(line)).toBe(line);
  });

  it('renders an error with its name, message and type, redacted', () => {
    const { logger, entries } = captured();
    const error = Object.assign(new Error('refused pat@example.com'), { type: 'BoxRequestRejected' });
    logger.warn('Activity failed', { error });
    expect(entries()[0]?.error).toMatchObject({
      name: 'Error',
      message: 'refused [REDACTED]',
      type: 'BoxRequestRejected',
    });
  });
});
