import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { Notice } from './Notice';

function base64ToBlob(base64: string, type: string): Blob {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type });
}

/** A stored PDF: a printed document (slip, form) or a digitized file. */
export type PdfSource = { document: string } | { digitizedFile: string };

function load(source: PdfSource): Promise<{ base64: string }> {
  return 'document' in source ? api.call('documents.content', { id: source.document }) : api.call('scanning.fileContent', { fileId: source.digitizedFile });
}

interface Props {
  source: PdfSource;
  title: string;
  /** Wait this long before fetching: arrowing through a list does not fetch every file on the way. */
  delayMs?: number;
  height?: string;
  testId?: string;
}

/** A stored PDF shown by the browser's own viewer from a Blob URL. */
export function PdfFrame({ source, title, delayMs = 0, height, testId = 'pdf-preview' }: Props) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = 'document' in source ? `d:${source.document}` : `f:${source.digitizedFile}`;

  useEffect(() => {
    let objectUrl: string | null = null;
    let cancelled = false;
    setUrl(null);
    setError(null);
    const t = setTimeout(() => {
      load(source).then(
        (doc) => {
          if (cancelled) return;
          objectUrl = URL.createObjectURL(base64ToBlob(doc.base64, 'application/pdf'));
          setUrl(objectUrl);
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

  const style = height ? { height } : undefined;
  if (error) return <Notice kind="error">Không mở được tệp: {error}</Notice>;
  if (!url) return <div className="pdf-frame pdf-loading" style={style}>Đang tải bản xem trước…</div>;
  // tabIndex -1: the viewer must not swallow Tab (or the arrows and Enter of a list beside it).
  return <iframe className="pdf-frame" style={style} src={`${url}#view=FitH`} title={title} tabIndex={-1} data-testid={testId} />;
}
