import type { SignRequestInput } from '../../contracts';
import { validateSignRequestInput } from '../../contracts';

const valid: SignRequestInput = {
  businessKey: 'order-42',
  sourceFiles: [{ id: '1234567890' }],
  parentFolder: { id: '987654321' },
  signers: [{ email: 'pat@example.com', verificationPhoneNumber: '+15551232190' }],
};

function issuesOf(change: (input: SignRequestInput) => void) {
  const input = structuredClone(valid);
  change(input);
  return validateSignRequestInput(input);
}

describe('sign request input validation', () => {
  it('accepts a phone-verified and a password-verified request', () => {
    expect(validateSignRequestInput(valid)).toEqual([]);
    expect(issuesOf((i) => (i.signers = [{ email: 'robin@example.com', password: 'p4ss' }]))).toEqual([]);
  });

  it.each<[string, (input: SignRequestInput) => void, string, RegExp]>([
    [
      'a phone number that is not E.164',
      (i) => (i.signers[0]!.verificationPhoneNumber = '5551232190'),
      'signers[0].verificationPhoneNumber',
      /E\.164/,
    ],
    ['an invalid email', (i) => (i.signers[0]!.email = 'pat-at-example'), 'signers[0].email', /valid email/],
    ['an empty password', (i) => (i.signers[0]!.password = ''), 'signers[0].password', /non-empty/],
    ['no source files and no template', (i) => (i.sourceFiles = []), 'sourceFiles', /1 to 10/],
    [
      'eleven source files',
      (i) => (i.sourceFiles = Array.from({ length: 11 }, (_, n) => ({ id: String(n + 1) }))),
      'sourceFiles',
      /1 to 10/,
    ],
    ['the root folder as parent', (i) => (i.parentFolder = { id: '0' }), 'parentFolder.id', /not be 0/],
    ['no signers', (i) => (i.signers = []), 'signers', /1 to 35/],
    [
      '36 signers',
      (i) => (i.signers = Array.from({ length: 36 }, (_, n) => ({ email: `s${n}@example.com` }))),
      'signers',
      /1 to 35/,
    ],
    ['daysValid above 730', (i) => (i.daysValid = 731), 'daysValid', /0 to 730/],
    ['a negative daysValid', (i) => (i.daysValid = -1), 'daysValid', /0 to 730/],
    [
      'verification on a final_copy_reader',
      (i) => (i.signers[0]!.role = 'final_copy_reader'),
      'signers[0].role',
      /final_copy_reader/,
    ],
    ['a missing business key', (i) => (i.businessKey = ''), 'businessKey', /1–200/],
  ])('rejects %s, naming the field and the rule', (_name, change, field, rule) => {
    const issues = issuesOf(change);
    expect(issues).toContainEqual({ field, rule: expect.stringMatching(rule) });
  });

  it('accepts a template instead of source files, and the 0 and 730 bounds of daysValid', () => {
    expect(issuesOf((i) => ((i.sourceFiles = undefined), (i.templateId = 'tpl-1')))).toEqual([]);
    expect(issuesOf((i) => (i.daysValid = 0))).toEqual([]);
    expect(issuesOf((i) => (i.daysValid = 730))).toEqual([]);
  });

  it('never puts a value (phone, password) in an issue', () => {
    const issues = issuesOf((i) => {
      i.signers[0]!.verificationPhoneNumber = '555-SECRET-1';
      i.signers.push({ email: 'x', password: '' });
    });
    expect(JSON.stringify(issues)).not.toContain('SECRET');
    expect(issues.length).toBeGreaterThanOrEqual(3);
  });
});
