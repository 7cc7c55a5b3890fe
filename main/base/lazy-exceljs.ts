// exceljs is loaded on the first workbook, not when the core starts: a static import put it (with its zip and
// XML dependencies) into every core's start-up — about 28 MB resident and a noticeable part of the start-up
// time at the counter — for a file the office asks for a few times a month (issue 12, target 4).
import type ExcelJSModule from 'exceljs';

let loading: Promise<typeof ExcelJSModule> | undefined;

/** The exceljs module, imported once on first use. */
export function loadExcel(): Promise<typeof ExcelJSModule> {
  loading ??= import('exceljs').then((m) => (m as unknown as { default?: typeof ExcelJSModule }).default ?? (m as unknown as typeof ExcelJSModule));
  return loading;
}
