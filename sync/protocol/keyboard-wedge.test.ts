import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KeyboardWedgeDetector, type WedgeOptions, type WedgeOutput } from './keyboard-wedge.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);

type Key = [key: string, at: number, repeat?: boolean];

/** Feeds keys, then lets time pass so held keys come out. */
function run(keys: Key[], opts: WedgeOptions = {}): WedgeOutput[] {
  const d = new KeyboardWedgeDetector(opts);
  const out = keys.flatMap(([k, t, repeat]) => d.feed(k, t, { repeat: repeat ?? false }));
  return [...out, ...d.tick((keys.at(-1)?.[1] ?? 0) + 10_000)];
}

/** A scanner: the text then Enter, one key every `gap` ms from `start`. */
function scanner(text: string, start = 1_000, gap = 4, suffix = 'Enter'): Key[] {
  return [...text, suffix].map((k, i) => [k, start + i * gap]);
}

/** Keys at the given gaps (first key at `start`). */
function typed(keys: string[], gaps: number[], start = 1_000): Key[] {
  let t = start;
  return keys.map((k, i) => {
    if (i > 0) t += gaps[(i - 1) % gaps.length]!;
    return [k, t];
  });
}

const scans = (o: WedgeOutput[]) => o.filter((x) => x.kind === 'scan');
const typedText = (o: WedgeOutput[]) => o.flatMap((x) => (x.kind === 'typing' ? x.keys : []));

describe('keyboard wedge: scans', () => {
  it('takes a fast burst ending in Enter for a scan', () => {
    expect(run(scanner('6901234567892'))).toEqual([{ kind: 'scan', symbology: '', text: '6901234567892' }]);
  });

  it('splits off an AIM id', () => {
    expect(scans(run(scanner(']Q1https://zwfw.example.gov.cn/a?b=1')))).toEqual([
      { kind: 'scan', symbology: 'Q1', text: 'https://zwfw.example.gov.cn/a?b=1' },
    ]);
    expect(scans(run(scanner(']Q1abcdef'), { aimPrefix: false }))).toEqual([{ kind: 'scan', symbology: '', text: ']Q1abcdef' }]);
  });

  it('ignores Shift between characters (scanners press it for capitals)', () => {
    const keys: Key[] = [];
    let t = 1_000;
    for (const ch of 'AbCdEfG') {
      if (ch === ch.toUpperCase()) keys.push(['Shift', (t += 2)]);
      keys.push([ch, (t += 3)]);
    }
    keys.push(['Enter', (t += 3)]);
    expect(run(keys)).toEqual([{ kind: 'scan', symbology: '', text: 'AbCdEfG' }]);
  });

  it('accepts a gap of exactly maxInterKeyMs, and a custom suffix key', () => {
    expect(scans(run(scanner('ABCDEFGH', 0, 30)))).toHaveLength(1);
    expect(scans(run(scanner('ABCDEFGH', 0, 5, 'Tab'), { suffixKey: 'Tab' }))).toEqual([{ kind: 'scan', symbology: '', text: 'ABCDEFGH' }]);
  });

  it('finds a scan right after typing, with the typed keys released first', () => {
    const keys = [...typed([...'abc'], [150, 170]), ...scanner('1234567890', 2_000)];
    const out = run(keys);
    expect(out).toEqual([
      { kind: 'typing', keys: ['a'] },
      { kind: 'typing', keys: ['b'] },
      { kind: 'typing', keys: ['c'] },
      { kind: 'scan', symbology: '', text: '1234567890' },
    ]);
  });

  it('handles two scans back to back', () => {
    const out = run([...scanner('AAAAAAAA', 0), ...scanner('BBBBBBBB', 100)]);
    expect(scans(out).map((s) => s.kind === 'scan' && s.text)).toEqual(['AAAAAAAA', 'BBBBBBBB']);
  });
});

describe('keyboard wedge: a person typing is never a scan', () => {
  it('an ordinary typist (irregular 90–250 ms) passes through, Enter included', () => {
    const out = run(typed([...'110101199003071234', 'Enter'], [120, 95, 210, 180, 250, 90, 140]));
    expect(scans(out)).toEqual([]);
    expect(typedText(out).join('|')).toBe([...'110101199003071234', 'Enter'].join('|'));
  });

  it('a fast typist with rollover bursts (several gaps under 30 ms) passes through', () => {
    // 120+ wpm: mostly 45–70 ms, with rollover pairs at 12–25 ms, and a quick Enter.
    const gaps = [22, 60, 15, 48, 25, 55, 12, 70, 20, 45, 18];
    const out = run(typed([...'the quick brown', 'Enter'], gaps));
    expect(scans(out)).toEqual([]);
    expect(typedText(out)).toEqual([...'the quick brown', 'Enter']);
  });

  it('a short fast word with a fast Enter is typing (below minLength)', () => {
    const out = run(typed([...'yes', 'Enter'], [20, 18, 22]));
    expect(scans(out)).toEqual([]);
    expect(typedText(out)).toEqual(['y', 'e', 's', 'Enter']);
  });

  it('a burst that breaks before Enter is typing', () => {
    const out = run([...scanner('ABCDEFGH', 0).slice(0, -1), ['Enter', 200]]);
    expect(scans(out)).toEqual([]);
    expect(typedText(out)).toEqual([...'ABCDEFGH', 'Enter']);
  });

  it('a held-down key (autorepeat every 25 ms) then Enter is typing', () => {
    const keys: Key[] = [['a', 0], ...Array.from({ length: 10 }, (_, i): Key => ['a', 500 + i * 25, true]), ['Enter', 760]];
    const out = run(keys);
    expect(scans(out)).toEqual([]);
    expect(typedText(out)).toHaveLength(12);
  });

  it('IME composition keys (pinyin input) pass through and are never part of a scan', () => {
    const out = run(typed(['Process', 'Process', 'Process', 'Process', 'Process', 'Process', 'Process', 'Enter'], [5]));
    expect(scans(out)).toEqual([]);
    expect(typedText(out)).toHaveLength(8);
  });

  it('named keys (Backspace, arrows, Tab) break a burst and pass through', () => {
    const out = run([...scanner('ABCDEF', 0).slice(0, 3), ['Backspace', 12], ...scanner('GHIJKL', 16)]);
    expect(typedText(out).slice(0, 4)).toEqual(['A', 'B', 'C', 'Backspace']);
    expect(scans(out)).toEqual([{ kind: 'scan', symbology: '', text: 'GHIJKL' }]);
  });
});

describe('keyboard wedge: key releases (when the renderer reports them)', () => {
  type Ev = ['down' | 'up', string, number];
  function play(events: Ev[]): WedgeOutput[] {
    const d = new KeyboardWedgeDetector();
    const out: WedgeOutput[] = [];
    for (const [kind, k, t] of events) {
      const code = k === 'Enter' ? 'Enter' : `Key${k.toUpperCase()}`;
      if (kind === 'down') out.push(...d.feed(k, t, { code }));
      else d.keyUp(code);
    }
    return [...out, ...d.tick(1e9)];
  }
  /** Press and release each key in turn, like a scanner. */
  const sequential = (text: string, start: number, gap = 4): Ev[] =>
    [...text, 'Enter'].flatMap((k, i): Ev[] => [['down', k, start + i * gap], ['up', k, start + i * gap + 1]]);

  it('a scanner presses one key at a time: still a scan', () => {
    expect(scans(play(sequential('ABCDEFGH', 0)))).toEqual([{ kind: 'scan', symbology: '', text: 'ABCDEFGH' }]);
  });

  it('a palm on the keyboard (overlapping presses, then Enter, all within ms) is typing', () => {
    const mash: Ev[] = [...'ASDFGHJ'].map((k, i): Ev => ['down', k, 100 + i * 3]);
    mash.push(['down', 'Enter', 125]);
    const out = play(mash);
    expect(scans(out)).toEqual([]);
    expect(typedText(out)).toEqual([...'ASDFGHJ', 'Enter']);
  });

  it('a release that was never seen does not block scans for long', () => {
    const events: Ev[] = [['down', 'Q', 0], ...sequential('ABCDEFGH', 2_000)];
    expect(scans(play(events))).toHaveLength(1);
  });
});

describe('keyboard wedge: slow scanners and limits', () => {
  it('misses a scanner slower than maxInterKeyMs (its keys come out as typing) until configured for it', () => {
    const slow = scanner('6901234567892', 0, 40);
    const missed = run(slow);
    expect(scans(missed)).toEqual([]);
    expect(typedText(missed)).toEqual([...'6901234567892', 'Enter']);
    expect(scans(run(slow, { maxInterKeyMs: 50 }))).toHaveLength(1);
  });

  it('one late key (31 ms) in a scan burst splits it: no half scan is ever produced', () => {
    const keys = scanner('ABCDEFGHIJ', 0, 5);
    for (let i = 5; i < keys.length; i++) keys[i]![1] += 26; // gap 4→5 becomes 31 ms
    const out = run(keys);
    expect(scans(out)).toEqual([]);
    expect(typedText(out)).toEqual([...'ABCDEFGHIJ', 'Enter']);
  });

  it('refuses an oversize burst and swallows it', () => {
    const out = run(scanner('X'.repeat(50), 0, 1), { maxLength: 20 });
    expect(out).toEqual([{ kind: 'refused', code: 'scan_too_large', message: expect.objectContaining({ zh: expect.any(String) }), length: 50 }]);
  });

  it('refuses control characters in a scan burst', () => {
    const out = run(scanner('ABC\u001bDEF', 0, 3));
    expect(out.map((o) => o.kind === 'refused' && o.code)).toEqual(['scan_control_chars']);
  });

  it('tells when to tick, and tick releases held keys', () => {
    const d = new KeyboardWedgeDetector();
    expect(d.feed('a', 100)).toEqual([]);
    expect(d.releaseAt).toBe(131);
    expect(d.tick(130)).toEqual([]);
    expect(d.tick(131)).toEqual([{ kind: 'typing', keys: ['a'] }]);
    expect(d.releaseAt).toBeNull();
  });
});

const MODIFIER_KEYS = ['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn'];

describe('keyboard wedge under fuzzing', () => {
  const key = fc.oneof(fc.constantFrom('a', 'B', '7', ']', 'Q', ' ', 'Enter', 'Shift', 'Backspace', 'Tab', '中'), fc.string({ maxLength: 3 }));
  it('emits every non-modifier key exactly once, in order, as typing, scan or refusal', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: 0, max: 80 }), fc.boolean()), { maxLength: 60 }), (events) => {
        const d = new KeyboardWedgeDetector({ maxLength: 10 });
        let t = 0;
        const fed: string[] = [];
        const out: WedgeOutput[] = [];
        for (const [k, gap, repeat] of events) {
          t += gap;
          if (k === '') continue;
          if (!MODIFIER_KEYS.includes(k)) fed.push(k);
          out.push(...d.feed(k, t, { repeat }));
        }
        out.push(...d.tick(t + 1_000));
        const rebuilt: string[] = [];
        for (const o of out) {
          if (o.kind === 'typing') rebuilt.push(...o.keys);
          else if (o.kind === 'scan') rebuilt.push(...(o.symbology ? [']', ...o.symbology] : []), ...o.text, 'Enter');
        }
        // Refusals swallow their keys; otherwise everything comes back verbatim and in order.
        if (!out.some((o) => o.kind === 'refused')) expect(rebuilt.join('\u0000')).toBe(fed.join('\u0000'));
        else expect(rebuilt.length).toBeLessThan(fed.length);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('never takes a fast typist for a scan: rollover runs of up to 5 fast gaps, Enter anywhere', () => {
    // A scan needs minLength (6) characters and the Enter all ≤ 30 ms apart: 6 fast gaps in a row.
    const run5 = fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 0, maxLength: 5 });
    const slow = fc.integer({ min: 31, max: 600 });
    const gapsArb = fc.array(fc.tuple(run5, slow), { minLength: 1, maxLength: 12 }).map((parts) => parts.flatMap(([fast, s]) => [...fast, s]));
    fc.assert(
      fc.property(gapsArb, fc.array(fc.constantFrom('a', 's', 'd', '1', ' ', 'Enter'), { minLength: 80, maxLength: 80 }), (gaps, keys) => {
        let t = 0;
        const ks: Key[] = gaps.map((g, i) => [keys[i % keys.length]!, (t += g)]);
        expect(scans(run(ks))).toEqual([]);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('never takes keys with a gap over maxInterKeyMs for a scan', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', '1', 'Z'), fc.integer({ min: 31, max: 400 })), { minLength: 6, maxLength: 40 }), fc.integer({ min: 0, max: 400 }), (keys, enterGap) => {
        let t = 0;
        const ks: Key[] = keys.map(([k, gap]) => [k, (t += gap)]);
        ks.push(['Enter', t + enterGap]);
        expect(scans(run(ks))).toEqual([]);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});

describe('keyboard wedge stays renderer-safe', () => {
  it('imports nothing (the renderer bundles it; it never imports Node modules or devices/)', () => {
    const source = readFileSync(new URL('./keyboard-wedge.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\b|\brequire\(|\bimport\(/m);
  });
});
