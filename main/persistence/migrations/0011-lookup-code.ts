import crypto from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The QR on the forms carried the citizen's ID number in its look-up URL (issue 8, item 15). A dossier now has
 * its own random look-up code (docs/lookup-code.md): 12 characters of Crockford's base32 alphabet, printed in
 * the QR as maTraCuu instead of the ID. Dossiers already stored get one here, so a reprint carries one too;
 * dossiers that arrive later from the portal get '' (the QR then has no code).
 */
export class LookupCode1764300000011 implements MigrationInterface {
  name = 'LookupCode1764300000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dossier ADD COLUMN lookup_code TEXT NOT NULL DEFAULT ''`);
    const ids = ((await q.query(`SELECT id FROM dossier`)) as { id: string }[]).map((r) => r.id);
    const taken = new Set<string>();
    for (const id of ids) {
      let code = randomCode();
      while (taken.has(code)) code = randomCode();
      taken.add(code);
      await q.query(`UPDATE dossier SET lookup_code = ? WHERE id = ?`, [code, id]);
    }
    await q.query(`CREATE UNIQUE INDEX dossier_lookup_code ON dossier(lookup_code) WHERE lookup_code <> ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS dossier_lookup_code`);
    await q.query(`ALTER TABLE dossier DROP COLUMN lookup_code`);
  }
}

// The same alphabet and length as services/lookup-code.ts (a migration stands below the services).
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function randomCode(): string {
  return Array.from(crypto.randomBytes(12), (b) => ALPHABET[b & 31]).join('');
}
