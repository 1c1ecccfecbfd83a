/**
 * Evidence out: what a finished request leaves behind on Box (the signed copies, the signing log, the files signers
 * attached), hashed by us once and served by the API from Box again. Bytes never enter Temporal: only ids, names,
 * sizes and SHA-256 digests. No phone number or password anywhere: a phone is shown masked (`+1•••••••90`).
 */

/** Marks runs that collect evidence: histories of requests that ended before it replay unchanged. */
export const EVIDENCE_PATCH = 'evidence-out';

export type EvidenceDocumentKind = 'signed' | 'signingLog' | 'attachment';

export interface EvidenceDocument {
  /** Box's file id. */
  fileId: string;
  name: string;
  kind: EvidenceDocumentKind;
  /** Bytes, as streamed from Box. */
  size: number;
  /** Hex SHA-256 of the bytes, as streamed from Box. */
  sha256: string;
  /** The API's download link (a path): GET it with the API key of the client that owns the request. */
  url: string;
  /** For an attachment: the signer who uploaded it. */
  signerEmail?: string;
}

/** A file Box lists for the request, before it is hashed. */
export interface EvidenceFileRef {
  fileId: string;
  name: string;
  kind: EvidenceDocumentKind;
  signerEmail?: string;
}

/** A value a signer typed or ticked (Box's `inputs[]`), with its label when Box gives one. */
export interface SignerInputValue {
  type: string;
  contentType: string | null;
  label: string | null;
  documentTagId: string | null;
  pageIndex: number | null;
  textValue: string | null;
  checkboxValue: boolean | null;
  dateValue: string | null;
}

/** What verification a signer had to pass: Box's API never says which check was passed, its signing log does. */
export type VerificationRequirement =
  { type: 'phone'; maskedPhone: string } | { type: 'password' } | { type: 'login' } | { type: 'cac_piv' };

/** One signer's evidence: what they gave, and what they had to pass, next to the signing log that records it. */
export interface SignerEvidence {
  email: string;
  inputs: SignerInputValue[];
  /** Files the signer uploaded (their documents have kind `attachment`). */
  attachments: { fileId: string; name: string }[];
  iframeableEmbedUrl: string | null;
  /** Required verifications, from the input (the phone masked); empty when none was required. */
  verification: VerificationRequirement[];
  /** SHA-256 of the signing log that records how the checks went; null while it is not collected. */
  signingLogSha256: string | null;
}

/**
 * `collecting`: Box is finalizing or a download is being retried; `collected`: every document is hashed;
 * `failed`: given up (a file Box refuses for good, or the give-up window passed); `none`: Box has nothing to collect
 * (a cancelled request without a signing log).
 */
export type EvidenceCollectionState = 'collecting' | 'collected' | 'failed' | 'none';

/** The evidence's progress, in the status and the result: what is missing and why, while it is. */
export interface EvidenceState {
  state: EvidenceCollectionState;
  /** Kinds still missing, e.g. `["signed", "signingLog"]`. */
  missing: EvidenceDocumentKind[];
  /** Why it is missing (Box not ready, the last download error); null once collected. */
  reason: string | null;
  /** Workflow time the collection started (the outcome was seen). */
  since: string;
  collectedAt: string | null;
  /** When the evidence counts as overdue (the alert); null once collected. */
  overdueAt: string | null;
}

/** What the collectEvidence activity returns. */
export interface CollectedEvidence {
  documents: EvidenceDocument[];
  /** Box's short id of the request (`SR-…`), what Box support and the Box web app show. */
  shortId: string | null;
  signers: {
    email: string;
    inputs: SignerInputValue[];
    attachments: { fileId: string; name: string }[];
    iframeableEmbedUrl: string | null;
  }[];
}

/** How long the outcome event waits for the evidence, and when missing evidence raises the alert. */
export const EVIDENCE_DEFAULTS = {
  waitMs: 120_000,
  alertAfterMs: 3_600_000,
  /** The collection is retried this long, then recorded as failed (the request's outcome stands). */
  giveUpAfterMs: 72 * 3_600_000,
} as const;

/** Bounds of the input's `evidence.wait` and `evidence.alertAfter`. */
export const EVIDENCE_WAIT_BOUNDS = { minMs: 1_000, maxMs: 3_600_000 } as const;
export const EVIDENCE_ALERT_BOUNDS = { minMs: 60_000, maxMs: 7 * 86_400_000 } as const;

/** The API's download path of a request's file (no URL global in the workflow sandbox: built by hand). */
export function documentPath(businessKey: string, fileId: string): string {
  return `/v1/sign-requests/${encodeURIComponent(businessKey)}/documents/${encodeURIComponent(fileId)}`;
}
