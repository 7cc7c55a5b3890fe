// After a save is refused, focus goes to the FIRST field with a problem in the order the form shows them,
// whatever order the messages came in (the core's, or a check's), so the clerk reads and fixes top-down.
// Every form uses this: field paths ('office.agencyCode', 'results.0.code') are resolved to the controls of
// the form, and controls the form marks invalid count too.
import { useLayoutEffect, useRef, type RefObject } from 'react';
import { focusWhenReady } from './focus';
import { revealElement } from './reveal';

/** Messages by field path, or just the paths. */
export type ErrorFields = Readonly<Record<string, unknown>> | readonly string[];

const CONTROL = 'input:not([type="hidden"]), select, textarea, button, [tabindex]:not([tabindex="-1"])';

interface Options {
  /** The id of a path's control, for forms whose ids do not follow the path (e.g. 'workingHours.intervals.0' → 'office-hours-0'). */
  idOf?: (path: string) => string | undefined;
  /**
   * Count the controls the form marks invalid as well (default). Off for a call made before the messages are
   * on screen (the marks then are the previous ones).
   */
  marked?: boolean;
}

/**
 * The control a field path names inside `scope`: an element marked data-field="path" (the control itself, or
 * the wrapper of a Field) or name="path", the id `idOf` gives, the id made of the path ('applicant.fullName'
 * → 'applicant-fullName'); else the nearest parent path's ('results.0.code' → 'results.0' → 'results').
 */
export function controlForField(scope: ParentNode, path: string, opts: Options = {}): HTMLElement | null {
  for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const marked = scope.querySelector<HTMLElement>(`[data-field="${CSS.escape(p)}"], [name="${CSS.escape(p)}"]`);
    const byId = [opts.idOf?.(p), p.replace(/\./g, '-')].map((i) => (i ? document.getElementById(i) : null))
      .find((el) => el && (scope as Node).contains(el));
    const control = toControl(marked) ?? toControl(byId ?? null);
    if (control) return control;
  }
  return null;
}

function toControl(el: HTMLElement | null): HTMLElement | null {
  if (!el) return null;
  return el.matches(CONTROL) ? el : el.querySelector<HTMLElement>(CONTROL);
}

/** Controls the form shows as invalid: aria-invalid, or inside a Field showing an error. */
function markedInvalid(form: HTMLElement): HTMLElement[] {
  const out: HTMLElement[] = [];
  form.querySelectorAll<HTMLElement>('[aria-invalid="true"], .has-error').forEach((el) => {
    const c = toControl(el);
    if (c) out.push(c);
  });
  return out;
}

/** The first control with a problem, in the order of the form on screen (null: none). */
export function firstErrorControl(form: HTMLElement | null, fields: ErrorFields, opts: Options = {}): HTMLElement | null {
  if (!form) return null;
  const paths = Array.isArray(fields) ? fields as readonly string[] : Object.keys(fields);
  if (!paths.length) return null;
  const candidates = [...paths.map((p) => controlForField(form, p, opts)), ...(opts.marked === false ? [] : markedInvalid(form))]
    .filter((el): el is HTMLElement => !!el && el.getClientRects().length > 0);
  candidates.sort((a, b) => (a === b ? 0 : a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  return candidates[0] ?? null;
}

/**
 * Moves focus to the first control with a problem and brings it, with its message, into view. A control
 * that cannot take focus yet (locked while a save runs) gets it when it can, keys typed meanwhile included.
 * Without any such control the form's error message takes focus, so it is read. Returns the control.
 */
export function focusFirstError(form: HTMLElement | null, fields: ErrorFields, opts: Options = {}): HTMLElement | null {
  const target = firstErrorControl(form, fields, opts) ?? errorNotice(form, fields);
  if (!target) return null;
  focusWhenReady(() => target);
  if (document.activeElement === target) revealElement(target);
  return target;
}

function errorNotice(form: HTMLElement | null, fields: ErrorFields): HTMLElement | null {
  const paths = Array.isArray(fields) ? fields : Object.keys(fields);
  if (!form || !paths.length) return null;
  const notice = form.querySelector<HTMLElement>('.notice-error, [role="alert"]');
  if (notice && !notice.hasAttribute('tabindex')) notice.tabIndex = -1;
  return notice;
}

/**
 * For forms that keep their messages in React state: call `focusErrors(errors)` right after setting them;
 * focus moves once they are on screen (the render that shows them), so controls marked invalid count too.
 */
export function useFocusFirstError<T extends HTMLElement = HTMLFormElement>(opts: Options = {}): {
  formRef: RefObject<T | null>; focusErrors: (fields: ErrorFields) => void;
} {
  const formRef = useRef<T | null>(null);
  const pending = useRef<ErrorFields | null>(null);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const run = () => {
    const fields = pending.current;
    pending.current = null;
    if (fields) focusFirstError(formRef.current, fields, optsRef.current);
  };
  // After every commit: the one that shows the messages runs the pending move.
  useLayoutEffect(run);
  const focusErrors = (fields: ErrorFields) => {
    pending.current = fields;
    // Messages equal to those on screen cause no render: the move then runs on the next frame.
    requestAnimationFrame(run);
  };
  return { formRef, focusErrors };
}
