import { useEffect, useState, type CSSProperties } from 'react';
import { api, errorMessage } from '../api/client';
import { Notice } from './Notice';

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** A stored PDF: a printed document (slip, form), a digitized file, or a fee receipt (issue 11). */
export type PdfSource = { document: string } | { digitizedFile: string } | { receipt: string };

function load(source: PdfSource): Promise<{ base64: string }> {
  if ('receipt' in source) return api.call('fees.receiptFile', { receiptId: source.receipt, paper: 'a5' });
  return 'document' in source ? api.call('documents.content', { id: source.document }) : api.call('scanning.fileContent', { fileId: source.digitizedFile });
}

/** Pages of a PDF, or null when it cannot be read here (the viewer may still show it). */
async function countPages(bytes: Uint8Array): Promise<number | null> {
  try {
    // Loaded on first use: only the preview needs a PDF parser.
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
    return doc.getPageCount();
  } catch {
    return null;
  }
}

/**
 * How the browser's viewer shows the PDF. 'width' (the default) fits the width and scrolls with the mouse;
 * 'page' shows one whole page, `page` (1-based), with the viewer's toolbar and thumbnails hidden, so the
 * dialog around it pages through with the keyboard (the viewer itself never takes focus).
 */
export type PdfView = { fit: 'width' } | { fit: 'page'; page: number };

interface Props {
  source: PdfSource;
  title: string;
  /** Wait this long before fetching: arrowing through a list does not fetch every file on the way. */
  delayMs?: number;
  height?: string;
  /** Fills the rest of a flex column (the preview dialog) instead of a fixed height. */
  grow?: boolean;
  testId?: string;
  view?: PdfView;
  /** The number of pages, once known (null: the file could not be read here). */
  onPageCount?: (pages: number | null) => void;
}

/** The fragment the viewer reads its open parameters from (PDF Open Parameters, as Chromium supports them). */
export function viewFragment(view: PdfView): string {
  return view.fit === 'page' ? `#page=${view.page}&view=Fit&toolbar=0&navpanes=0` : '#view=FitH';
}

/** A stored PDF shown by the browser's own viewer from a Blob URL. */
export function PdfFrame({ source, title, delayMs = 0, height, grow, testId = 'pdf-preview', view = { fit: 'width' }, onPageCount }: Props) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = 'receipt' in source ? `r:${source.receipt}` : 'document' in source ? `d:${source.document}` : `f:${source.digitizedFile}`;

  useEffect(() => {
    let objectUrl: string | null = null;
    let cancelled = false;
    setUrl(null);
    setError(null);
    const t = setTimeout(() => {
      load(source).then(
        (doc) => {
          if (cancelled) return;
          const bytes = base64ToBytes(doc.base64);
          objectUrl = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
          setUrl(objectUrl);
          if (onPageCount) void countPages(bytes).then((n) => { if (!cancelled) onPageCount(n); });
        },
        (e) => { if (!cancelled) setError(errorMessage(e)); },
      );
    }, delayMs);
    return () => {
      cancelled = true;
      clearTimeout(t);
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
    // The source is identified by its key: a new object with the same id must not fetch again.
  }, [key, delayMs]);

  const style: CSSProperties | undefined = grow ? { flex: '1 1 auto', minHeight: 0, height: 'auto' } : height ? { height } : undefined;
  if (error) return <Notice kind="error">Không mở được tệp: {error}</Notice>;
  if (!url) return <div className="pdf-frame pdf-loading" style={style}>Đang tải bản xem trước…</div>;
  const fragment = viewFragment(view);
  // tabIndex -1: the viewer must not swallow Tab (or the arrows and Enter of a list beside it), nor Esc.
  // Keyed by the fragment: the viewer reads it only when it loads, so another page is a new frame.
  return <iframe key={fragment} className="pdf-frame" style={style} src={`${url}${fragment}`} title={title} tabIndex={-1} data-testid={testId} />;
}
