import type { SignRequestInput } from '../../contracts';
import { INPUT_LIMITS, validateSignRequestInput } from '../../contracts';
import { CANCEL_REASON_MAX, cancelReasonProblem, freeTextProblem } from '../../contracts/free-text';
import { markdownLiteral } from '../../contracts/markdown-literal';
import type { SignRequestState } from '../../contracts/sign-request-state';
import { initialState } from '../../workflows/sign-request-state';
import { currentDetails } from '../../workflows/current-details';
import { signRequestStartOptions } from '../../client/sign-requests';
import { resolvePollingPolicy } from '../../contracts/sign-request-input';
import { generateSealingSetup } from '../../encryption/sealing-keys';

const valid: SignRequestInput = {
  businessKey: 'order-42',
  sourceFiles: [{ id: '1234567890' }],
  parentFolder: { id: '987654321' },
  signers: [{ email: 'pat@example.com', password: 'pw' }],
};
const SECRET = 'SECRET-VALUE';
const issuesOf = (change: (input: SignRequestInput) => void) => {
  const input = structuredClone(valid);
  change(input);
  return validateSignRequestInput(input);
};

/** Every character class a reader cannot see or that reorders what they see. */
const HIDDEN = {
  'a NUL': '\u0000',
  'an escape (ANSI sequences)': '\u001B[31m',
  'a C1 control': '\u0085',
  'a right-to-left override': '\u202E',
  'a right-to-left isolate': '\u2067',
  'a left-to-right mark': '\u200E',
  'an Arabic letter mark': '\u061C',
  'a zero-width space': '\u200B',
  'a byte-order mark': '\uFEFF',
  'a line separator': '\u2028',
};

describe('free text refuses control and bidirectional characters, naming the field and the rule, never the value', () => {
  const fields: [string, (input: SignRequestInput, text: string) => void, string][] = [
    ['name', (i, t) => (i.name = t), 'name'],
    ['emailSubject', (i, t) => (i.emailSubject = t), 'emailSubject'],
    ['emailMessage', (i, t) => (i.emailMessage = t), 'emailMessage'],
    ['externalSystemName (the sender system)', (i, t) => (i.externalSystemName = t), 'externalSystemName'],
    [
      'a prefill text',
      (i, t) => (i.prefillTags = [{ documentTagId: 'tag-1', textValue: t }]),
      'prefillTags[0].textValue',
    ],
    [
      'a document tag id',
      (i, t) => (i.prefillTags = [{ documentTagId: t, checkboxValue: true }]),
      'prefillTags[0].documentTagId',
    ],
    ['a signer group id', (i, t) => (i.signers[0]!.signerGroupId = t), 'signers[0].signerGroupId'],
    [
      'an embed external user id',
      (i, t) => (i.signers[0]!.embedUrlExternalUserId = t),
      'signers[0].embedUrlExternalUserId',
    ],
  ];
  for (const [what, set, field] of fields) {
    it.each(Object.entries(HIDDEN))(`${what} with %s`, (_kind, hidden) => {
      const issues = issuesOf((i) => set(i, `${SECRET}${hidden}x`));
      expect(issues).toEqual([{ field, rule: expect.stringMatching(/must not contain control characters/) }]);
      expect(JSON.stringify(issues)).not.toContain(SECRET);
    });
  }

  it('single-line fields refuse line breaks; multi-line ones (message, prefill text) keep them and tabs', () => {
    expect(issuesOf((i) => (i.name = 'Lease\n42'))).toEqual([
      { field: 'name', rule: expect.stringContaining('line breaks included') },
    ]);
    expect(issuesOf((i) => (i.emailMessage = 'Dear Pat,\r\n\tplease sign.\n'))).toEqual([]);
    expect(issuesOf((i) => (i.prefillTags = [{ documentTagId: 't', textValue: 'line 1\nline 2' }]))).toEqual([]);
  });

  it('accepts the text people write: accents, scripts that need zero-width joiners, emoji', () => {
    expect(issuesOf((i) => (i.name = 'Contrat – Zoë Ça · مهر‌سازی · 👩‍💻 · 契約書'))).toEqual([]);
  });

  it('a cancel reason follows the multi-line rule and its length', () => {
    expect(cancelReasonProblem(undefined)).toBeUndefined();
    expect(cancelReasonProblem('Customer withdrew.\nSee ticket 42.')).toBeUndefined();
    expect(cancelReasonProblem(`x\u202Ey`)).toMatch(/^reason must not contain control characters/);
    expect(cancelReasonProblem('x'.repeat(CANCEL_REASON_MAX + 1))).toBe(
      `reason must be at most ${CANCEL_REASON_MAX} characters`,
    );
    expect(cancelReasonProblem(42)).toBe('reason must be a string');
    expect(freeTextProblem('ok')).toBeUndefined();
  });
});

describe("a signer's order", () => {
  it(`is a whole number from 0 to ${INPUT_LIMITS.order}`, () => {
    expect(issuesOf((i) => (i.signers[0]!.order = INPUT_LIMITS.order))).toEqual([]);
    const rule = `must be a whole number from 0 to ${INPUT_LIMITS.order}`;
    for (const order of [INPUT_LIMITS.order + 1, 2 ** 31, Number.MAX_SAFE_INTEGER + 2, -1, 1.5]) {
      const issues = issuesOf((i) => (i.signers[0]!.order = order));
      expect([
        order,
        issues.length > 0,
        issues.every((x) => x.field === 'signers[0].order' && x.rule === rule),
      ]).toEqual([order, true, true]);
    }
  });
});

describe('text shown in the Web UI', () => {
  const ATTACK =
    'Lease [click](https://evil.example/x) ![p](https://evil.example/p.png) <img src=x> https://evil.example `x`';

  it('is an inline code span, whatever backticks and line breaks it holds', () => {
    expect(markdownLiteral('Lease 42')).toBe('` Lease 42 `');
    expect(markdownLiteral('a `b` c')).toBe('`` a `b` c ``');
    expect(markdownLiteral('a ``` b')).toBe('```` a ``` b ````');
    expect(markdownLiteral('two\n\nparagraphs')).toBe('` two paragraphs `');
    expect(markdownLiteral(' ')).toBe('(blank)');
  });

  it("the summary and details of a start hold the caller's name only as literal text", () => {
    const options = signRequestStartOptions(
      { ...valid, name: ATTACK },
      { sealing: generateSealingSetup('unit').sealing },
    );
    for (const text of [options.staticSummary, options.staticDetails]) {
      expect(text).toContain(markdownLiteral(ATTACK));
      expect(text.replace(markdownLiteral(ATTACK), '')).not.toMatch(/\]\(|<img|https:/);
    }
  });

  it("the current details hold a cancel reason, Box's failure and file names only as literal text", () => {
    const state: SignRequestState = {
      ...initialState(valid),
      phase: 'failed',
      cancellation: { by: 'operator', reason: ATTACK, at: '2026-12-07T10:00:00Z' },
      failure: ATTACK,
      failureType: 'BoxRequestRejected',
    };
    const details = currentDetails(state, resolvePollingPolicy(undefined));
    const outside = details.split(markdownLiteral(ATTACK)).join('');
    expect(details.split(markdownLiteral(ATTACK))).toHaveLength(3);
    expect(outside).not.toMatch(/\]\(|<img|https:/);
  });
});
