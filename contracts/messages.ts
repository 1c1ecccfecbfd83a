import { defineQuery } from '@temporalio/workflow';
import type { SignRequestState } from './sign-request-state';

/** Latest known state of the request, answered at any time (the CLI `status`, the Web UI). */
export const statusQuery = defineQuery<SignRequestState>('status');
