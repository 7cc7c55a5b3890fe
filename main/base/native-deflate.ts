// pdf-lib deflates the object and cross-reference streams of every document it saves with object streams
// (PDFFlateStream) through pako, a zlib written in JavaScript: ~1.4 ms of a slip's ~16 ms CPU, and ~5 ms of a
// scanned component's PDF. pako.deflate called without options is zlib's format at the default level, which
// node:zlib writes natively. So the pako that pdf-lib loads gets a deflate that hands such calls to node:zlib;
// a call with options (another library's) still goes to pako. Installed on the first document, once.
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';

interface Pako { deflate: (data: Uint8Array | string, options?: unknown) => Uint8Array; __native?: true }

/** The pako instance pdf-lib itself requires (resolved from pdf-lib's own folder). */
function pdfLibPako(): Pako | null {
  try {
    const fromHere = createRequire(__filename);
    return createRequire(fromHere.resolve('pdf-lib'))('pako') as Pako;
  } catch {
    return null; // pdf-lib without pako: nothing to speed up
  }
}

let installed: boolean | undefined;

/** Idempotent (looked up once a process); false when pdf-lib's pako cannot be found (pdf-lib keeps its own). */
export function installNativeDeflate(): boolean {
  if (installed !== undefined) return installed;
  const pako = pdfLibPako();
  installed = !!pako;
  if (!pako || pako.__native) return installed;
  const jsDeflate = pako.deflate.bind(pako);
  pako.deflate = (data, options) => (options === undefined
    ? deflateSync(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
    : jsDeflate(data, options));
  pako.__native = true;
  return true;
}
