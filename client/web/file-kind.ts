/**
 * What a file is, read from its bytes, never from its name or the browser's word: the formats a
 * delegation delivers (PDF, office and OpenDocument files, images). A small magic-number reader rather
 * than a library: `file-type` is ESM-only since v17 and this service is CommonJS, and the few formats
 * accepted here need a few lines each.
 */

export interface FileKind {
  /** The type the file is stored and served with. */
  mime: string;
  /** Every MIME type a browser may claim for it, and every extension its name may have. */
  claimable: readonly string[];
  extensions: readonly string[];
}

const kind = (mime: string, extensions: string[], claimable: string[] = []): FileKind => ({
  mime,
  extensions,
  claimable: [mime, ...claimable],
});

const PDF = kind('application/pdf', ['pdf']);
const PNG = kind('image/png', ['png']);
const JPEG = kind('image/jpeg', ['jpg', 'jpeg'], ['image/pjpeg']);
const OOXML: Record<string, FileKind> = {
  'word/': kind('application/vnd.openxmlformats-officedocument.wordprocessingml.document', ['docx']),
  'xl/': kind('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ['xlsx']),
  'ppt/': kind('application/vnd.openxmlformats-officedocument.presentationml.presentation', ['pptx']),
};
const OPENDOCUMENT: Record<string, FileKind> = {
  'application/vnd.oasis.opendocument.text': kind('application/vnd.oasis.opendocument.text', ['odt']),
  'application/vnd.oasis.opendocument.spreadsheet': kind('application/vnd.oasis.opendocument.spreadsheet', [
    'ods',
  ]),
  'application/vnd.oasis.opendocument.presentation': kind('application/vnd.oasis.opendocument.presentation', [
    'odp',
  ]),
};
/** Word 97–2003, Excel, PowerPoint: one container format (OLE compound file) for all three. */
const LEGACY_OFFICE = kind(
  'application/msword',
  ['doc', 'xls', 'ppt'],
  ['application/vnd.ms-excel', 'application/vnd.ms-powerpoint'],
);

const startsWith = (bytes: Buffer, signature: number[], at = 0) =>
  signature.every((byte, index) => bytes[at + index] === byte);

/** The kind of an accepted file, or undefined for anything else (a plain ZIP, an executable, text …). */
export function detectFileKind(bytes: Buffer): FileKind | undefined {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return PDF;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return LEGACY_OFFICE;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return zipKind(bytes);
  return undefined;
}

/**
 * An OpenDocument file starts with an uncompressed `mimetype` entry naming its type (ODF 1.2 §3.3); an
 * Office Open XML file lists `[Content_Types].xml` and a `word/`, `xl/` or `ppt/` part in its directory.
 */
function zipKind(bytes: Buffer): FileKind | undefined {
  if (bytes.length < 30) return undefined;
  const nameLength = bytes.readUInt16LE(26);
  const extraLength = bytes.readUInt16LE(28);
  if (bytes.subarray(30, 30 + nameLength).toString('latin1') === 'mimetype') {
    const start = 30 + nameLength + extraLength;
    const declared = bytes.subarray(start, start + bytes.readUInt32LE(18)).toString('latin1');
    return OPENDOCUMENT[declared];
  }
  const names = centralDirectoryNames(bytes);
  if (!names.includes('[Content_Types].xml')) return undefined;
  const part = Object.keys(OOXML).find((prefix) => names.some((name) => name.startsWith(prefix)));
  return part ? OOXML[part] : undefined;
}

function centralDirectoryNames(bytes: Buffer): string[] {
  // The end-of-directory record is in the last 64 KB + 22 bytes (its comment is at most 65,535 bytes).
  const from = Math.max(0, bytes.length - 65_557);
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), bytes.length - 22);
  if (end < from) return [];
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let index = 0; index < count && at + 46 <= bytes.length; index++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) break;
    const nameLength = bytes.readUInt16LE(at + 28);
    names.push(bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return names;
}
