// Stand-in images of the blanks for the preview (assets/blanks/*.png): drawn from the template — frame,
// national header, title, each field's printed label before its box and a dotted line under it — and marked
// "ẢNH MINH HỌA" across the sheet. They are NOT the Ministry's blanks: an office replaces each with a scan of
// its real blank (Quản trị → Máy in → Mẫu giấy hộ tịch). Regenerate with
// `node --import tsx main/documents/blank-print/make-stand-ins.ts`.
import { lineHeightOf, type CertificateTemplate, type TemplateField } from '../../../shared/certificates/template';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Rough width of text in mm at `pt` (Times-like type: half an em per character). */
const roughWidth = (s: string, pt: number) => s.length * pt * 0.5 * 25.4 / 72;
const PT = 25.4 / 72;

function text(s: string, x: number, y: number, pt: number, opts: { anchor?: 'start' | 'middle' | 'end'; weight?: 'bold'; italic?: boolean; fit?: number; fill?: string } = {}): string {
  const fit = opts.fit !== undefined && roughWidth(s, pt) > opts.fit ? ` textLength="${opts.fit.toFixed(2)}" lengthAdjust="spacingAndGlyphs"` : '';
  return `<text x="${x.toFixed(2)}" y="${y.toFixed(2)}" font-size="${(pt * PT).toFixed(3)}" text-anchor="${opts.anchor ?? 'start'}"` +
    `${opts.weight ? ' font-weight="bold"' : ''}${opts.italic ? ' font-style="italic"' : ''} fill="${opts.fill ?? '#1d3a7a'}"${fit}>${esc(s)}</text>`;
}

/** Labels the way a blank prints them before a field (its template label, with a colon). */
function labelsAndLines(t: CertificateTemplate): string[] {
  const out: string[] = [];
  const rows = new Map<number, TemplateField[]>();
  for (const f of t.fields) rows.set(f.y, [...(rows.get(f.y) ?? []), f].sort((a, b) => a.x - b.x));
  for (const f of t.fields) {
    if (f.align === 'center') continue; // signer lines and the office: no label on the blank
    const row = rows.get(f.y)!;
    const before = row[row.indexOf(f) - 1];
    const from = before ? before.x + before.width + 2 : 15;
    const room = f.x - 1.5 - from;
    // The marriage certificate heads its columns "Chồng" and "Vợ": the labels need not say whose.
    const label = `${t.kind === 'marriage' ? f.label.replace(/ người (chồng|vợ)$/, '') : f.label}:`;
    if (room > 6) {
      out.push(roughWidth(label, 11) > room ? text(label, from, f.y, 11, { fit: room }) : text(label, f.x - 1.5, f.y, 11, { anchor: 'end' }));
    }
    for (let i = 0; i < f.maxLines; i++) {
      const y = f.y + 1.2 + i * lineHeightOf(f);
      out.push(`<line x1="${f.x}" y1="${y.toFixed(2)}" x2="${f.x + f.width}" y2="${y.toFixed(2)}" stroke="#1d3a7a" stroke-width="0.25" stroke-dasharray="0.4 1.2"/>`);
    }
  }
  return out;
}

/** The stand-in blank as SVG, in millimetres (the sheet's size). */
export function standInSvg(t: CertificateTemplate): string {
  const { width: w, height: h } = t.page;
  const parts: string[] = [`<rect x="0" y="0" width="${w}" height="${h}" fill="${t.mode === 'blank' ? '#fbf7ea' : '#ffffff'}"/>`];
  if (t.mode === 'blank') {
    parts.push(
      `<rect x="6" y="6" width="${w - 12}" height="${h - 12}" fill="none" stroke="#b08d3c" stroke-width="1.2"/>`,
      `<rect x="8.5" y="8.5" width="${w - 17}" height="${h - 17}" fill="none" stroke="#b08d3c" stroke-width="0.4"/>`,
      `<circle cx="${w / 2}" cy="22" r="8" fill="none" stroke="#b23a2e" stroke-width="0.6"/>`,
      text('★', w / 2, 25, 20, { anchor: 'middle', fill: '#b23a2e' }),
      text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', w / 2, 38, 12, { anchor: 'middle', weight: 'bold' }),
      text('Độc lập - Tự do - Hạnh phúc', w / 2, 44, 12, { anchor: 'middle', weight: 'bold' }),
      text(t.name.replace(/\s*\(.*\)$/, '').toUpperCase(), w / 2, t.kind === 'marriage' ? 56 : 86, 18, { anchor: 'middle', weight: 'bold', fill: '#b23a2e' }),
      ...(t.kind === 'marriage'
        ? [text('CHỒNG', w * 0.27, 66, 13, { anchor: 'middle', weight: 'bold' }), text('VỢ', w * 0.73, 66, 13, { anchor: 'middle', weight: 'bold' })]
        : []),
      ...labelsAndLines(t),
    );
  }
  parts.push(
    text('ẢNH MINH HỌA – KHÔNG PHẢI PHÔI THẬT', w / 2, h / 2, 30, { anchor: 'middle', weight: 'bold', fill: 'rgba(200,40,40,0.10)' })
      .replace('<text ', `<text transform="rotate(-30 ${w / 2} ${h / 2})" `),
    text(`Ảnh minh họa tự vẽ (${t.id}); thay bằng ảnh quét phôi thật của xã.`, w / 2, h - 3, 7, { anchor: 'middle', italic: true, fill: '#888888' }),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}mm" height="${h}mm" viewBox="0 0 ${w} ${h}" font-family="Tinos, 'Times New Roman', serif">${parts.join('')}</svg>`;
}
