// pdf-lib's own deflate (pako, JavaScript) handed to node:zlib for the calls pdf-lib makes (no options): the
// saved documents' object streams decode the same; a call with options still goes to pako.
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { installNativeDeflate } from '../../main/base/native-deflate';

const pako = createRequire(createRequire(__filename).resolve('pdf-lib'))('pako') as {
  deflate: (d: Uint8Array | string, o?: unknown) => Uint8Array; inflate: (d: Uint8Array, o?: unknown) => Uint8Array; __native?: true;
};

describe('native deflate for pdf-lib', () => {
  it('is installed on the pako pdf-lib loads, once', () => {
    expect(installNativeDeflate()).toBe(true);
    const patched = pako.deflate;
    expect(pako.__native).toBe(true);
    expect(installNativeDeflate()).toBe(true);
    expect(pako.deflate).toBe(patched); // not wrapped twice
  });

  it('writes zlib streams that both zlib and pako read back, text as UTF-8 like pako; options keep pako', () => {
    installNativeDeflate();
    const bytes = new Uint8Array(Array.from({ length: 5000 }, (_, i) => (i * 7) % 251));
    const a = pako.deflate(bytes);
    expect(Buffer.from(inflateSync(a)).equals(Buffer.from(bytes))).toBe(true);
    expect(Buffer.from(pako.inflate(a)).equals(Buffer.from(bytes))).toBe(true);
    expect(inflateSync(pako.deflate('Số hóa – Bộ phận Một cửa')).toString('utf8')).toBe('Số hóa – Bộ phận Một cửa');
    const raw = pako.deflate(bytes, { raw: true }); // no zlib header: still pako's own
    expect(Buffer.from(pako.inflate(raw, { raw: true })).equals(Buffer.from(bytes))).toBe(true);
  });

  it('a document saved with object streams loads back with its pages and text', async () => {
    installNativeDeflate();
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let i = 0; i < 3; i++) doc.addPage([200, 200]).drawText(`page ${i + 1}`, { x: 10, y: 100, font, size: 12 });
    const bytes = await doc.save({ useObjectStreams: true });
    expect(Buffer.from(bytes).includes(Buffer.from('/ObjStm'))).toBe(true);
    const back = await PDFDocument.load(bytes);
    expect(back.getPageCount()).toBe(3);
  });
});
