import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { Notice } from './Notice';

function base64ToBlob(base64: string, type: string): Blob {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type });
}

/** The stored PDF of a document, shown by the browser's own viewer from a Blob URL. */
export function PdfFrame({ documentId, title }: { documentId: string; title: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let objectUrl: string | null = null;
    let cancelled = false;
    setUrl(null);
    setError(null);
    api.call('documents.content', { id: documentId }).then(
      (doc) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(base64ToBlob(doc.base64, 'application/pdf'));
        setUrl(objectUrl);
      },
      (e) => { if (!cancelled) setError(errorMessage(e)); },
    );
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [documentId]);

  if (error) return <Notice kind="error">Không mở được phiếu: {error}</Notice>;
  if (!url) return <div className="pdf-frame pdf-loading">Đang tải phiếu…</div>;
  // tabIndex -1: the viewer must not swallow Tab on the way to the print buttons.
  return <iframe className="pdf-frame" src={`${url}#view=FitH`} title={title} tabIndex={-1} data-testid="pdf-preview" />;
}
