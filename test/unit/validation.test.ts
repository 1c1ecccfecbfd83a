import type { SignRequestInput } from '../../contracts';
import {
  INPUT_LIMITS,
  signRequestInputSchema,
  validateSignRequestInput,
  validateSignRequestInputLegacy,
  validationIssuesFromZod,
} from '../../contracts';

const valid: SignRequestInput = {
  businessKey: 'order-42',
  sourceFiles: [{ id: '1234567890' }],
  parentFolder: { id: '987654321' },
  signers: [{ email: 'pat@example.com', verificationPhoneNumber: '+15551232190' }],
};

type Change = (input: SignRequestInput) => void;

function issuesOf(change: Change) {
  const input = structuredClone(valid);
  change(input);
  return validateSignRequestInput(input);
}

/** Sets a field the type does not know (a misspelling, an extra key) on the object `at` returns. */
function withExtra(at: (input: SignRequestInput) => object, key: string): Change {
  return (input) => Object.assign(at(input), { [key]: 'x' });
}

const SECRET = 'SECRET';
const long = (length: number) => SECRET + 'x'.repeat(length - SECRET.length + 1);

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

describe('strict input rules (edges, and the workflow behind the strict-input-schema patch)', () => {
  const MAX = INPUT_LIMITS;
  const hiddenRule = /control, invisible or bidirectional/;
  it.each<[string, Change, string, RegExp]>([
    ['an unknown top-level field', withExtra((i) => i, 'emailSubjekt'), 'emailSubjekt', /is not a known field/],
    ['a misspelled signer field', withExtra((i) => i.signers[0]!, 'emial'), 'signers[0].emial', /is not a known field/],
    ['an unknown parentFolder field', withExtra((i) => i.parentFolder, 'type'), 'parentFolder.type', /not a known/],
    [
      'an unknown source file field',
      withExtra((i) => i.sourceFiles![0]!, 'name'),
      'sourceFiles[0].name',
      /not a known/,
    ],
    [
      'an unknown prefill tag field',
      (i) => (i.prefillTags = [{ documentTagId: 't', textValue: 'v', ...{ colour: 'red' } }]),
      'prefillTags[0].colour',
      /is not a known field/,
    ],
    [
      'an unknown polling field',
      (i) => (i.polling = { initialIntervalMs: 1000, ...{ jitter: 1 } }),
      'polling.jitter',
      /not a known/,
    ],
    [
      'an unknown reminderPolicy field',
      (i) => (i.reminderPolicy = { afterDays: 1, maxReminders: 1, ...{ every: 1 } }),
      'reminderPolicy.every',
      /not a known/,
    ],
    [
      'an unknown callback field',
      (i) => (i.callback = { url: 'https://erp.example.com/hook', ...{ secret: 'x' } }),
      'callback.secret',
      /not a known/,
    ],
    ['a business key with /', (i) => (i.businessKey = `orders/${SECRET}`), 'businessKey', /no \//],
    ['a business key over 200 characters', (i) => (i.businessKey = long(200)), 'businessKey', /1–200/],
    ['a whitespace-only password', (i) => (i.signers[0]!.password = ' \t '), 'signers[0].password', /whitespace/],
    [
      'a password over the limit',
      (i) => (i.signers[0]!.password = long(MAX.password)),
      'signers[0].password',
      new RegExp(`at most ${MAX.password}`),
    ],
    [
      'an email with a zero-width space',
      (i) => (i.signers[0]!.email = 'pat\u200B@example.com'),
      'signers[0].email',
      hiddenRule,
    ],
    [
      'an email with a bidi override',
      (i) => (i.signers[0]!.email = 'pat\u202E@example.com'),
      'signers[0].email',
      hiddenRule,
    ],
    [
      'an email with a control character',
      (i) => (i.signers[0]!.email = 'pat\u0007@example.com'),
      'signers[0].email',
      hiddenRule,
    ],
    ['an email with a BOM', (i) => (i.signers[0]!.email = '\uFEFFpat@example.com'), 'signers[0].email', hiddenRule],
    [
      'an email over 254 characters',
      (i) => (i.signers[0]!.email = `${long(250)}@example.com`),
      'signers[0].email',
      /at most 254/,
    ],
    [
      'a paragraph tag in emailMessage',
      (i) => (i.emailMessage = `<p>${SECRET}</p>`),
      'emailMessage',
      /tags Box allows/,
    ],
    ['a script in emailMessage', (i) => (i.emailMessage = `<script>${SECRET}</script>`), 'emailMessage', /tags Box/],
    ['an HTML comment in emailMessage', (i) => (i.emailMessage = `<!-- ${SECRET} -->`), 'emailMessage', /tags Box/],
    [
      'a style in emailMessage',
      (i) => (i.emailMessage = `<b style="color:red">${SECRET}</b>`),
      'emailMessage',
      /no styles/,
    ],
    [
      'a javascript: link in emailMessage',
      (i) => (i.emailMessage = `<a href="javascript:${SECRET}">x</a>`),
      'emailMessage',
      /href \(http, https or mailto\)/,
    ],
    ['a deadline already passed', (i) => (i.deadline = '2020-01-01T00:00:00Z'), 'deadline', /already passed/],
    ['a name over the limit', (i) => (i.name = long(MAX.name)), 'name', /at most 255/],
    ['an emailSubject over the limit', (i) => (i.emailSubject = long(MAX.emailSubject)), 'emailSubject', /at most/],
    ['an emailMessage over the limit', (i) => (i.emailMessage = long(MAX.emailMessage)), 'emailMessage', /at most/],
    [
      'an externalSystemName over the limit',
      (i) => (i.externalSystemName = long(MAX.externalSystemName)),
      'externalSystemName',
      /at most/,
    ],
    [
      'a templateId over the limit',
      (i) => ((i.sourceFiles = undefined), (i.templateId = long(MAX.templateId))),
      'templateId',
      /at most/,
    ],
    [
      'a Box file id over 20 digits',
      (i) => (i.sourceFiles = [{ id: '1'.repeat(21) }]),
      'sourceFiles[0].id',
      /at most 20/,
    ],
    [
      'a Box folder id over 20 digits',
      (i) => (i.parentFolder = { id: '1'.repeat(21) }),
      'parentFolder.id',
      /at most 20/,
    ],
    [
      'a redirectUrl over the limit',
      (i) => (i.redirectUrl = `https://${long(MAX.url)}`),
      'redirectUrl',
      /at most 2048/,
    ],
    [
      'an embedUrlExternalUserId over the limit',
      (i) => (i.signers[0]!.embedUrlExternalUserId = long(MAX.embedUrlExternalUserId)),
      'signers[0].embedUrlExternalUserId',
      /at most/,
    ],
    [
      'a signerGroupId over the limit',
      (i) => (i.signers[0]!.signerGroupId = long(MAX.signerGroupId)),
      'signers[0].signerGroupId',
      /at most/,
    ],
    [
      'a language over the limit',
      (i) => (i.signers[0]!.language = long(MAX.language)),
      'signers[0].language',
      /at most 35/,
    ],
    [
      'a documentTagId over the limit',
      (i) => (i.prefillTags = [{ documentTagId: long(MAX.documentTagId), textValue: 'v' }]),
      'prefillTags[0].documentTagId',
      /at most/,
    ],
    [
      'a prefill text over the limit',
      (i) => (i.prefillTags = [{ documentTagId: 't', textValue: long(MAX.prefillText) }]),
      'prefillTags[0].textValue',
      /at most 4000/,
    ],
    [
      'more prefill tags than the limit',
      (i) =>
        (i.prefillTags = Array.from({ length: MAX.prefillTags + 1 }, () => ({
          documentTagId: 't',
          checkboxValue: true,
        }))),
      'prefillTags',
      /at most 500/,
    ],
    [
      'a prefill date that is not YYYY-MM-DD',
      (i) => (i.prefillTags = [{ documentTagId: 't', dateValue: `${SECRET}-01` }]),
      'prefillTags[0].dateValue',
      /YYYY-MM-DD/,
    ],
    [
      'a flag that is not a boolean',
      (i) => Object.assign(i.signers[0]!, { isInPerson: 'yes' }),
      'signers[0].isInPerson',
      /true or false/,
    ],
    [
      'a callback url that is not http(s)',
      (i) => (i.callback = { url: `ftp://${SECRET}` }),
      'callback.url',
      /http\(s\) URL/,
    ],
    [
      'a callback url over the limit',
      (i) => (i.callback = { url: `https://${long(MAX.url)}` }),
      'callback.url',
      /at most 2048/,
    ],
    [
      'an unknown callback event',
      (i) => (i.callback = { url: 'https://erp.example.com/hook', events: [SECRET as 'signer.signed'] }),
      'callback.events[0]',
      /signer\.signed or signer\.declined/,
    ],
    [
      'a repeated callback event',
      (i) => (i.callback = { url: 'https://erp.example.com/hook', events: ['signer.signed', 'signer.signed'] }),
      'callback.events',
      /not repeat/,
    ],
  ])('rejects %s, naming the field and the rule, never the value', (_name, change, field, rule) => {
    const issues = issuesOf(change);
    expect(issues).toContainEqual({
      field: expect.stringMatching(`^${field.replace(/[[\].]/g, '\\$&')}`),
      rule: expect.stringMatching(rule),
    });
    expect(JSON.stringify(issues)).not.toContain(SECRET);
  });

  it('accepts what the strict rules allow: a : in the key, Box’s HTML tags, a future deadline, callback events', () => {
    const accepted: Change[] = [
      (i) => (i.businessKey = 'crm:order-42.v2_final'),
      (i) =>
        (i.emailMessage =
          'Hi <b>Pat</b>, <a href="https://example.com/x" title="t">read</a>: 1 < 2 <3 <ul><li>a</li></ul>'),
      (i) => (i.deadline = new Date(Date.now() + 60_000).toISOString()),
      (i) => (i.callback = { url: 'https://erp.example.com/hook', events: ['signer.signed', 'signer.declined'] }),
      (i) => (i.signers[0]!.password = 'correct horse'),
      (i) => (i.prefillTags = [{ documentTagId: 't', dateValue: '2026-12-31' }]),
    ];
    for (const change of accepted) expect(issuesOf(change)).toEqual([]);
  });

  it('judges the deadline against the given start time', () => {
    const input = { ...valid, deadline: '2026-06-01T00:00:00Z' };
    expect(validateSignRequestInput(input, { now: new Date('2026-05-31T00:00:00Z') })).toEqual([]);
    expect(validateSignRequestInput(input, { now: new Date('2026-06-02T00:00:00Z') })).toEqual([
      { field: 'deadline', rule: expect.stringMatching(/already passed/) },
    ]);
  });

  it('names every unknown key, at any depth, each as its own issue', () => {
    const input = { ...valid, extra: 1, signers: [{ ...valid.signers[0], emial: 'x', nick: 'y' }] };
    expect(validateSignRequestInput(input)).toEqual([
      { field: 'signers[0].emial', rule: 'is not a known field' },
      { field: 'signers[0].nick', rule: 'is not a known field' },
      { field: 'extra', rule: 'is not a known field' },
    ]);
  });

  it('turns a zod error, or the bare issues, into field/rule issues (the API answers them as problem documents)', () => {
    const result = signRequestInputSchema.safeParse({ ...valid, signers: [{ email: 'x' }] });
    expect(result.success).toBe(false);
    const expected = [{ field: 'signers[0].email', rule: 'must be a valid email address' }];
    expect(validationIssuesFromZod(result.error!)).toEqual(expected);
    expect(validationIssuesFromZod(result.error!.issues)).toEqual(expected);
    expect(validationIssuesFromZod(signRequestInputSchema.safeParse('x').error!)).toEqual([
      { field: 'input', rule: 'must be an object' },
    ]);
  });

  it('reports a wrong shape once, without cross-field noise', () => {
    expect(validateSignRequestInput(null)).toEqual([{ field: 'input', rule: 'must be an object' }]);
    const shapes = validateSignRequestInput({ ...valid, signers: 'x', prefillTags: [null], polling: 3 });
    expect(shapes).toEqual([
      { field: 'signers', rule: 'must list 1 to 35 signers' },
      { field: 'prefillTags[0]', rule: 'must be an object' },
      { field: 'polling', rule: 'must be an object' },
    ]);
  });

  it('the frozen legacy rules still accept what old runs were started with', () => {
    const lenient = { ...valid, businessKey: 'orders/42', note: 'x', signers: [{ email: 'a@example.com', nick: 'x' }] };
    expect(validateSignRequestInputLegacy(lenient)).toEqual([]);
    expect(validateSignRequestInput(lenient).map((i) => i.field)).toEqual(['businessKey', 'signers[0].nick', 'note']);
  });
});
