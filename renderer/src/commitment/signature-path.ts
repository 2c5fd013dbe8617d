// A finger signature as a compact SVG path: strokes scaled into a 300×100 box, integer coordinates,
// points closer than a step to the last kept one dropped, the step raised until the path fits the
// application's 2000-character formData limit. Pure.

export const SIGNATURE_BOX = { width: 300, height: 100 } as const;
export const MAX_SIGNATURE_CHARS = 2000;

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Strokes in canvas pixels → path in the signature box ('' when nothing was drawn). */
export function signaturePath(strokes: readonly (readonly Point[])[], canvas: { width: number; height: number }): string {
  const sx = SIGNATURE_BOX.width / Math.max(1, canvas.width);
  const sy = SIGNATURE_BOX.height / Math.max(1, canvas.height);
  const scaled = strokes
    .filter((s) => s.length > 0)
    .map((s) => s.map((p) => ({ x: clamp(Math.round(p.x * sx), SIGNATURE_BOX.width), y: clamp(Math.round(p.y * sy), SIGNATURE_BOX.height) })));
  for (let step = 1; step <= 64; step *= 2) {
    const path = scaled.map((stroke) => strokePath(thin(stroke, step))).join('');
    if (path.length <= MAX_SIGNATURE_CHARS) return path;
  }
  // Still too long at a 64-unit step (a scribble over the whole box): keep what fits, point by point.
  let path = '';
  for (const stroke of scaled) {
    const points = thin(stroke, 64);
    let part = `M${points[0]!.x} ${points[0]!.y}L`;
    if (path.length + part.length + 8 > MAX_SIGNATURE_CHARS) break;
    let count = 0;
    for (const p of points.length > 1 ? points.slice(1) : points) {
      const next = `${count > 0 ? ' ' : ''}${p.x} ${p.y}`;
      if (path.length + part.length + next.length > MAX_SIGNATURE_CHARS) break;
      part += next;
      count++;
    }
    if (count === 0) break;
    path += part;
  }
  return path;
}

function clamp(v: number, max: number): number {
  return Math.min(max, Math.max(0, v));
}

function thin(stroke: readonly Point[], step: number): Point[] {
  const kept: Point[] = [stroke[0]!];
  for (const p of stroke.slice(1)) {
    const last = kept[kept.length - 1]!;
    if (Math.abs(p.x - last.x) >= step || Math.abs(p.y - last.y) >= step) kept.push(p);
  }
  const end = stroke[stroke.length - 1]!;
  if (kept[kept.length - 1] !== end) kept.push(end);
  return kept;
}

function strokePath(points: readonly Point[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  // A tap is a dot: a zero-length line still draws with a round cap.
  const tail = rest.length > 0 ? rest : [first];
  return `M${first.x} ${first.y}L${tail.map((p) => `${p.x} ${p.y}`).join(' ')}`;
}
