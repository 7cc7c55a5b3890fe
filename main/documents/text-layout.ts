// Word wrapping of styled runs. Vietnamese is written with spaces between syllables, so lines break at
// spaces; a single token wider than the line (a long URL or code) is broken after a hyphen or slash, else
// between characters, so that nothing ever runs past the margin. Widths come from the embedded font (see Measure).
import type { FontStyle, Run } from './rich-text';

export type Measure = (text: string, style: FontStyle) => number;

export interface LinePiece {
  text: string;
  style: FontStyle;
  /** Offset from the line's start. */
  x: number;
}

export interface Line {
  pieces: LinePiece[];
  width: number;
}

interface Fragment {
  text: string;
  style: FontStyle;
}
type Word = Fragment[];

/** Splits runs into paragraphs (on '\n') of words; fragments of different styles without a space between
 * them stay one word (e.g. a bold name followed by a comma). */
function toParagraphs(runs: Run[]): Word[][] {
  const paragraphs: Word[][] = [[]];
  let word: Word = [];
  const endWord = () => {
    if (word.length) paragraphs[paragraphs.length - 1].push(word);
    word = [];
  };
  for (const run of runs) {
    // NFC: one precomposed glyph per Vietnamese letter (the fonts are shaped without mark positioning).
    for (const part of run.text.normalize('NFC').split(/(\n|[^\S\n]+)/)) {
      if (part === '') continue;
      if (part === '\n') {
        endWord();
        paragraphs.push([]);
      } else if (/^\s+$/.test(part)) endWord();
      else word.push({ text: part, style: run.style });
    }
  }
  endWord();
  return paragraphs;
}

function wordWidth(word: Word, measure: Measure): number {
  return word.reduce((w, f) => w + measure(f.text, f.style), 0);
}

/** Breaks a word into pieces that fit, character by character. */
function breakChars(word: Word, maxWidth: number, measure: Measure): Word[] {
  const parts: Word[] = [];
  let current: Word = [];
  let width = 0;
  for (const frag of word) {
    for (const ch of Array.from(frag.text)) {
      const w = measure(ch, frag.style);
      if (width + w > maxWidth && current.length) {
        parts.push(current);
        current = [];
        width = 0;
      }
      append(current, { text: ch, style: frag.style });
      width += w;
    }
  }
  if (current.length) parts.push(current);
  return parts;
}

function append(word: Word, frag: Fragment): void {
  const last = word[word.length - 1];
  if (last && last.style === frag.style) last.text += frag.text;
  else word.push({ ...frag });
}

/** The word cut after each hyphen or slash, the places a long code reads best broken at. */
function hyphenSegments(word: Word): Word[] {
  const segments: Word[] = [[]];
  for (const frag of word) {
    for (const piece of frag.text.split(/(?<=[-/])/)) {
      if (!piece) continue;
      append(segments[segments.length - 1], { text: piece, style: frag.style });
      if (/[-/]$/.test(piece)) segments.push([]);
    }
  }
  return segments.filter((s) => s.length);
}

/**
 * Breaks a word wider than the line into pieces that fit: after a hyphen or slash where it can (a dossier
 * number "000.00.13.H42-261128-0001" in a narrow column keeps its groups), else between characters.
 */
function breakWord(word: Word, maxWidth: number, measure: Measure): Word[] {
  const parts: Word[] = [];
  let current: Word = [];
  let width = 0;
  for (const segment of hyphenSegments(word)) {
    const w = wordWidth(segment, measure);
    if (width + w <= maxWidth) {
      for (const f of segment) append(current, f);
      width += w;
      continue;
    }
    if (current.length) parts.push(current);
    current = [];
    width = 0;
    const pieces = w <= maxWidth ? [segment] : breakChars(segment, maxWidth, measure);
    parts.push(...pieces.slice(0, -1));
    current = pieces[pieces.length - 1] ?? [];
    width = wordWidth(current, measure);
  }
  if (current.length) parts.push(current);
  return parts;
}

function buildLine(words: Word[], measure: Measure): Line {
  const pieces: LinePiece[] = [];
  words.forEach((word, i) => {
    word.forEach((frag, j) => {
      const text = i > 0 && j === 0 ? ` ${frag.text}` : frag.text;
      const last = pieces[pieces.length - 1];
      if (last && last.style === frag.style) last.text += text;
      else pieces.push({ text, style: frag.style, x: 0 });
    });
  });
  // Offsets from the merged texts: each piece is drawn with one text operation.
  let offset = 0;
  for (const p of pieces) {
    p.x = offset;
    offset += measure(p.text, p.style);
  }
  return { pieces, width: offset };
}

/** Greedy line breaking of `runs` into lines no wider than `maxWidth`. An empty input gives no line. */
export function wrapRuns(runs: Run[], maxWidth: number, measure: Measure): Line[] {
  const lines: Line[] = [];
  for (const paragraph of toParagraphs(runs)) {
    let current: Word[] = [];
    let width = 0;
    const flush = () => {
      if (current.length) lines.push(buildLine(current, measure));
      current = [];
      width = 0;
    };
    for (const word of paragraph) {
      const w = wordWidth(word, measure);
      const space = current.length ? measure(' ', word[0].style) : 0;
      if (width + space + w <= maxWidth) {
        current.push(word);
        width += space + w;
        continue;
      }
      flush();
      if (w <= maxWidth) {
        current.push(word);
        width = w;
        continue;
      }
      const parts = breakWord(word, maxWidth, measure);
      for (const part of parts.slice(0, -1)) lines.push(buildLine([part], measure));
      const tail = parts[parts.length - 1];
      current = [tail];
      width = wordWidth(tail, measure);
    }
    flush();
  }
  return lines;
}
