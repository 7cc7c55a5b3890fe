import type { MigrationInterface, QueryRunner } from 'typeorm';

// Words inside digitized documents (OCR text), folded like the dossier search keys (no tones, đ→d) by
// the application before they are stored: SQLite's tokenizer cannot fold đ.
export class DocumentText1764300000004 implements MigrationInterface {
  name = 'DocumentText1764300000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE VIRTUAL TABLE document_text_fts USING fts5(text, dossier_id UNINDEXED, file_id UNINDEXED, tokenize='unicode61', prefix='2 3')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS document_text_fts');
  }
}
