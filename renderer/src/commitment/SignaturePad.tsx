// Signing with a finger (or a mouse/pen) on a canvas. After every stroke the drawing leaves as a PNG (a data:
// URL, black ink on white), which is stored as the application's 'signature' attachment on submit
// (materials/attachments.ts). The canvas keeps showing it on the review page.
import { useCallback, useEffect, useRef } from 'react';
import { useI18n } from '../i18n/index.js';

interface Point {
  readonly x: number;
  readonly y: number;
}

/** The signature as a PNG on white (the pad itself is transparent over the page's background). */
function signaturePng(canvas: HTMLCanvasElement): string {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d');
  if (!ctx) return canvas.toDataURL('image/png');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(canvas, 0, 0);
  return out.toDataURL('image/png');
}

const CANVAS = { width: 600, height: 200 } as const;

export function SignaturePad({ signed, signature = '', onChange }: { signed: boolean; signature?: string; onChange: (png: string) => void }) {
  const { t } = useI18n();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Point[][]>([]);
  const drawing = useRef(false);

  const pointAt = (event: React.PointerEvent<HTMLCanvasElement>): Point => {
    const rect = event.currentTarget.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / Math.max(1, rect.width)) * CANVAS.width,
      y: ((event.clientY - rect.top) / Math.max(1, rect.height)) * CANVAS.height,
    };
  };

  const context = () => {
    const ctx = canvasRef.current?.getContext('2d');
    if (ctx) {
      ctx.lineWidth = 4;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.strokeStyle = '#111';
    }
    return ctx;
  };

  const clear = useCallback(() => {
    strokes.current = [];
    canvasRef.current?.getContext('2d')?.clearRect(0, 0, CANVAS.width, CANVAS.height);
    onChange('');
  }, [onChange]);

  // A fresh pad has nothing on it; a signature cleared elsewhere clears the drawing too.
  useEffect(() => {
    if (!signed && strokes.current.length > 0) {
      strokes.current = [];
      canvasRef.current?.getContext('2d')?.clearRect(0, 0, CANVAS.width, CANVAS.height);
    }
  }, [signed]);

  // Back on the review page after editing the form: the pad is new, the signature is still in the session.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || strokes.current.length > 0 || !signature.startsWith('data:image/png')) return;
    const image = new Image();
    image.onload = () => canvas.getContext('2d')?.drawImage(image, 0, 0, CANVAS.width, CANVAS.height);
    image.src = signature;
    // Only when the pad appears: later strokes are drawn live.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="signature">
      <canvas
        ref={canvasRef}
        className="signature__pad"
        width={CANVAS.width}
        height={CANVAS.height}
        data-testid="signature-pad"
        data-signed={signed || undefined}
        role="img"
        aria-label={t('signature.label')}
        onPointerDown={(event) => {
          event.preventDefault();
          event.currentTarget.setPointerCapture?.(event.pointerId);
          drawing.current = true;
          const p = pointAt(event);
          strokes.current.push([p]);
          const ctx = context();
          ctx?.beginPath();
          ctx?.moveTo(p.x, p.y);
          ctx?.lineTo(p.x + 0.1, p.y + 0.1);
          ctx?.stroke();
        }}
        onPointerMove={(event) => {
          if (!drawing.current) return;
          const p = pointAt(event);
          const stroke = strokes.current[strokes.current.length - 1]!;
          const last = stroke[stroke.length - 1]!;
          stroke.push(p);
          const ctx = context();
          ctx?.beginPath();
          ctx?.moveTo(last.x, last.y);
          ctx?.lineTo(p.x, p.y);
          ctx?.stroke();
        }}
        onPointerUp={() => {
          if (!drawing.current) return;
          drawing.current = false;
          const canvas = canvasRef.current;
          if (canvas && strokes.current.length > 0) onChange(signaturePng(canvas));
        }}
        onPointerCancel={() => {
          drawing.current = false;
        }}
      />
      <p className="signature__hint">{signed ? t('signature.signed') : t('signature.hint')}</p>
      <button type="button" className="button" data-testid="signature-clear" onClick={clear}>
        {t('signature.clear')}
      </button>
    </div>
  );
}
