import { crc32 } from 'node:zlib';
import { detectFileKind } from '../../client/web/file-kind';
import { checkFileName } from '../../client/web/uploads';
import { PNG_BYTES, smallPdf } from './web-client';

/** A ZIP archive with stored (uncompressed) entries, in the order given: enough to be an office file's container. */
function zip(entries: Array<[string, string]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const ooxml = (part: string) =>
  zip([
    ['[Content_Types].xml', '<Types/>'],
    ['_rels/.rels', '<Relationships/>'],
    [part, '<x/>'],
  ]);
const odf = (mime: string) =>
  zip([
    ['mimetype', mime],
    ['content.xml', '<office:document-content/>'],
    ['META-INF/manifest.xml', '<manifest/>'],
  ]);

describe('a delivered file’s type is read from its bytes', () => {
  it.each([
    ['a PDF', smallPdf('x'), 'application/pdf'],
    ['a PNG image', PNG_BYTES, 'image/png'],
    ['a JPEG photo', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]), 'image/jpeg'],
    [
      'a Word document',
      ooxml('word/document.xml'),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    [
      'an Excel workbook',
      ooxml('xl/workbook.xml'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    [
      'a PowerPoint deck',
      ooxml('ppt/presentation.xml'),
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    [
      'an OpenDocument text',
      odf('application/vnd.oasis.opendocument.text'),
      'application/vnd.oasis.opendocument.text',
    ],
    [
      'an OpenDocument spreadsheet',
      odf('application/vnd.oasis.opendocument.spreadsheet'),
      'application/vnd.oasis.opendocument.spreadsheet',
    ],
    [
      'a Word 97 document',
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]),
      'application/msword',
    ],
  ])('%s', (_what, bytes, mime) => {
    expect(detectFileKind(bytes)?.mime).toBe(mime);
  });

  it.each([
    ['a plain ZIP archive', zip([['notes.txt', 'hello']])],
    ['a ZIP that says it is an OpenDocument of an unknown kind', odf('application/x-something')],
    ['a shell script', Buffer.from('#!/bin/sh\necho hi\n')],
    ['an HTML page', Buffer.from('<!doctype html><script>alert(1)</script>')],
    ['a truncated ZIP header', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14])],
    ['an empty file', Buffer.alloc(0)],
  ])('refuses %s', (_what, bytes) => {
    expect(detectFileKind(bytes)).toBeUndefined();
  });
});

describe('a delivered file’s name', () => {
  it.each(['rapport annuel 2026.pdf', 'Plan d’amélioration – Tchad.docx', 'self.assessment.v2.xlsx'])(
    'keeps %s',
    (name) => {
      expect(checkFileName(name)).toEqual({ name });
    },
  );

  it.each([
    '../secret.pdf',
    'a/b.pdf',
    'C:\\temp\\x.pdf',
    'x\u0000.pdf',
    'line\nbreak.pdf',
    '\u009bcsi.pdf',
    'invoice\u202efdp.exe',
    '..',
    '',
    ' ',
  ])('refuses %j', (name) => {
    expect(checkFileName(name)).toEqual({ refusal: 'bad-file-name' });
  });
});
