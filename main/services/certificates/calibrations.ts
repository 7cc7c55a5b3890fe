// Each printer's calibration offset (mm), the one owner of printer_calibration. A printer never calibrated
// prints at the template's positions (0, 0). Names are kept as the spooler lists them (CUPS: case-insensitive).
import type { CalibrationOffset } from '../../../shared/certificates/template';
import type { Database } from '../../persistence/database';
import { writeAudit } from '../audit';

export interface Calibration extends CalibrationOffset {
  printer: string;
  updatedAt: string | null;
  updatedBy: string | null;
}

interface Row { printer: string; offset_x: number; offset_y: number; updated_at: string; updated_by: string; user_name: string | null }

const toCalibration = (r: Row): Calibration => ({ printer: r.printer, x: r.offset_x, y: r.offset_y, updatedAt: r.updated_at, updatedBy: r.user_name ?? r.updated_by });

const SELECT = `SELECT c.*, u.full_name AS user_name FROM printer_calibration c LEFT JOIN app_user u ON u.id = c.updated_by`;

export class Calibrations {
  constructor(private readonly db: Database) {}

  async list(): Promise<Calibration[]> {
    const rows = (await this.db.read((em) => em.query(`${SELECT} ORDER BY c.printer`))) as Row[];
    return rows.map(toCalibration);
  }

  async get(printer: string): Promise<Calibration> {
    const rows = (await this.db.read((em) => em.query(`${SELECT} WHERE c.printer = ? COLLATE NOCASE`, [printer]))) as Row[];
    return rows[0] ? toCalibration(rows[0]) : { printer, x: 0, y: 0, updatedAt: null, updatedBy: null };
  }

  async set(printer: string, offset: CalibrationOffset, userId: string, at: Date): Promise<Calibration> {
    // Tenths of a millimetre: what a ruler reads; more digits would be noise.
    const x = Math.round(offset.x * 10) / 10 || 0;
    const y = Math.round(offset.y * 10) / 10 || 0;
    await this.db.write(async (em) => {
      const before = (await em.query(`SELECT printer, offset_x, offset_y FROM printer_calibration WHERE printer = ? COLLATE NOCASE`, [printer])) as
        { printer: string; offset_x: number; offset_y: number }[];
      if (before[0]) await em.query(`DELETE FROM printer_calibration WHERE printer = ?`, [before[0].printer]);
      await em.query(`INSERT INTO printer_calibration (printer, offset_x, offset_y, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)`,
        [printer, x, y, at.toISOString(), userId]);
      await writeAudit(em, {
        at, userId, action: 'printer-calibration.set', entity: 'printer_calibration', entityId: printer,
        before: before[0] ? { x: before[0].offset_x, y: before[0].offset_y } : undefined, after: { x, y },
      });
    });
    return this.get(printer);
  }
}
