// The app:// checks of the Electron shell (issue 8, #19). The old checks were prefix tests:
// `url.startsWith('app://motcua')` and `file.startsWith(rendererDir)`; each case below marked "old: passes"
// got through them.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppUrl, isInside, resolveAppFile } from '../../main/electron/app-url';

const win = path.win32;
const posix = path.posix;

describe('isAppUrl (navigation and IPC sender checks)', () => {
  it('accepts our pages only', () => {
    expect(isAppUrl('app://motcua/index.html')).toBe(true);
    expect(isAppUrl('app://motcua/')).toBe(true);
    expect(isAppUrl('app://motcua/index.html#/today?x=1')).toBe(true);
  });

  it('refuses look-alike origins that a prefix check admits', () => {
    for (const url of ['app://motcua.evil.example/', 'app://motcua-evil/', 'app://motcua@evil.example/', 'app://motcua:8080/', 'app://motcuax/']) {
      expect(url.startsWith('app://motcua'), url).toBe(true); // old: passes
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('refuses other schemes and garbage', () => {
    for (const url of ['https://motcua/', 'file:///C:/app/index.html', 'blob:app://motcua/123', 'javascript:alert(1)', '', 'app:motcua']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('isInside (root + separator, never a bare prefix)', () => {
  it('refuses a prefix-sibling folder on Windows and POSIX', () => {
    expect('C:\\app-evil\\x.js'.startsWith('C:\\app')).toBe(true); // old: passes
    expect(isInside('C:\\app', 'C:\\app-evil\\x.js', win)).toBe(false);
    expect(isInside('/srv/app', '/srv/app-evil/x.js', posix)).toBe(false);
    expect(isInside('C:\\app', 'C:\\app\\x.js', win)).toBe(true);
  });

  it('accepts a root given with a trailing separator, and a drive root', () => {
    expect(isInside('C:\\app\\', 'C:\\app\\assets\\x.js', win)).toBe(true);
    expect(isInside('C:\\app\\', 'C:\\app-evil\\x.js', win)).toBe(false);
    expect(isInside('/srv/app/', '/srv/app/x.js', posix)).toBe(true);
    expect(isInside('C:\\', 'C:\\x.js', win)).toBe(true);
    expect(isInside('/', '/x.js', posix)).toBe(true);
  });

  it('does not count the root itself as a file inside it', () => {
    expect(isInside('C:\\app', 'C:\\app', win)).toBe(false);
    expect(isInside('C:\\app', 'C:\\app\\', win)).toBe(false);
  });
});

describe('resolveAppFile (the app:// protocol handler)', () => {
  const root = 'C:\\Program Files\\Mot Cua Desk\\resources\\app.asar\\dist\\renderer';

  it('maps ordinary requests under the root', () => {
    expect(resolveAppFile(root, 'app://motcua/index.html', win)).toBe(`${root}\\index.html`);
    expect(resolveAppFile(root, 'app://motcua/assets/index-abc.js?v=1#x', win)).toBe(`${root}\\assets\\index-abc.js`);
    expect(resolveAppFile('/opt/app/renderer', 'app://motcua/assets/T%C3%AAn.png', posix)).toBe('/opt/app/renderer/assets/Tên.png');
  });

  it('refuses ../ in every spelling', () => {
    for (const url of [
      'app://motcua/..%2F..%2Fsecret.txt', // encoded slash survives URL parsing
      'app://motcua/assets/..%2F..%2F..%2Fsecret.txt',
      'app://motcua/..%5C..%5Csecret.txt', // encoded backslash: a separator on Windows
      'app://motcua/%2e%2e%5c%2e%2e%5csecret.txt',
    ]) expect(resolveAppFile(root, url, win), url).toBeNull();
    expect(resolveAppFile('/opt/app/renderer', 'app://motcua/..%2F..%2Fetc/passwd', posix)).toBeNull();
  });

  it('refuses a prefix-sibling folder reached through an encoded ..\\', () => {
    const r = 'C:\\app';
    const url = 'app://motcua/..%5Capp-evil%5Cpayload.js';
    // What the old handler computed, and why it let it through:
    const old = win.normalize(win.join(r, decodeURIComponent(new URL(url).pathname)));
    expect(old).toBe('C:\\app-evil\\payload.js');
    expect(old.startsWith(r)).toBe(true); // old: passes
    expect(resolveAppFile(r, url, win)).toBeNull();
    expect(resolveAppFile('C:\\app\\', url, win)).toBeNull();
  });

  it('keeps a decoded drive letter or UNC path relative to the root', () => {
    expect(resolveAppFile('C:\\app', 'app://motcua/C:%5CWindows%5Cwin.ini', win)).toBe('C:\\app\\C:\\Windows\\win.ini');
    expect(resolveAppFile('C:\\app', 'app://motcua/%5C%5Cserver%5Cshare%5Cx', win)).toBe('C:\\app\\server\\share\\x');
  });

  it('refuses malformed escapes, NUL, the root folder itself and other origins', () => {
    expect(resolveAppFile(root, 'app://motcua/%E0%A4%A', win)).toBeNull();
    expect(resolveAppFile(root, 'app://motcua/index.html%00.png', win)).toBeNull();
    expect(resolveAppFile(root, 'app://motcua/', win)).toBeNull();
    expect(resolveAppFile(root, 'app://motcua.evil/index.html', win)).toBeNull();
    expect(resolveAppFile(root, 'not a url', win)).toBeNull();
  });
});
