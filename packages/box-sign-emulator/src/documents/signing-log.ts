import { isActor, type StoredFile, type StoredSignRequest, type StoredSigner } from '../model';
import { requiredChecks, utc } from './checks';
import { newDocument, PageWriter } from './page-writer';

interface LogEvent {
  at: number;
  /** Orders events of the same millisecond: created, sent, viewed, code sent, verification, decision, completed. */
  rank: number;
  text: string;
}

const RANK = {
  created: 0,
  sent: 1,
  viewed: 2,
  code_sent: 3,
  verified: 4,
  verification_failed: 4,
  decision: 5,
  completed: 6,
};

/** How the log names a check; an SMS code names the masked phone instead. */
const METHOD_NAMES: Record<string, string | undefined> = {
  password: 'password',
  login: 'Box login',
  cac_piv: 'CAC/PIV card',
};

/**
 * The signing log: the request, each signer with the checks required, and every event with its time — sent,
 * viewed, SMS codes sent, each verification passed or failed (SMS code or password; the phone masked, never a
 * password), signed or declined, completed — plus the SHA-1 of each signed file it goes with.
 */
export async function makeSigningLog(req: StoredSignRequest, signFiles: StoredFile[], at: number): Promise<Uint8Array> {
  const doc = await newDocument(`${req.name} Signing Log`, at);
  const writer = await PageWriter.create(doc);
  writer.line('Signing Log', { bold: true, size: 20 });
  writer.line(`Request: ${req.name}`, { gap: 6 });
  writer.line(`Sign request: ${req.short_id} (${req.id})`);
  writer.line(`Sender: ${req.sender_email}`);
  writer.line(`Status: ${req.status}${req.finished_at === null ? '' : ` on ${utc(req.finished_at)}`}`);

  writer.line('Documents', { bold: true, size: 13, gap: 12 });
  for (const file of signFiles) writer.line(`${file.name} - SHA-1 ${file.sha1 ?? 'not made'}`, { indent: 10 });

  writer.line('Signers', { bold: true, size: 13, gap: 12 });
  for (const signer of req.signers.filter(isActor)) {
    const checks = requiredChecks(signer);
    const decision = signer.signer_decision;
    writer.line(`${signer.email} (${signer.role}, order ${signer.order})`, { indent: 10, gap: 4 });
    writer.line(`Verification required: ${checks.length === 0 ? 'none (email link)' : checks.join(', ')}`, {
      indent: 20,
    });
    writer.line(
      `Decision: ${decision === null ? 'none' : `${decision.type} on ${utc(Date.parse(decision.finalized_at))}`}`,
      {
        indent: 20,
      },
    );
  }

  writer.line('Events', { bold: true, size: 13, gap: 12 });
  for (const event of events(req)) writer.line(`${utc(event.at)}   ${event.text}`, { indent: 10 });
  return doc.save();
}

function events(req: StoredSignRequest): LogEvent[] {
  const list: LogEvent[] = [{ at: req.created_at, rank: RANK.created, text: `Request created by ${req.sender_email}` }];
  for (const signer of req.signers.filter(isActor)) {
    if (signer.invited_at !== null)
      list.push({ at: signer.invited_at, rank: RANK.sent, text: `Sent to ${signer.email}` });
    const decision = signer.signer_decision;
    if (decision !== null)
      list.push({ at: Date.parse(decision.finalized_at), rank: RANK.decision, text: decisionText(signer) });
  }
  for (const activity of req.activity ?? []) {
    const method = METHOD_NAMES[activity.method ?? 'sms_code'] ?? `SMS code (${activity.phone_masked ?? 'phone'})`;
    const text = {
      viewed: `Viewed by ${activity.email}`,
      code_sent: `SMS code sent to ${activity.phone_masked ?? 'phone'} for ${activity.email}`,
      verified: `Verification passed: ${method} - ${activity.email}`,
      verification_failed: `Verification failed: ${method} - ${activity.email}`,
    }[activity.kind];
    list.push({ at: activity.at, rank: RANK[activity.kind], text });
  }
  if (req.status === 'signed' && req.finished_at !== null)
    list.push({ at: req.finished_at, rank: RANK.completed, text: 'Request completed: every signer signed' });
  // Stable: events of the same millisecond and rank keep the order they happened in.
  return list
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.e.rank - b.e.rank || a.i - b.i)
    .map(({ e }) => e);
}

function decisionText(signer: StoredSigner): string {
  const decision = signer.signer_decision;
  if (decision?.type === 'declined') {
    const reason = decision.additional_info;
    return `Declined by ${signer.email}${reason === null || reason === undefined || reason === '' ? '' : ` (reason: ${reason})`}`;
  }
  return `Signed by ${signer.email}`;
}
