import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';

/** Data URLs of page thumbnails, fetched a few at a time as pages appear (ids change when a page changes). */
export function useThumbnails(jobId: string | null, pageIds: readonly string[]): Record<string, string> {
  const [urls, setUrls] = useState<Record<string, string>>({});
  const asked = useRef(new Set<string>());
  const key = pageIds.join(',');
  useEffect(() => {
    if (!jobId) return;
    let stopped = false;
    const todo = pageIds.filter((id) => !asked.current.has(id));
    todo.forEach((id) => asked.current.add(id));
    const next = async () => {
      for (let id = todo.shift(); id && !stopped; id = todo.shift()) {
        try {
          const t = await api.call('scanning.thumbnail', { jobId, pageId: id, size: 'thumb' });
          setUrls((u) => ({ ...u, [id]: `data:${t.mime};base64,${t.base64}` }));
        } catch {
          asked.current.delete(id);
        }
      }
    };
    void Promise.all([next(), next(), next()]);
    return () => { stopped = true; todo.forEach((id) => asked.current.delete(id)); };
  }, [jobId, key]);
  return urls;
}
