import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/server';

// main/services/civil-status/ is the one owner of the civil-status register's tables (civil_book, civil_entry,
// civil_entry_person, civil_copy_log): no other shipped file names them in SQL or uses their TypeORM entities;
// other parts (certificates on blanks, the screens) go through CivilStatusService. The entities' definition and
// the migrations are the exceptions; tests may read the tables to check what the owner wrote.
const OWNER = 'main/services/civil-status/';
const EXEMPT = [/^main\/persistence\/migrations\//, /^main\/persistence\/entities-civil-status\.ts$/, /^main\/persistence\/entities\.ts$/];
const SQL = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|EXISTS)\s+["'`[]?(civil_(?:book|entry|entry_person|copy_log))["'`\]]?(?![\w.])/gi;
const ENTITY = /\bCivil(?:Book|Entry|EntryPerson|CopyLog)Entity\b/g;
const stripComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

export function civilStatusViolations(file: string, code: string): string[] {
  if (file.startsWith(OWNER) || EXEMPT.some((e) => e.test(file))) return [];
  const text = stripComments(code);
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  return [
    ...[...text.matchAll(SQL)].map((m) => `${file}:${lineAt(m.index)}: SQL names ${m[1]}`),
    ...[...text.matchAll(ENTITY)].map((m) => `${file}:${lineAt(m.index)}: uses ${m[0]}`),
  ];
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(rel);
    return /\.(ts|tsx|mts|cts|js|mjs)$/.test(e.name) ? [rel] : [];
  });
}

describe('the civil-status register has one owner (main/services/civil-status)', () => {
  it('the check bites: its SQL and entities outside the owner are reported, inside it they are not', () => {
    const sql = "em.query(`SELECT e.state FROM civil_entry e\n LEFT JOIN civil_book b ON b.id = e.book_id`);\n";
    expect(civilStatusViolations('main/services/certificates/x.ts', sql)).toEqual([
      'main/services/certificates/x.ts:1: SQL names civil_entry', 'main/services/certificates/x.ts:2: SQL names civil_book',
    ]);
    expect(civilStatusViolations('main/core/y.ts', 'em.find(CivilEntryEntity, {})')).toEqual(['main/core/y.ts:1: uses CivilEntryEntity']);
    expect(civilStatusViolations('main/services/civil-status/books.ts', sql)).toEqual([]);
    expect(civilStatusViolations('main/services/x.ts', '// reads FROM civil_entry in a comment\n')).toEqual([]);
  });

  it('no shipped file outside the owner touches the tables', () => {
    const files = ['main', 'shared', 'renderer/src'].flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => civilStatusViolations(f, fs.readFileSync(path.join(ROOT, f), 'utf8')))).toEqual([]);
  });
});
