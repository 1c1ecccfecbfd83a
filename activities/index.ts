export { createActivities } from './sign-request-activities';
export type {
  ActivityDeps,
  AwaitStatusChangeInput,
  CancelSignRequestInput,
  CreateSignRequestInput,
  FindSignRequestInput,
  SentAs,
  SignRequestCallInput,
  SignRequestActivities,
} from './sign-request-activities';
export type { ValidateInputRequest } from './validate-input';
export type { CollectEvidenceInput } from './collect-evidence';
