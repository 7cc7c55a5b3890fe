// What pdf-lib spends on saving that it need not: its streams' zlib in JavaScript (native-deflate.ts) and its
// copy of every stream's bytes into the file one byte at a time (PDFStream.copyBytesInto). A component PDF of
// ten scanned pages is ~3 MB of JPEG streams: that loop took ~6 ms of its ~35, a typed-array copy ~0.3.
// The bytes written are the same: '\nstream\n', the contents, '\nendstream' after the dictionary.
import { PDFStream } from 'pdf-lib';
import { installNativeDeflate } from './native-deflate';

const OPEN = Uint8Array.from(Buffer.from('\nstream\n', 'latin1'));
const CLOSE = Uint8Array.from(Buffer.from('\nendstream', 'latin1'));

type StreamInternals = { updateDict(): void; dict: { copyBytesInto(b: Uint8Array, o: number): number }; getContents(): Uint8Array };

let copyInstalled = false;

function installStreamCopy(): void {
  if (copyInstalled) return;
  copyInstalled = true;
  (PDFStream.prototype as unknown as { copyBytesInto: (b: Uint8Array, o: number) => number }).copyBytesInto = function copyBytesInto(
    this: StreamInternals, buffer: Uint8Array, offset: number,
  ): number {
    this.updateDict();
    const start = offset;
    offset += this.dict.copyBytesInto(buffer, offset);
    buffer.set(OPEN, offset);
    offset += OPEN.length;
    const contents = this.getContents();
    buffer.set(contents, offset);
    offset += contents.length;
    buffer.set(CLOSE, offset);
    offset += CLOSE.length;
    return offset - start;
  };
}

/** Idempotent; call before a document's save(). */
export function speedUpPdfLibSave(): void {
  installNativeDeflate();
  installStreamCopy();
}
