import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes. Never encrypted, so they carry no PII: no emails, no phone numbers. */
export const BoxSignRequestId = defineSearchAttributeKey('BoxSignRequestId', SearchAttributeType.KEYWORD);
export const BoxSignStatus = defineSearchAttributeKey('BoxSignStatus', SearchAttributeType.KEYWORD);
export const BusinessKey = defineSearchAttributeKey('BusinessKey', SearchAttributeType.KEYWORD);
export const SignerVerification = defineSearchAttributeKey('SignerVerification', SearchAttributeType.KEYWORD_LIST);

export const SEARCH_ATTRIBUTES = [BoxSignRequestId, BoxSignStatus, BusinessKey, SignerVerification];
