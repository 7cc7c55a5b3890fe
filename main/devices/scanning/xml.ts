// A small, namespace-tolerant XML reader for eSCL documents (capabilities, status). Elements are matched by
// local name, since devices disagree on prefixes; no parser package is a declared dependency of the app.

export interface XmlElement {
  /** Local name, without the prefix ("ColorMode" for "scan:ColorMode"). */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[e] ?? all;
  });
}

const local = (qname: string) => qname.slice(qname.indexOf(':') + 1);

/** Parses a document; throws Error on malformed input (unclosed or mismatched tags). */
export function parseXml(input: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let i = 0;
  const n = input.length;
  while (i < n) {
    const lt = input.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) stack[stack.length - 1]!.text += decode(input.slice(i, textEnd));
    if (lt < 0) break;
    if (input.startsWith('<!--', lt)) {
      const end = input.indexOf('-->', lt + 4);
      if (end < 0) throw new Error('XML: unterminated comment');
      i = end + 3;
    } else if (input.startsWith('<![CDATA[', lt)) {
      const end = input.indexOf(']]>', lt + 9);
      if (end < 0) throw new Error('XML: unterminated CDATA');
      stack[stack.length - 1]!.text += input.slice(lt + 9, end);
      i = end + 3;
    } else if (input.startsWith('<?', lt) || input.startsWith('<!', lt)) {
      const end = input.indexOf('>', lt);
      if (end < 0) throw new Error('XML: unterminated declaration');
      i = end + 1;
    } else if (input.startsWith('</', lt)) {
      const end = input.indexOf('>', lt);
      if (end < 0) throw new Error('XML: unterminated end tag');
      const name = local(input.slice(lt + 2, end).trim());
      const open = stack.pop();
      if (!open || open === root || open.name !== name) throw new Error(`XML: unexpected </${name}>`);
      i = end + 1;
    } else {
      const m = /^<([\w.:-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(input.slice(lt, lt + 4096));
      if (!m) throw new Error(`XML: bad tag at ${lt}`);
      const attrs: Record<string, string> = {};
      for (const a of m[2]!.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]!] = decode(a[2] ?? a[3] ?? '');
      const el: XmlElement = { name: local(m[1]!), attrs, children: [], text: '' };
      stack[stack.length - 1]!.children.push(el);
      if (!m[3]) stack.push(el);
      i = lt + m[0].length;
    }
  }
  if (stack.length !== 1) throw new Error(`XML: <${stack[stack.length - 1]!.name}> not closed`);
  const top = root.children[0];
  if (!top) throw new Error('XML: empty document');
  return top;
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el?.children.filter((c) => c.name === name) ?? [];
}

/** Depth-first search for every element with this local name. */
export function findAll(el: XmlElement | undefined, name: string, out: XmlElement[] = []): XmlElement[] {
  if (!el) return out;
  for (const c of el.children) {
    if (c.name === name) out.push(c);
    findAll(c, name, out);
  }
  return out;
}

export function textOf(el: XmlElement | undefined, name: string): string | undefined {
  const c = child(el, name);
  return c ? c.text.trim() : undefined;
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
