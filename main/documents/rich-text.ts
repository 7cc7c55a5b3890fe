// Template markup → styled runs. Markup is parsed before variables are substituted, so a value that
// contains '*' or '_' (an e-mail address, a file name) is printed literally.

export type FontStyle = 'regular' | 'bold' | 'italic';

export interface Run {
  text: string;
  style: FontStyle;
}

/**
 * Variables of one form. `undefined` = not known → printed as the blank filler (to fill by hand);
 * '' = deliberately nothing (e.g. no provisional mark).
 */
export type Vars = Record<string, string | undefined>;

const TOKEN = /(\*\*|_|\{[A-Za-z][A-Za-z0-9]*\})/;

function valueOf(vars: Vars, name: string): string | undefined {
  if (!(name in vars)) throw new Error(`Unknown template variable {${name}}`);
  return vars[name];
}

export function isFilled(vars: Vars, name: string): boolean {
  return (valueOf(vars, name) ?? '').trim() !== '';
}

/** '' and whitespace-only become undefined, so a missing field prints as the blank filler. */
export function orBlank(value: string | undefined | null): string | undefined {
  return value && value.trim() ? value.trim() : undefined;
}

/** Substitutes {variables} in plain text (no markup): used for metadata and fragments. */
export function fillPlain(template: string, vars: Vars, blank: string): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_m, name: string) => valueOf(vars, name) ?? blank);
}

/** Parses **bold**, _italic_ and {variable}; an undefined value becomes `blank` in regular style. */
export function toRuns(template: string, vars: Vars, blank: string): Run[] {
  const runs: Run[] = [];
  let bold = false;
  let italic = false;
  const style = (): FontStyle => (bold ? 'bold' : italic ? 'italic' : 'regular');
  const push = (text: string, s: FontStyle) => {
    if (!text) return;
    const last = runs[runs.length - 1];
    if (last && last.style === s) last.text += text;
    else runs.push({ text, style: s });
  };
  for (const part of template.split(TOKEN)) {
    if (part === '**') bold = !bold;
    else if (part === '_') italic = !italic;
    else if (part.startsWith('{') && part.endsWith('}') && TOKEN.test(part)) {
      const value = valueOf(vars, part.slice(1, -1));
      if (value === undefined) push(blank, 'regular');
      else push(value.normalize('NFC'), style());
    } else push(part.normalize('NFC'), style());
  }
  return runs;
}

/** True when the runs hold nothing but whitespace (e.g. an empty optional mark). */
export function isBlankRuns(runs: Run[]): boolean {
  return runs.every((r) => r.text.trim() === '');
}
