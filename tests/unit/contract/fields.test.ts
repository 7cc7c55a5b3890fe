// The class, not the examples: every date or instant field of every method's input uses THE date or instant
// schema, and every field of free text (names, addresses, notes, reasons…) THE text schema. A method added
// later with a plain z.string() date or name fails here.
import { describe, expect, it } from 'vitest';
import { api, METHOD_NAMES } from '../../../shared/contract';
import { template, type Leaf, type Schema } from './schema-walk';

const DATE_LIKE = /(date|At|^day|^on|validFrom|validTo)$/i;
const FREE_TEXT_LIKE = /(name|fullName|address|note|reason|sector|place|governingBody|officeName|title|description|query)$/i;

// Strings that look like dates or names but are not: each with the reason.
const NOT_DATES = new Set([
  'calendar.removeOverride date', // the key of a stored row, possibly a bad one an older version stored, to delete it
]);
const NOT_FREE_TEXT = new Set([
  'scanning.importFiles uploads.0.name', // a file's name on the clerk's PC, only used to tell PDF from image
  'sync.setConfig username', // an account name at the province's system, sent as is
  'sync.testConnection username', // the same account name, tried before it is saved
  'scanning.testEscl address', // a scanner's network address, checked by the core as an address
]);

const leavesOf = (method: keyof typeof api) => {
  const leaves: Leaf[] = [];
  template(api[method].input as Schema, [], leaves);
  return leaves.map((l) => ({ ...l, key: String(l.path.at(-1) ?? ''), where: `${method} ${l.path.join('.')}` }));
};

describe('date, instant and free-text fields of the contract', () => {
  it('every date-like field uses calendarDate or instant', () => {
    const wrong = METHOD_NAMES.flatMap(leavesOf)
      .filter((l) => l.kind === 'string' && DATE_LIKE.test(l.key) && !NOT_DATES.has(l.where)).map((l) => l.where);
    expect(wrong).toEqual([]);
  });

  it('every free-text field uses the text policy', () => {
    const wrong = METHOD_NAMES.flatMap(leavesOf)
      .filter((l) => l.kind === 'string' && FREE_TEXT_LIKE.test(l.key) && !NOT_FREE_TEXT.has(l.where)).map((l) => l.where);
    expect(wrong).toEqual([]);
  });

  it('the allow-lists name fields that exist', () => {
    const all = new Set(METHOD_NAMES.flatMap(leavesOf).map((l) => l.where));
    for (const where of [...NOT_DATES, ...NOT_FREE_TEXT]) expect(all.has(where), where).toBe(true);
  });
});
