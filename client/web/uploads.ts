/**
 * Delivered files: received to a temporary file while hashed, checked (size, name, bytes), then kept as
 * `<uploads>/<sha256>` with `<sha256>.json` beside it (original name, type, who sent it), so the same
 * file delivered twice is kept once. Nothing reaches the uploads folder before every check has passed.
 *
 * A file is served at `/files/<sha256>/<name>?s=<signature>`: the signature (HMAC of the hash) is what lets a
 * reader in, not a participant's token, because the link travels further than its sender's page (the
 * peer documents pack sends it to every participant of the round).
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredFileMeta {
  sha256: string;
  name: string;
  type: string;
  size: number;
  roundId: string;
  delegation: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface Received {
  tempFile: string;
  sha256: string;
  size: number;
  /** The file was longer than the limit: what was received is incomplete. */
  tooLarge: boolean;
}

/** Streams one upload to a temporary file in `<uploads>/.incoming`, hashing it on the way. */
export async function receiveToTemp(
  uploadsDir: string,
  stream: Readable & { truncated?: boolean },
): Promise<Received> {
  const incoming = path.join(uploadsDir, '.incoming');
  await fs.mkdir(incoming, { recursive: true, mode: 0o700 });
  const tempFile = path.join(incoming, randomUUID());
  const hash = createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  let tooLarge = false;
  try {
    await pipeline(stream, counter, createWriteStream(tempFile, { mode: 0o600 }));
  } catch (error) {
    if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') {
      await fs.rm(tempFile, { force: true });
      throw error;
    }
    tooLarge = true;
  }
  return { tempFile, sha256: hash.digest('hex'), size, tooLarge: tooLarge || stream.truncated === true };
}

/** Moves a checked upload into place; `created` is false when the same bytes were already kept. */
export async function keep(
  uploadsDir: string,
  received: Received,
  meta: Omit<StoredFileMeta, 'sha256' | 'size'>,
): Promise<{ created: boolean; meta: StoredFileMeta }> {
  const target = path.join(uploadsDir, received.sha256);
  const full: StoredFileMeta = { sha256: received.sha256, size: received.size, ...meta };
  const exists = await fs.stat(target).then(
    () => true,
    () => false,
  );
  if (exists) {
    await fs.rm(received.tempFile, { force: true });
    return { created: false, meta: (await readMeta(uploadsDir, received.sha256)) ?? full };
  }
  await fs.writeFile(`${target}.json`, `${JSON.stringify(full, null, 2)}\n`, { mode: 0o600 });
  await fs.rename(received.tempFile, target);
  return { created: true, meta: full };
}

/** Takes back a file kept for a submission the round then refused. */
export async function forget(uploadsDir: string, sha256: string): Promise<void> {
  await Promise.all([
    fs.rm(path.join(uploadsDir, sha256), { force: true }),
    fs.rm(path.join(uploadsDir, `${sha256}.json`), { force: true }),
  ]);
}

export async function readMeta(uploadsDir: string, sha256: string): Promise<StoredFileMeta | undefined> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
  try {
    return JSON.parse(await fs.readFile(path.join(uploadsDir, `${sha256}.json`), 'utf8')) as StoredFileMeta;
  } catch {
    return undefined;
  }
}

export function storedPath(uploadsDir: string, sha256: string): string {
  return path.join(uploadsDir, sha256);
}

/**
 * A file name as the participant's computer gave it, or why it is refused: no folders, no `..`, no
 * control characters (a name ends up in a Content-Disposition header and on staff pages).
 */
export function checkFileName(name: string): { name: string } | { refusal: 'bad-file-name' } {
  const trimmed = name.trim();
  // \p{Cc}: the C0 and C1 control characters and DEL; \p{Cf}: invisible format characters (bidi overrides).
  const unsafe = /[\p{Cc}\p{Cf}/\\]/u.test(trimmed) || trimmed.includes('..');
  if (trimmed === '' || unsafe || trimmed.length > 200) return { refusal: 'bad-file-name' };
  return { name: trimmed.normalize('NFC') };
}

export function extensionOf(name: string): string | undefined {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return match?.[1]?.toLowerCase();
}

export function fileSignature(secret: string, sha256: string): string {
  return createHmac('sha256', secret).update(`file:${sha256}`).digest('base64url');
}

export function isFileSignature(secret: string, sha256: string, signature: string): boolean {
  const expected = Buffer.from(fileSignature(secret, sha256));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** `/files/<sha256>/<name>?s=…`: the name makes the link readable and the download well named. */
export function fileLink(publicUrl: string, secret: string, sha256: string, name: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/files/${sha256}/${encodeURIComponent(name)}?s=${fileSignature(secret, sha256)}`;
}
