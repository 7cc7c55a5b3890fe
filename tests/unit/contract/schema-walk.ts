// Walks a method's input schema of the contract: a value of its shape and its leaves, each with its kind
// (the contract's date, instant and free-text schemas are recognised by identity and registry description).
import type { z } from 'zod';
import { calendarDate, FREE_TEXT_META, instant } from '../../../shared/contract';

export type Schema = z.ZodType & { _zod: { def: Record<string, any> } };
export type Kind = 'date' | 'instant' | 'free-text' | 'string' | 'number' | 'boolean' | 'other';
export interface Leaf { path: (string | number)[]; kind: Kind }

const kindOf = (s: Schema): Kind | null => {
  if (s === (calendarDate as unknown)) return 'date';
  if (s === (instant as unknown)) return 'instant';
  if (s.description === FREE_TEXT_META) return 'free-text';
  return null;
};

/** A value of the schema's shape (not necessarily valid) and the leaves under it. */
export function template(s: Schema, path: (string | number)[], leaves: Leaf[]): unknown {
  const own = kindOf(s);
  if (own) {
    leaves.push({ path, kind: own });
    return own === 'date' ? '2026-11-27' : own === 'instant' ? '2026-11-27T09:00:00+07:00' : 'Nguyễn Văn An';
  }
  const d = s._zod.def;
  switch (d.type) {
    case 'object': return Object.fromEntries(Object.entries(d.shape).map(([k, v]) => [k, template(v as Schema, [...path, k], leaves)]));
    case 'optional': case 'default': case 'nullable': case 'prefault': return template(d.innerType, path, leaves);
    case 'pipe': return template(d.in, path, leaves);
    case 'array': return [template(d.element, [...path, 0], leaves)];
    case 'record': return { k: template(d.valueType, [...path, 'k'], leaves) };
    case 'union': return template(d.options[0], path, leaves);
    case 'enum': leaves.push({ path, kind: 'other' }); return Object.values(d.entries)[0];
    case 'literal': return d.values[0];
    case 'string': leaves.push({ path, kind: 'string' }); return 'x';
    case 'number': leaves.push({ path, kind: 'number' }); return 1;
    case 'boolean': leaves.push({ path, kind: 'boolean' }); return false;
    default: return undefined;
  }
}

