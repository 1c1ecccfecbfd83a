export { BULK_START_STATUSES, DEFAULT_BULK_CONCURRENCY, countBulkStart, startSignRequests } from './bulk-start';
export type {
  BulkStartCounts,
  BulkStartItem,
  BulkStartOptions,
  BulkStartProgress,
  BulkStartStatus,
} from './bulk-start';
export { BusinessKeyConflictError, InvalidSignRequestInputError, SignRequestAlreadyFinishedError } from './errors';
export { uploadDocument } from './documents';
export type { UploadDocumentOptions, UploadedDocument } from './documents';
export { DocumentNameTakenError, DocumentTooLargeError, InvalidDocumentRequestError } from '../documents/errors';
export { rootFailure } from './failure-cause';
export type { FailureCause } from './failure-cause';
export { howItEnded } from './finished-request';
export { eventFeedOf, redeliverEvent } from './event-feed';
export type { EventFeed, FeedEvent } from './event-feed';
export { getSignRequestResult, getSignRequestStatus, signRequestStartOptions, startSignRequest } from './sign-requests';
export type { SignRequestStartOptions, StartedSignRequest, StartOptions } from './sign-requests';
export {
  cancelSignRequest,
  listSignRequestPage,
  listSignRequests,
  resendSignRequest,
  watchSignRequest,
} from './steering';
export type { SignRequestListPage, SignRequestListing, WatchEvent } from './steering';
export { prepareReissue, reissueSignRequest } from './reissue';
export type { PreparedReissue, ReissueOptions } from './reissue';
export { connectClient } from './temporal-client';
export type { ConnectedClient } from './temporal-client';
export { ConfigError } from '../config/config-error';
/** @deprecated the one ConfigError of every setting (kept for callers that catch it by this name). */
export { ConfigError as EncryptionConfigError } from '../config/config-error';
export { PayloadDecryptionError } from '../encryption/errors';
export { loadPayloadProtection } from '../encryption/key-config';
export type { PayloadProtection } from '../encryption/key-config';
export type { KeyRing } from '../encryption/key-ring';
export * from '../contracts';
