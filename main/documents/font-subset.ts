// TrueType subsetting from the font's own bytes, prepared once per face. fontkit's TTFSubset decodes every
// glyph's outline and re-encodes each table through restructure for every document (38 % of a slip's time);
// here a subset is the glyphs' byte slices copied behind a table directory written by hand. The output is
// byte for byte what fontkit writes for the same glyphs (tests/documents/font-subset.test.ts), so readers see
// exactly the font program they saw before: head, hhea, loca, maxp, cvt, prep, glyf, hmtx, fpgm (the tables
// ISO 32000 §9.9 asks of an embedded TrueType font).

interface Table { offset: number; length: number }

/** One face's tables and per-glyph data, read once. */
export class PreparedTrueType {
  private readonly view: DataView;
  private readonly tables = new Map<string, Table>();
  private readonly loca: number[];
  private readonly glyfOffset: number;
  private readonly numberOfMetrics: number;
  private readonly hmtxOffset: number;
  /** Per glyph: where its component glyph ids sit in its bytes (empty for a simple glyph); filled lazily. */
  private readonly components = new Map<number, { gid: number; pos: number }[]>();

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const numTables = this.view.getUint16(4);
    for (let i = 0; i < numTables; i++) {
      const at = 12 + i * 16;
      const tag = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
      this.tables.set(tag, { offset: this.view.getUint32(at + 8), length: this.view.getUint32(at + 12) });
    }
    const head = this.table('head');
    const numGlyphs = this.view.getUint16(this.table('maxp').offset + 4);
    const longLoca = this.view.getInt16(head.offset + 50) === 1;
    const loca = this.table('loca');
    this.loca = Array.from({ length: numGlyphs + 1 }, (_, i) =>
      longLoca ? this.view.getUint32(loca.offset + i * 4) : this.view.getUint16(loca.offset + i * 2) * 2);
    this.glyfOffset = this.table('glyf').offset;
    this.numberOfMetrics = this.view.getUint16(this.table('hhea').offset + 34);
    this.hmtxOffset = this.table('hmtx').offset;
  }

  private table(tag: string): Table {
    const t = this.tables.get(tag);
    if (!t) throw new Error(`TrueType font without a ${tag} table`);
    return t;
  }

  private raw(tag: string): Uint8Array | undefined {
    const t = this.tables.get(tag);
    return t && this.bytes.subarray(t.offset, t.offset + t.length);
  }

  glyphBytes(gid: number): Uint8Array {
    return this.bytes.subarray(this.glyfOffset + this.loca[gid]!, this.glyfOffset + this.loca[gid + 1]!);
  }

  /** Component glyph ids of a compound glyph and the byte position of each id in the glyph's data. */
  componentsOf(gid: number): { gid: number; pos: number }[] {
    let list = this.components.get(gid);
    if (list) return list;
    list = [];
    const g = this.glyphBytes(gid);
    if (g.length >= 10) {
      const v = new DataView(g.buffer, g.byteOffset, g.byteLength);
      if (v.getInt16(0) < 0) {
        let pos = 10;
        let flags: number;
        do {
          flags = v.getUint16(pos);
          list.push({ gid: v.getUint16(pos + 2), pos: pos + 2 });
          pos += 4 + (flags & 0x0001 ? 4 : 2); // ARG_1_AND_2_ARE_WORDS
          if (flags & 0x0008) pos += 2; // WE_HAVE_A_SCALE
          else if (flags & 0x0040) pos += 4; // WE_HAVE_AN_X_AND_Y_SCALE
          else if (flags & 0x0080) pos += 8; // WE_HAVE_A_TWO_BY_TWO
        } while (flags & 0x0020); // MORE_COMPONENTS
      }
    }
    this.components.set(gid, list);
    return list;
  }

  /** Advance width and left side bearing from hmtx (the last advance repeats past numberOfMetrics). */
  metrics(gid: number): { advance: number; bearing: number } {
    const n = this.numberOfMetrics;
    if (gid < n) return { advance: this.view.getUint16(this.hmtxOffset + gid * 4), bearing: this.view.getInt16(this.hmtxOffset + gid * 4 + 2) };
    return { advance: this.view.getUint16(this.hmtxOffset + (n - 1) * 4), bearing: this.view.getInt16(this.hmtxOffset + n * 4 + (gid - n) * 2) };
  }

  /** The font program of `subset` (glyph ids in subset order, .notdef first). */
  encode(glyphIds: readonly number[]): Uint8Array {
    const order = [...glyphIds];
    const index = new Map(order.map((g, i) => [g, i]));
    const include = (g: number) => {
      let i = index.get(g);
      if (i === undefined) {
        i = order.length;
        order.push(g);
        index.set(g, i);
      }
      return i;
    };
    const glyf: Uint8Array[] = [];
    const offsets: number[] = [];
    let offset = 0;
    // The list grows while compound glyphs pull in their components (as fontkit does, in the same order).
    for (let i = 0; i < order.length; i++) {
      let data = this.glyphBytes(order[i]!);
      const parts = this.componentsOf(order[i]!);
      if (parts.length) {
        data = data.slice();
        const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
        for (const c of parts) v.setUint16(c.pos, include(c.gid));
      }
      glyf.push(data);
      offsets.push(offset);
      offset += data.length;
    }
    offsets.push(offset);
    const shortLoca = offsets[offsets.length - 1]! <= 0xffff;

    const head = this.raw('head')!.slice();
    new DataView(head.buffer).setInt16(50, shortLoca ? 0 : 1);
    const hhea = this.raw('hhea')!.slice();
    new DataView(hhea.buffer).setUint16(34, order.length);
    const maxp = this.raw('maxp')!.slice();
    new DataView(maxp.buffer).setUint16(4, order.length);
    const loca = new Uint8Array(offsets.length * (shortLoca ? 2 : 4));
    const lv = new DataView(loca.buffer);
    offsets.forEach((o, i) => (shortLoca ? lv.setUint16(i * 2, o >>> 1) : lv.setUint32(i * 4, o)));
    const hmtx = new Uint8Array(order.length * 4);
    const hv = new DataView(hmtx.buffer);
    order.forEach((g, i) => {
      const m = this.metrics(g);
      hv.setUint16(i * 4, m.advance);
      hv.setInt16(i * 4 + 2, m.bearing);
    });

    const tables: [string, Uint8Array | Uint8Array[] | undefined][] = [
      ['head', head], ['hhea', hhea], ['loca', loca], ['maxp', maxp], ['cvt ', this.raw('cvt ')],
      ['prep', this.raw('prep')], ['glyf', glyf], ['hmtx', hmtx], ['fpgm', this.raw('fpgm')],
    ];
    const present = tables.filter((t): t is [string, Uint8Array | Uint8Array[]] => t[1] !== undefined);
    const lengthOf = (d: Uint8Array | Uint8Array[]) => (Array.isArray(d) ? d.reduce((n, p) => n + p.length, 0) : d.length);
    const headerSize = 12 + present.length * 16;
    const out = new Uint8Array(headerSize + present.reduce((n, [, d]) => n + lengthOf(d), 0));
    const ov = new DataView(out.buffer);
    // sfnt header as fontkit writes it: version tag 'true', then the binary-search fields.
    out.set([0x74, 0x72, 0x75, 0x65], 0);
    const power = 2 ** Math.floor(Math.log2(present.length));
    ov.setUint16(4, present.length);
    ov.setUint16(6, power * 16);
    ov.setUint16(8, Math.log2(power));
    ov.setUint16(10, present.length * 16 - power * 16);
    let at = headerSize;
    present.forEach(([tag, data], i) => {
      const entry = 12 + i * 16;
      for (let k = 0; k < 4; k++) out[entry + k] = tag.charCodeAt(k);
      ov.setUint32(entry + 4, 0); // fontkit leaves the checksums at 0; PDF readers do not check them
      ov.setUint32(entry + 8, at);
      ov.setUint32(entry + 12, lengthOf(data));
      for (const part of Array.isArray(data) ? data : [data]) {
        out.set(part, at);
        at += part.length;
      }
    });
    return out;
  }
}
