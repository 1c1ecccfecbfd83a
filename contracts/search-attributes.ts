import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes. Never encrypted, so they carry no PII: no emails, no phone numbers. */
export const BoxSignRequestId = defineSearchAttributeKey('BoxSignRequestId', SearchAttributeType.KEYWORD);
export const BoxSignStatus = defineSearchAttributeKey('BoxSignStatus', SearchAttributeType.KEYWORD);
export const BusinessKey = defineSearchAttributeKey('BusinessKey', SearchAttributeType.KEYWORD);
export const SignerVerification = defineSearchAttributeKey('SignerVerification', SearchAttributeType.KEYWORD_LIST);

/** The HTTP API client (its name from the key file) that started the request: each client sees only its own. */
export const ApiClient = defineSearchAttributeKey('ApiClient', SearchAttributeType.KEYWORD);

/** The Box user id the request is sent as (`sender.boxUserId`); absent for the deployment's default sender. */
export const BoxSender = defineSearchAttributeKey('BoxSender', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [
  BoxSignRequestId,
  BoxSignStatus,
  BusinessKey,
  SignerVerification,
  ApiClient,
  BoxSender,
];
