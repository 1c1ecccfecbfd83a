import type { FailureConverter, PayloadConverter, ProtoFailure, SerializationContext } from '@temporalio/common';
import { ApplicationFailure, ApplicationFailureCategory, DefaultFailureConverter } from '@temporalio/common';

const encoding = new DefaultFailureConverter({ encodeCommonAttributes: true });
const plain = new DefaultFailureConverter({ encodeCommonAttributes: false });

/**
 * Failure messages and stack traces go into a payload, so the codec encrypts them too (a Box error message may
 * echo what was sent). A benign failure is the exception: it is an expected "not yet" (a poll that found nothing
 * new), its message is our own short text that never holds a value ("Sign request still sent"), and it keeps no
 * stack, so the Web UI's pending activity reads it as it is instead of "Encoded failure" and a stack of local
 * paths. Loaded by path: the worker bundles it into the workflow sandbox, so it imports nothing but
 * @temporalio/common.
 */
export const failureConverter: FailureConverter = {
  errorToFailure(err: unknown, payloadConverter: PayloadConverter, context?: SerializationContext): ProtoFailure {
    if (!isBenign(err)) return encoding.errorToFailure(err, payloadConverter, context);
    return { ...plain.errorToFailure(err, payloadConverter, context), stackTrace: '' };
  },
  failureToError(failure: ProtoFailure, payloadConverter: PayloadConverter, context?: SerializationContext): Error {
    return encoding.failureToError(failure, payloadConverter, context);
  },
};

function isBenign(err: unknown): err is ApplicationFailure {
  return err instanceof ApplicationFailure && err.category === ApplicationFailureCategory.BENIGN && !err.cause;
}
