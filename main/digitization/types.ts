// Shapes shared by the digitization modules: what a scanner driver hands over, and what a processed page is.

export type ColorMode = 'color' | 'gray' | 'bw';
/** Formats a scanner driver or a file import writes pages in ('pdf': a one-page PDF; the pipeline takes its image). */
export type SourceFormat = 'png' | 'jpeg' | 'tiff' | 'pnm' | 'pdf';
/**
 * How a processed page is stored: JPEG (colour/grey), a 1-bit greyscale PNG (bi-level text), or 'pdf': a PDF
 * page kept as it is (not a scanned image, on a PC without pdftoppm; see pdf-vector-page.ts).
 */
export type PageEncoding = 'jpeg' | 'png1' | 'pdf';
export type QuarterTurn = 0 | 90 | 180 | 270;
export type PageSide = 'front' | 'back';

/** A page image on disk as written by a scanner driver. */
export interface ScannedPage {
  filePath: string;
  format: SourceFormat;
  widthPx: number;
  heightPx: number;
  dpi: number;
  colorMode: ColorMode;
  side?: PageSide;
}

export interface ProcessedPage {
  processedPath: string;
  encoding: PageEncoding;
  widthPx: number;
  heightPx: number;
  dpi: number;
  colorMode: ColorMode;
  blank: boolean;
  /** Ink coverage in percent of the analysed area (after noise removal). */
  blankScore: number;
  /** Skew found in the page, degrees clockwise; the stored image is corrected by the opposite turn. */
  skewAngle: number;
  /** Explicit clockwise rotation applied on request. */
  rotation: QuarterTurn;
  bytes: number;
  sha256: string;
  side?: PageSide;
}
