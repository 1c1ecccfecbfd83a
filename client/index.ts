export { InvalidSignRequestInputError } from './errors';
export { getSignRequestResult, getSignRequestStatus, startSignRequest } from './sign-requests';
export type { StartedSignRequest, StartOptions } from './sign-requests';
export { connectClient } from './temporal-client';
export type { ConnectedClient } from './temporal-client';
export * from '../contracts';
