/** Why an upload cannot go ahead, in terms a caller acts on (the API maps each to one problem type). */

/** The document is bigger than DOCUMENT_MAX_BYTES: nothing was sent to Box. */
export class DocumentTooLargeError extends Error {
  override readonly name = 'DocumentTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`the document is larger than the maximum of ${maxBytes} bytes (DOCUMENT_MAX_BYTES)`);
  }
}

/** The folder already has a different file (another SHA-1) under that name: nothing was uploaded. */
export class DocumentNameTakenError extends Error {
  override readonly name = 'DocumentNameTakenError';
  constructor(readonly existingFileId: string) {
    super('a different file with that name exists in the folder');
  }
}

/** The upload's name, folder, sender or type breaks a rule: nothing was sent to Box. */
export class InvalidDocumentRequestError extends Error {
  override readonly name = 'InvalidDocumentRequestError';
  constructor(readonly issues: { field: string; rule: string }[]) {
    super(`Invalid document upload: ${issues.map((issue) => `${issue.field} ${issue.rule}`).join('; ')}`);
  }
}
