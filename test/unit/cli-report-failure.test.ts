import { InvalidSignRequestInputError } from '../../client/errors';
import { CliInputError } from '../../client/cli/errors';
import { reportFailure } from '../../client/cli/report-failure';
import { validateSignRequestInput } from '../../contracts';

function report(err: unknown) {
  let stderr = '';
  const code = reportFailure(err, { out: () => undefined, err: (text) => (stderr += text) });
  return { code, stderr };
}

describe('box-sign failure lines: rules are shown as written, values never', () => {
  it("an invalid phone number's rule keeps its example, as the API prints it, and never shows the value", () => {
    const issues = validateSignRequestInput({
      businessKey: 'order-1',
      sourceFiles: [{ id: '1' }],
      parentFolder: { id: '2' },
      signers: [{ email: 'ann@example.com', verificationPhoneNumber: '555 123 4567' }],
    });
    const { code, stderr } = report(new InvalidSignRequestInputError(issues));
    expect(code).toBe(2);
    expect(stderr).toBe(
      'box-sign: Invalid sign request input: signers[0].verificationPhoneNumber must be an E.164 phone number such as +15551232190\n',
    );
    expect(stderr).not.toContain('555 123 4567');
  });

  it('a field path that echoes what the user typed (an unknown key) is still redacted', () => {
    const issues = validateSignRequestInput({
      businessKey: 'order-1',
      sourceFiles: [{ id: '1' }],
      parentFolder: { id: '2' },
      signers: [{ email: 'ann@example.com', 'robin@example.com': 'x' }],
    });
    const { stderr } = report(new InvalidSignRequestInputError(issues));
    expect(stderr).toContain('is not a known field');
    expect(stderr).not.toContain('robin@example.com');
  });

  it('other messages, which may quote a value, are redacted as before', () => {
    const { code, stderr } = report(new CliInputError('cannot read --input: ann@example.com +15551232190'));
    expect(code).toBe(2);
    expect(stderr).not.toContain('ann@example.com');
    expect(stderr).not.toContain('+15551232190');
  });
});
