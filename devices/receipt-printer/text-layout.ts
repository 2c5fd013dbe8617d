// Column arithmetic for receipt text. In Chinese (GB18030) mode a printer prints every multi-byte
// character as a full-width glyph (two columns) and every single-byte one (ASCII) as half-width, so
// the width of a character is known from its encoding: below U+0080 one column, otherwise two.
export const COLUMNS = { 58: 32, 80: 48 } as const;

export function charWidth(char: string): number {
  return char.codePointAt(0)! < 0x80 ? 1 : 2;
}

export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** Characters that must not start a line (避头): they stay with the character before them. */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〉”’,.;:?!)%·…—']);

/** Control characters become spaces; a receipt line is plain printable text. */
function clean(text: string): string {
  return Array.from(text, (c) => (c.codePointAt(0)! < 0x20 || c === '\u007f' ? ' ' : c)).join('');
}

/**
 * Wraps one paragraph to `columns`. Full-width characters break anywhere; a run of Latin letters or
 * digits is kept whole when it fits on a line of its own; closing punctuation never starts a line.
 */
export function wrapText(text: string, columns: number): string[] {
  if (columns < 2) throw new RangeError(`cannot wrap to ${columns} column(s)`);
  const chars = Array.from(clean(text));
  const lines: string[] = [];
  let line: string[] = [];
  let width = 0;
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    const w = charWidth(char);
    if (width + w <= columns) {
      line.push(char);
      width += w;
      continue;
    }
    let carry: string[] = [];
    if (isWordChar(char)) {
      // Move the unfinished Latin word down if it would fit whole on the next line.
      let start = line.length;
      while (start > 0 && isWordChar(line[start - 1]!)) start--;
      const wordLength = line.length - start + wordRunLength(chars, i);
      if (start > 0 && wordLength <= columns) carry = line.splice(start);
    } else if (NO_LINE_START.has(char) && line.length > 1) {
      carry = line.splice(line.length - 1);
    }
    lines.push(line.join('').trimEnd());
    line = carry;
    width = textWidth(carry.join(''));
    if (char === ' ' && line.length === 0) continue; // a space at a break is swallowed
    line.push(char);
    width += w;
  }
  if (line.length > 0 || lines.length === 0) lines.push(line.join('').trimEnd());
  return lines;
}

function isWordChar(c: string): boolean {
  return /^[A-Za-z0-9@._\-/:]$/.test(c);
}

function wordRunLength(chars: readonly string[], from: number): number {
  let n = 0;
  while (from + n < chars.length && isWordChar(chars[from + n]!)) n++;
  return n;
}

/** Pads (or keeps) text to exactly `columns` with the given alignment, by display width. */
export function alignTo(text: string, columns: number, where: 'left' | 'center' | 'right'): string {
  const gap = Math.max(0, columns - textWidth(text));
  if (where === 'left') return text;
  if (where === 'right') return ' '.repeat(gap) + text;
  return ' '.repeat(Math.floor(gap / 2)) + text;
}

/**
 * A label/value pair. On one line when both fit (value right-aligned); otherwise the value wraps
 * with a hanging indent under its own first character, so a long address reads as one block.
 */
export function layoutPair(label: string, value: string, columns: number): string[] {
  const labelWidth = textWidth(label);
  const valueWidth = textWidth(value);
  if (labelWidth + 1 + valueWidth <= columns) return [label + ' '.repeat(columns - labelWidth - valueWidth) + value];
  const indent = labelWidth + 1 <= Math.floor(columns / 2) ? labelWidth + 1 : 2;
  if (indent === 2) {
    return [...wrapText(label, columns), ...wrapText(value, columns - indent).map((l) => '  ' + l)];
  }
  const [first = '', ...rest] = wrapText(value, columns - indent);
  return [label + ' '.repeat(indent - labelWidth) + first, ...rest.map((l) => ' '.repeat(indent) + l)];
}
