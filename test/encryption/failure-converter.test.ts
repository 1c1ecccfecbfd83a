import { ApplicationFailure, ApplicationFailureCategory, defaultPayloadConverter } from '@temporalio/common';
import { ErrorType } from '../../contracts';
import { failureConverter } from '../../encryption/failure-converter';

const toFailure = (err: unknown) => failureConverter.errorToFailure(err, defaultPayloadConverter);

describe('the failure converter: encrypted failures, except a benign "not yet"', () => {
  it('a benign "unchanged" poll keeps its short message in the clear and carries no stack', () => {
    const benign = ApplicationFailure.create({
      type: ErrorType.SignRequestUnchanged,
      message: 'Sign request still sent',
      category: ApplicationFailureCategory.BENIGN,
      nextRetryDelay: 1_000,
    });
    expect(benign.stack).toContain('failure-converter.test');
    const failure = toFailure(benign);
    expect(failure.message).toBe('Sign request still sent');
    expect(failure.stackTrace).toBe('');
    expect(failure.encodedAttributes).toBeUndefined();
    expect(failure.applicationFailureInfo).toMatchObject({ type: ErrorType.SignRequestUnchanged, category: 1 });

    const back = failureConverter.failureToError(failure, defaultPayloadConverter);
    expect(back).toMatchObject({ message: 'Sign request still sent', category: ApplicationFailureCategory.BENIGN });
  });

  it('every other failure has its message and stack encoded, and decodes back to them', () => {
    const rejected = ApplicationFailure.create({ type: ErrorType.BoxRequestRejected, message: '400 bad phone' });
    const failure = toFailure(rejected);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(failure.encodedAttributes).toBeDefined();
    const back = failureConverter.failureToError(failure, defaultPayloadConverter);
    expect(back.message).toBe('400 bad phone');
    expect(back.stack).toContain('failure-converter.test');
  });
});
