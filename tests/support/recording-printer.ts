// Test double for the printer interface (lives in tests/, never in shipped code paths).
import fs from 'node:fs';
import { PrintError, type PrinterDriver, type PrinterInfo, type PrintOutcome, type PrintRequest } from '../../main/devices/printing';

export class RecordingPrinter implements PrinterDriver {
  readonly kind = 'recording';
  jobs: (PrintRequest & { bytes: number })[] = [];
  failWith: PrintError | null = null;

  async listPrinters(): Promise<PrinterInfo[]> {
    return [{ name: 'Test-A4', isDefault: true, state: 'idle' }];
  }

  async print(req: PrintRequest): Promise<PrintOutcome> {
    if (this.failWith) throw this.failWith;
    this.jobs.push({ ...req, bytes: fs.statSync(req.filePath).size });
    return { printer: req.printer ?? 'Test-A4', jobId: `job-${this.jobs.length}` };
  }
}
