// pdf-lib's stream copy replaced by a typed-array copy (main/base/pdf-lib-save.ts): the saved file is the same
// byte for byte — with object streams or without, JPEG, content and deflated streams alike.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, PDFStream, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { speedUpPdfLibSave } from '../../main/base/pdf-lib-save';
import { installNativeDeflate } from '../../main/base/native-deflate';
import { findAssetsDir } from '../../main/base/assets';
import sharp from 'sharp';
import * as fontkit from '@pdf-lib/fontkit';

async function sample(): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#c33' } }).jpeg().toBuffer();
  const image = await doc.embedJpg(jpeg);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const tinos = await doc.embedFont(readFileSync(join(findAssetsDir(), 'fonts', 'Tinos-Regular.ttf')), { subset: false });
  for (let i = 0; i < 3; i++) {
    const page = doc.addPage([400, 300]);
    page.drawImage(image, { x: 10, y: 10, width: 150, height: 100 });
    page.drawText(`trang ${i + 1}`, { x: 10, y: 200, font, size: 12 });
    page.drawText('Số hóa', { x: 10, y: 250, font: tinos, size: 12 });
  }
  doc.context.register(doc.context.flateStream('nội dung nén '.repeat(50)));
  return doc;
}

describe('pdf-lib save with the typed-array stream copy', () => {
  it('writes the same bytes as pdf-lib\'s own copy, and is installed once', async () => {
    installNativeDeflate(); // its zlib writes other (equally valid) bytes than pako: only the copy is compared here
    const original = PDFStream.prototype.copyBytesInto;
    const before = [await (await sample()).save({ useObjectStreams: true }), await (await sample()).save({ useObjectStreams: false })];
    speedUpPdfLibSave();
    const patched = PDFStream.prototype.copyBytesInto;
    expect(patched).not.toBe(original);
    speedUpPdfLibSave();
    expect(PDFStream.prototype.copyBytesInto).toBe(patched);
    const after = [await (await sample()).save({ useObjectStreams: true }), await (await sample()).save({ useObjectStreams: false })];
    expect(Buffer.from(after[0]).equals(Buffer.from(before[0]))).toBe(true);
    expect(Buffer.from(after[1]).equals(Buffer.from(before[1]))).toBe(true);
    expect((await PDFDocument.load(after[0])).getPageCount()).toBe(3);
  });
});
