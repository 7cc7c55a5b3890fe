// The civil-status event schemas and how to find the one that applies. Entry point of shared/civil-status:
// the types (./types), the shipped data (./schema-data), validation (./validate), the certificate's flat keys
// (./certificate-fields) and the marital-status confirmation's validity (./validity).
import { EVENT_SCHEMAS } from './schema-data';
import { EVENT_TYPES, type EventSchema, type EventType, type FieldDef } from './types';

export * from './types';
export { EVENT_SCHEMAS, CHANGE_KINDS } from './schema-data';

export const EVENT_TYPE_NAMES: Record<EventType, string> = {
  birth: 'Khai sinh', marriage: 'Kết hôn', death: 'Khai tử', 'marital-status': 'Xác nhận tình trạng hôn nhân',
  change: 'Thay đổi, cải chính, bổ sung', 'extract-copy': 'Bản sao trích lục',
};

export function isEventType(s: string): s is EventType {
  return (EVENT_TYPES as readonly string[]).includes(s);
}

/** Every version of a type, oldest first. */
export function schemaVersions(type: EventType, schemas: readonly EventSchema[] = EVENT_SCHEMAS): EventSchema[] {
  return schemas.filter((s) => s.type === type).sort((a, b) => a.version - b.version);
}

/** The exact version an entry was registered with; null when this build does not know it. */
export function schemaOf(type: EventType, version: number, schemas: readonly EventSchema[] = EVENT_SCHEMAS): EventSchema | null {
  return schemas.find((s) => s.type === type && s.version === version) ?? null;
}

/** The version in force on a Vietnam day ('YYYY-MM-DD'): the latest whose validFrom is on or before it. */
export function schemaOn(type: EventType, day: string, schemas: readonly EventSchema[] = EVENT_SCHEMAS): EventSchema {
  const versions = schemaVersions(type, schemas);
  const inForce = versions.filter((s) => s.validFrom <= day);
  const pick = inForce.at(-1) ?? versions[0];
  if (!pick) throw new Error(`no schema for ${type}`);
  return pick;
}

/** The event type a procedure's dossiers register (catalogue code '1.001193' → birth); null for others. */
export function eventTypeOfProcedure(code: string, schemas: readonly EventSchema[] = EVENT_SCHEMAS): EventType | null {
  const base = code.split('.').slice(0, 2).join('.');
  return schemas.find((s) => s.procedureCodes.includes(base))?.type ?? null;
}

export function fieldOf(schema: EventSchema, key: string): FieldDef | undefined {
  return schema.fields.find((f) => f.key === key);
}

/** A new entry's starting values: each field's default, '' otherwise. */
export function emptyFields(schema: EventSchema): Record<string, string> {
  return Object.fromEntries(schema.fields.map((f) => [f.key, f.defaultValue ?? '']));
}
