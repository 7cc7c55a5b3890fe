// QR code on printed one-stop papers (Thông tư 01/2023/TT-VPCP; QR per TCVN 7322:2009 / ISO/IEC 18004),
// drawn as vector squares so it stays sharp at any printer resolution.
import QRCode from 'qrcode';
import {
  concatTransformationMatrix,
  fill,
  PDFOperator,
  popGraphicsState,
  pushGraphicsState,
  setFillingRgbColor,
  type PDFOperatorNames,
} from 'pdf-lib';

export interface QrSubject {
  dossierNumber?: string;
  procedureCode: string;
  /** The dossier's random look-up code (docs/lookup-code.md); never anything that names the citizen. */
  lookupCode?: string;
}

/**
 * Content of the QR. Format (query-string syntax, values percent-encoded, absent values left out):
 *   maHoSo=<dossier number>&maTTHC=<procedure code>&maTraCuu=<look-up code>
 * When the office has a look-up page, the same parameters are appended to its URL:
 *   <lookupUrl>?maHoSo=…&maTTHC=…&maTraCuu=…   ('&' instead of '?' if the URL already has a query)
 * so a phone camera opens the dossier's status page, while a desk scanner still reads the fields.
 * Nothing personal goes in: the paper is handed around, photographed and thrown away, and a QR is read by
 * anyone's phone. The look-up code (random per dossier) stands in for the ID number the page used to ask for.
 */
export function buildQrContent(subject: QrSubject, lookupUrl?: string): string {
  const params = new URLSearchParams();
  if (subject.dossierNumber) params.set('maHoSo', subject.dossierNumber);
  params.set('maTTHC', subject.procedureCode);
  if (subject.lookupCode) params.set('maTraCuu', subject.lookupCode);
  const query = params.toString();
  const base = lookupUrl?.trim();
  if (!base) return query;
  return `${base}${base.includes('?') ? '&' : '?'}${query}`;
}

/** Number of light modules required around the symbol (ISO/IEC 18004). */
export const QR_QUIET_MODULES = 4;

export interface QrPlacement {
  /** Left edge and top edge of the symbol itself (quiet zone lies outside), in PDF points. */
  left: number;
  top: number;
  /** Width of the symbol without the quiet zone. */
  size: number;
}

export interface QrDrawing {
  /** Content-stream operators; the same list is pushed onto every page of a form. */
  operators: PDFOperator[];
  /** Width of the 4-module quiet zone in points: nothing may be drawn closer to the symbol. */
  quiet: number;
}

/**
 * The symbol as filled rectangles, one per horizontal run of dark modules, in module units under a
 * flipped transformation matrix (short integers keep the content stream small and fast to write). The
 * rectangles are one path written out once as text, one operator in pdf-lib's list: the content stream's
 * bytes are the same as with one `re` operator per run, without hundreds of operator and number objects.
 */
export function qrDrawing(content: string, at: QrPlacement): QrDrawing {
  const { modules } = QRCode.create(content, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const scale = at.size / n;
  const operators: PDFOperator[] = [
    pushGraphicsState(),
    concatTransformationMatrix(scale, 0, 0, -scale, at.left, at.top),
    setFillingRgbColor(0, 0, 0),
  ];
  const path: string[] = [];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col++;
      path.push(`${start} ${row} ${col - start} 1 re`); // as rectangle(start, row, w, 1) writes it
    }
  }
  // PDFContentStream writes an operator's name after its arguments and a newline between operators.
  if (path.length) operators.push(PDFOperator.of(path.join('\n') as PDFOperatorNames));
  operators.push(fill(), popGraphicsState());
  return { operators, quiet: QR_QUIET_MODULES * scale };
}
