/**
 * A participant's delivery, checked before anything is kept or sent: the deliverable is theirs, the file
 * is within the limit, its name is harmless and its bytes are the type it claims (or the link is a web
 * address), then the file is kept and the submission goes to the round's `submitDeliverable` update. A
 * refusal by the round takes back a file this delivery added.
 */
import fs from 'node:fs/promises';
import type { RefusalReason } from './pages';
import { ownDeliverables, safeUrl } from './participant-page';
import type { RoundGateway } from './round-gateway';
import type { Visitor } from './tokens';
import { detectFileKind } from './file-kind';
import { checkFileName, extensionOf, fileLink, forget, keep, type Received } from './uploads';

export interface DeliveryForm {
  fields: Record<string, string>;
  file?: { received: Received; name: string; claimedType: string };
}

export type DeliveryOutcome =
  | { accepted: true; deliverableId: string }
  | { accepted: false; status: 400 | 403 | 409 | 413 | 415; reason: RefusalReason; detail?: string };

const NOTE_MAX = 500;
const LINK_MAX = 1500;
/** Types a browser sends when it does not know: the bytes decide alone. */
const UNKNOWN_TYPES = new Set(['', 'application/octet-stream']);

export async function deliver(
  visitor: Visitor,
  form: DeliveryForm,
  deps: { rounds: RoundGateway; uploadsDir: string; publicUrl: string; linkSecret: string; now: Date },
): Promise<DeliveryOutcome> {
  const refuse = (
    status: 400 | 403 | 409 | 413 | 415,
    reason: RefusalReason,
    detail?: string,
  ): DeliveryOutcome => ({ accepted: false, status, reason, ...(detail ? { detail } : {}) });
  const { delegation, participant, progress } = visitor;
  // A form opened before the round was cancelled or completed: say so before keeping any file.
  if (progress.status !== 'running') return refuse(409, 'round-closed');
  const deliverableId = form.fields.deliverable ?? '';
  const owed = ownDeliverables(progress.deliverables, delegation.country, participant.email).find(
    (d) => d.id === deliverableId,
  );
  if (!owed) return refuse(403, 'not-yours');
  // A page left open while a colleague delivered the item or the Secretariat waived it: say so in the
  // reader's language, before keeping a file (the round's own refusal is in English, with the item's id).
  if (owed.status === 'waived') return refuse(409, 'waived');
  if (owed.status === 'submitted' || owed.status === 'submitted-late') return refuse(409, 'already-delivered');
  const note = (form.fields.note ?? '').replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim();
  if (note.length > NOTE_MAX) return refuse(400, 'bad-form');

  let reference: string;
  let keptSha: string | undefined;
  const link = (form.fields.link ?? '').trim();
  const file = form.file && form.file.received.size > 0 ? form.file : undefined;
  // The form offers a file or a link, and one reference is recorded: taking both would drop the link unsaid.
  if (file && link !== '') return refuse(400, 'file-and-link');
  if (file) {
    const { received, claimedType } = file;
    if (received.tooLarge) return refuse(413, 'too-large');
    const named = checkFileName(file.name);
    if ('refusal' in named) return refuse(400, named.refusal);
    const kind = detectFileKind(await fs.readFile(received.tempFile));
    if (!kind) return refuse(415, 'unsupported-type');
    const extension = extensionOf(named.name);
    const claimed = claimedType.toLowerCase().split(';')[0]?.trim() ?? '';
    if (
      (!UNKNOWN_TYPES.has(claimed) && !kind.claimable.includes(claimed)) ||
      (extension && !kind.extensions.includes(extension))
    ) {
      return refuse(415, 'type-mismatch');
    }
    const kept = await keep(deps.uploadsDir, received, {
      name: named.name,
      type: kind.mime,
      roundId: progress.roundId,
      delegation: delegation.country,
      uploadedBy: participant.email,
      uploadedAt: deps.now.toISOString(),
    });
    if (kept.created) keptSha = received.sha256;
    reference = fileLink(deps.publicUrl, deps.linkSecret, received.sha256, named.name);
  } else {
    if (link === '') return refuse(400, 'nothing-delivered');
    const url = link.length <= LINK_MAX ? safeUrl(link) : undefined;
    if (!url) return refuse(400, 'bad-link');
    reference = url.href;
  }

  const outcome = await deps.rounds.submit(progress.roundId, {
    deliverable: owed.id,
    by: participant.email,
    reference: note ? `${reference} — ${note}` : reference,
  });
  if (!outcome.accepted) {
    if (keptSha) await forget(deps.uploadsDir, keptSha);
    return 'closed' in outcome ? refuse(409, 'round-closed') : refuse(409, 'round-refused', outcome.reason);
  }
  return { accepted: true, deliverableId: owed.id };
}
