import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the shipped data (catalogue, calendar schedules, fonts, templates) lives: an explicit option,
 * MOTCUA_ASSETS_DIR, or the nearest `assets/` folder above this file (source tree or dist/ bundle).
 */
export function findAssetsDir(explicit?: string): string {
  if (explicit) return explicit;
  if (process.env.MOTCUA_ASSETS_DIR) return process.env.MOTCUA_ASSETS_DIR;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'assets');
    if (fs.existsSync(path.join(candidate, 'catalogue'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('Không tìm thấy thư mục assets/ của ứng dụng (đặt MOTCUA_ASSETS_DIR).');
}

export function readJsonAsset<T>(assetsDir: string, relative: string): T {
  return JSON.parse(fs.readFileSync(path.join(assetsDir, relative), 'utf8')) as T;
}
