import type { BoxSignRequest, BoxSigner } from '../box/models';
import type { SignerSnapshot, SignRequestSnapshot } from '../contracts';

/** Raw Box JSON → the slim DTO that goes into workflow history. Phone numbers and unknown fields stay out. */
export function toSnapshot(request: BoxSignRequest): SignRequestSnapshot {
  return {
    signRequestId: request.id,
    status: request.status,
    signers: (request.signers ?? []).map(toSignerSnapshot),
    prepareUrl: request.prepare_url ?? null,
    signedFileIds: (request.sign_files?.files ?? []).map((file) => file.id),
    signingLogFileId: request.signing_log?.id ?? null,
    errorCode: request.error_code ?? null,
    autoExpireAt: request.auto_expire_at ?? null,
    finishedAt: request.finished_at ?? null,
  };
}

function toSignerSnapshot(signer: BoxSigner): SignerSnapshot {
  const type = signer.signer_decision?.type;
  const decision = type === 'signed' ? 'signed' : type === 'declined' ? 'declined' : null;
  return {
    email: signer.email,
    role: signer.role ?? 'signer',
    order: signer.order ?? 0,
    hasViewedDocument: signer.has_viewed_document === true,
    decision,
    decidedAt: signer.signer_decision?.finalized_at ?? null,
    decisionNote: signer.signer_decision?.additional_info ?? null,
    embedUrl: signer.embed_url ?? null,
    iframeableEmbedUrl: signer.iframeable_embed_url ?? null,
  };
}
