// The app:// origin and the checks on it, free of Electron so plain Node tests run them.
// A check written as `url.startsWith('app://motcua')` also admits app://motcua.evil/…, and
// `file.startsWith(root)` also admits a sibling folder sharing root's prefix (C:\app-evil for C:\app):
// both compare against a boundary instead (host equality; root + separator).
import path from 'node:path';

export const APP_HOST = 'motcua';
export const APP_ORIGIN = `app://${APP_HOST}`;

export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-src blob:; object-src blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

type PathApi = Pick<typeof path, 'resolve' | 'sep'>;

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** A URL of our own pages: scheme app:, host exactly motcua, no user, password or port. */
export function isAppUrl(raw: string): boolean {
  const u = parse(raw);
  return !!u && u.protocol === 'app:' && u.hostname === APP_HOST && u.port === '' && u.username === '' && u.password === '';
}

/** True when candidate lies strictly inside root (root itself is not "inside": it is a folder, not a file). */
export function isInside(root: string, candidate: string, p: PathApi = path): boolean {
  const base = p.resolve(root);
  const prefix = base.endsWith(p.sep) ? base : base + p.sep; // a drive root "C:\" already ends with one
  return p.resolve(candidate).startsWith(prefix);
}

/**
 * The file under root that an app:// request names, or null: another origin, a malformed escape, a NUL, or a
 * path that leaves root once decoded and resolved (encoded ../ or ..\, a prefix-sibling folder).
 */
export function resolveAppFile(root: string, requestUrl: string, p: PathApi = path): string | null {
  const u = parse(requestUrl);
  if (!u || !isAppUrl(`${u.protocol}//${u.host}/`)) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  // "." + the path keeps a decoded "/C:/…" or "//server/share" relative to root instead of absolute.
  const file = p.resolve(p.resolve(root), `.${rel.startsWith('/') ? '' : '/'}${rel}`);
  return isInside(root, file, p) ? file : null;
}
