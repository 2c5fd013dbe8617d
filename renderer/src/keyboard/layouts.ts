// On-screen keyboard layouts for touch kiosks (no physical keyboard). Which one a field gets follows
// from what it accepts: ID numbers are digits and X, phones and amounts digits, codes letters and
// digits, names and addresses Chinese by pinyin.
export type KeyboardLayout = 'id' | 'numeric' | 'letters' | 'pinyin';

export const LAYOUT_ROWS: Readonly<Record<KeyboardLayout, readonly (readonly string[])[]>> = {
  id: [
    ['1', '2', '3'],
    ['4', '5', '6'],
    ['7', '8', '9'],
    ['X', '0'],
  ],
  numeric: [
    ['1', '2', '3'],
    ['4', '5', '6'],
    ['7', '8', '9'],
    ['.', '0', '-'],
  ],
  letters: [
    ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'],
    ['Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P'],
    ['A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L'],
    ['Z', 'X', 'C', 'V', 'B', 'N', 'M'],
  ],
  pinyin: [
    ['q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p'],
    ['a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l'],
    ['z', 'x', 'c', 'v', 'b', 'n', 'm'],
  ],
};

/** The layout for a field, from the `data-keyboard` attribute the form puts on it. */
export function layoutFor(value: string | null | undefined): KeyboardLayout | null {
  return value === 'id' || value === 'numeric' || value === 'letters' || value === 'pinyin' ? value : null;
}

/** What a key adds to a field with that layout: ID numbers take an upper-case X only at the end. */
export function applyKey(layout: KeyboardLayout, current: string, key: string, maxLength?: number): string {
  if (maxLength !== undefined && current.length >= maxLength) return current;
  if (layout === 'id') {
    if (key === 'X' && current.length !== 17) return current;
    if (current.length >= 18) return current;
  }
  return current + key;
}
