// The digitization record of a component PDF, written twice into the file: in the Info dictionary (what
// most viewers show, plus our own keys) and as an XMP packet with a custom namespace (what archival tools
// read). Both come from the same record so they cannot disagree.
import { PDFDict, PDFDocument, PDFHexString, PDFName } from 'pdf-lib';
import { formatIsoVn } from '../../shared/time/vn-time';
import type { ColorMode } from './types';

export const PRODUCER = 'Một Cửa Desk (pdf-lib)';
export const XMP_NAMESPACE = 'urn:motcua-desk:digitization:1.0';
export const XMP_PREFIX = 'mcd';

export interface PageRecord {
  index: number;
  sha256: string;
  widthPx: number;
  heightPx: number;
  dpi: number;
  colorMode: ColorMode;
}

/** What the database stores about a digitized file (the law's metadata list, Thông tư 01/2023 Điều 8). */
export interface DigitizedFileRecord {
  dossierNumber: string;
  componentCode: string;
  componentName: string;
  title: string;
  scannedBy: string;
  /** ISO 8601 with +07:00. */
  scannedAt: string;
  pageCount: number;
  /** Lowest page resolution (the legal minimum applies to every page). */
  dpi: number;
  colorMode: ColorMode | 'mixed';
  pages: PageRecord[];
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function keywordsOf(r: DigitizedFileRecord): string[] {
  return [r.dossierNumber, r.componentCode, 'số hóa'].filter((k) => k.length > 0);
}

export function buildXmp(r: DigitizedFileRecord, now: Date): string {
  const li = (items: string[]) => items.map((i) => `<rdf:li>${xmlEscape(i)}</rdf:li>`).join('');
  const f = (name: string, value: string | number) => `<${XMP_PREFIX}:${name}>${xmlEscape(String(value))}</${XMP_PREFIX}:${name}>`;
  // The packet wrapper lets tools rewrite XMP in place; the padding leaves them room.
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:${XMP_PREFIX}="${XMP_NAMESPACE}">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(r.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq>${li([r.scannedBy])}</rdf:Seq></dc:creator>
<dc:subject><rdf:Bag>${li(keywordsOf(r))}</rdf:Bag></dc:subject>
<pdf:Producer>${xmlEscape(PRODUCER)}</pdf:Producer>
<pdf:Keywords>${xmlEscape(keywordsOf(r).join(', '))}</pdf:Keywords>
<xmp:CreateDate>${r.scannedAt}</xmp:CreateDate>
<xmp:MetadataDate>${formatIsoVn(now)}</xmp:MetadataDate>
<xmp:CreatorTool>Một Cửa Desk</xmp:CreatorTool>
${f('DossierNumber', r.dossierNumber)}
${f('ComponentCode', r.componentCode)}
${f('ComponentName', r.componentName)}
${f('ScannedBy', r.scannedBy)}
${f('ScannedAt', r.scannedAt)}
${f('PageCount', r.pageCount)}
${f('Dpi', r.dpi)}
${f('ColorMode', r.colorMode)}
<${XMP_PREFIX}:PageSha256><rdf:Seq>${li(r.pages.map((p) => p.sha256))}</rdf:Seq></${XMP_PREFIX}:PageSha256>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
${' '.repeat(1024)}
<?xpacket end="w"?>`;
}

/** The trailer's Info dictionary (pdf-lib keeps its own getter private). */
function infoDict(doc: PDFDocument): PDFDict {
  const ref = doc.context.trailerInfo.Info;
  const found = ref ? doc.context.lookup(ref) : undefined;
  if (found instanceof PDFDict) return found;
  const dict = doc.context.obj({});
  doc.context.trailerInfo.Info = doc.context.register(dict);
  return dict;
}

/** Info dictionary keys of our own (pdf-lib writes the standard ones). */
export const INFO_KEYS = {
  dossierNumber: 'MCDossierNumber',
  componentCode: 'MCComponentCode',
  componentName: 'MCComponentName',
  scannedBy: 'MCScannedBy',
  scannedAt: 'MCScannedAt',
  pageCount: 'MCPageCount',
  dpi: 'MCDpi',
  colorMode: 'MCColorMode',
  pageSha256: 'MCPageSha256',
} as const;

export function writeMetadata(doc: PDFDocument, r: DigitizedFileRecord, now: Date): void {
  doc.setTitle(r.title, { showInWindowTitleBar: true });
  doc.setSubject(`Bản số hóa thành phần hồ sơ ${r.dossierNumber}: ${r.componentName}`);
  doc.setKeywords(keywordsOf(r));
  doc.setAuthor(r.scannedBy);
  doc.setCreator('Một Cửa Desk');
  doc.setProducer(PRODUCER);
  doc.setLanguage('vi-VN');
  doc.setCreationDate(new Date(r.scannedAt));
  doc.setModificationDate(now);
  const info = infoDict(doc);
  const put = (key: string, value: string | number) => info.set(PDFName.of(key), PDFHexString.fromText(String(value)));
  put(INFO_KEYS.dossierNumber, r.dossierNumber);
  put(INFO_KEYS.componentCode, r.componentCode);
  put(INFO_KEYS.componentName, r.componentName);
  put(INFO_KEYS.scannedBy, r.scannedBy);
  put(INFO_KEYS.scannedAt, r.scannedAt);
  put(INFO_KEYS.pageCount, r.pageCount);
  put(INFO_KEYS.dpi, r.dpi);
  put(INFO_KEYS.colorMode, r.colorMode);
  put(INFO_KEYS.pageSha256, r.pages.map((p) => p.sha256).join(' '));

  // XMP is UTF-8; pdf-lib would write a JS string as Latin-1 and mangle Vietnamese letters.
  const xmp = doc.context.stream(new TextEncoder().encode(buildXmp(r, now)), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
}

/** Reads our record back from a PDF's Info dictionary (for checks and re-import). */
export async function readRecordFields(pdf: Uint8Array): Promise<Partial<Record<keyof typeof INFO_KEYS, string>>> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const info = infoDict(doc);
  const out: Partial<Record<keyof typeof INFO_KEYS, string>> = {};
  for (const [field, key] of Object.entries(INFO_KEYS) as [keyof typeof INFO_KEYS, string][]) {
    const v = info.lookup(PDFName.of(key));
    if (v instanceof PDFHexString) out[field] = v.decodeText();
  }
  return out;
}
