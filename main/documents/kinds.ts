// Which form each stored document kind is, without loading the renderer (pdf-lib and fontkit load lazily).
import type { Form01Data, Form02Data, Form03Data, Form04Data, Form05Data, Form06Data, Form07Data, FormKind } from './types';

/** A form and its data: what DocumentService stores (payload_json) and FormRenderer renders. */
export type FormPayload =
  | { kind: 'form01'; data: Form01Data }
  | { kind: 'form02'; data: Form02Data }
  | { kind: 'form03'; data: Form03Data }
  | { kind: 'form04'; data: Form04Data }
  | { kind: 'form05'; data: Form05Data }
  | { kind: 'form06'; data: Form06Data }
  | { kind: 'form07'; data: Form07Data };
export type FormPayloadKind = FormPayload['kind'];

/** The template kind of each document kind. */
export const FORM_OF_KIND = {
  form01: '01', form02: '02', form03: '03', form04: '04', form05: '05', form06: '06', form07: '07',
} as const satisfies Record<FormPayloadKind, FormKind>;

export const isFormKind = (kind: string): kind is FormPayloadKind => Object.hasOwn(FORM_OF_KIND, kind);
