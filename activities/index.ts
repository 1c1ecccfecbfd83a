export { createActivities } from './sign-request-activities';
export type {
  ActivityDeps,
  AwaitStatusChangeInput,
  CreateSignRequestInput,
  SignRequestActivities,
} from './sign-request-activities';
