import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/server';

// main/sync/outbox/ is the one owner of the outbox table: no other shipped file names the table in SQL or
// reaches it through its TypeORM entity. Migrations (the schema's history) and the entity's own definition
// are the only exceptions. Tests may read the table directly: they check what the owner wrote.
const OWNER = 'main/sync/outbox/';
const EXEMPT = [/^main\/persistence\/migrations\//];
const ENTITY_HOME = 'main/persistence/entities.ts';

const SQL_NAMING_OUTBOX = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|EXISTS)\s+["'`[]?outbox["'`\]]?(?![\w.])/gi;
const ENTITY_USE = /\bOutboxEntity\b|getRepository\(\s*['"`]Outbox['"`]/g;

/** Comments may talk about the outbox; only code counts. */
const stripComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

export function outboxViolations(file: string, code: string): string[] {
  if (file.startsWith(OWNER) || EXEMPT.some((e) => e.test(file))) return [];
  const text = stripComments(code);
  // Over the whole text: a statement may put its keyword and the table name on two lines.
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const problems = [...text.matchAll(SQL_NAMING_OUTBOX)].map((m) => `${file}:${lineAt(m.index)}: SQL names the outbox table`);
  if (file !== ENTITY_HOME) problems.push(...[...text.matchAll(ENTITY_USE)].map((m) => `${file}:${lineAt(m.index)}: uses OutboxEntity`));
  return problems;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(rel);
    return /\.(ts|tsx|mts|cts|js|mjs)$/.test(e.name) ? [rel] : [];
  });
}

describe('the outbox has one owner (main/sync/outbox)', () => {
  it('the check bites: outbox SQL and the entity outside the owner are reported, inside it they are not', () => {
    const sql = "db.raw.prepare(`UPDATE outbox SET next_attempt_at = NULL WHERE seq = ?`).run(1);\n";
    expect(outboxViolations('main/services/x.ts', sql)).toEqual(['main/services/x.ts:1: SQL names the outbox table']);
    expect(outboxViolations('main/sync/x.ts', "raw.prepare(`SELECT count(*) FROM\n  outbox o WHERE o.state = 'pending'`)")).toHaveLength(1);
    expect(outboxViolations('main/sync/x.ts', "q(`INSERT INTO outbox (seq) VALUES (1)`)")).toHaveLength(1);
    expect(outboxViolations('main/core/x.ts', "import { OutboxEntity } from '../persistence/entities';\n")).toEqual(['main/core/x.ts:1: uses OutboxEntity']);
    expect(outboxViolations('main/services/x.ts', "em.getRepository('Outbox').find();")).toHaveLength(1);
    expect(outboxViolations('main/sync/outbox/store.ts', sql)).toEqual([]);
    expect(outboxViolations('main/persistence/migrations/0009-x.ts', sql)).toEqual([]);
    // Words, comments and other tables are not SQL on the outbox.
    expect(outboxViolations('main/services/x.ts', "// UPDATE outbox SET … (moved to the owner)\nconst entity = 'outbox'; q(`SELECT * FROM outbox_archive`);\n")).toEqual([]);
  });

  it('no shipped file outside main/sync/outbox/ names the outbox in SQL or imports OutboxEntity', () => {
    const files = ['main', 'shared', 'renderer'].flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => outboxViolations(f, fs.readFileSync(path.join(ROOT, f), 'utf8')))).toEqual([]);
  });
});
