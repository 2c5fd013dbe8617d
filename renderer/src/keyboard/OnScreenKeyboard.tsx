// The on-screen keyboard of touch kiosks. It follows focus: a field marked with data-keyboard gets its
// layout docked at the bottom of the screen. Keys never take the focus away from the field (pointerdown
// is cancelled) and write through the field's native value setter plus an input event, so React's
// controlled inputs, the form engine and the search box see ordinary typing.
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/index.js';
import { applyKey, LAYOUT_ROWS, layoutFor, type KeyboardLayout } from './layouts.js';
import { pinyinCandidates } from './pinyin-ime.js';

type Field = HTMLInputElement | HTMLTextAreaElement;

function isField(el: Element | null): el is Field {
  return (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.hasAttribute('data-keyboard');
}

/** Sets a controlled input's value the way typing would. */
export function typeInto(field: Field, value: string): void {
  const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

const keepFocus = (e: React.PointerEvent | React.MouseEvent) => e.preventDefault();

export function OnScreenKeyboard() {
  const { t } = useI18n();
  const [field, setField] = useState<Field | null>(null);
  const [layout, setLayout] = useState<KeyboardLayout>('letters');
  const [composing, setComposing] = useState('');

  useEffect(() => {
    const onFocusIn = (e: FocusEvent) => {
      const target = e.target as Element | null;
      if (isField(target)) {
        setField(target);
        setLayout(layoutFor(target.getAttribute('data-keyboard')) ?? 'letters');
        setComposing('');
        // Keep the field above the keyboard.
        setTimeout(() => target.scrollIntoView({ block: 'center' }), 0);
      } else setField(null);
    };
    // Hidden a moment after the field loses focus, not at once: the tap that moved the focus (on a
    // button under the keyboard's space) must land before the layout shifts back.
    let hide: ReturnType<typeof setTimeout> | undefined;
    const onFocusOut = (e: FocusEvent) => {
      if (isField(e.relatedTarget as Element | null)) return;
      clearTimeout(hide);
      hide = setTimeout(() => {
        if (!isField(document.activeElement)) setField(null);
      }, 250);
    };
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
      clearTimeout(hide);
    };
  }, []);

  useEffect(() => {
    document.documentElement.toggleAttribute('data-osk-open', field !== null);
    return () => document.documentElement.removeAttribute('data-osk-open');
  }, [field]);

  if (!field || !field.isConnected) return null;
  const max = field.maxLength > 0 ? field.maxLength : undefined;
  const insert = (text: string) => {
    let value = field.value;
    for (const ch of text) value = applyKey(layout === 'id' ? 'id' : 'letters', value, ch, max);
    typeInto(field, value);
  };
  const press = (key: string) => {
    if (layout === 'pinyin') setComposing((c) => c + key);
    else insert(key);
  };
  const backspace = () => {
    if (composing) setComposing((c) => c.slice(0, -1));
    else typeInto(field, field.value.slice(0, -1));
  };
  const candidates = layout === 'pinyin' ? pinyinCandidates(composing) : [];

  return (
    <div className="osk" role="group" aria-label={t('osk.label')} data-testid="osk" data-layout={layout}>
      {layout === 'pinyin' && (
        <div className="osk__candidates" data-testid="osk-candidates">
          <span className="osk__composing" data-testid="osk-composing" aria-live="polite">
            {composing}
          </span>
          {candidates.map((c, i) => (
            <button
              key={c}
              type="button"
              className="osk__key osk__candidate"
              data-testid={`osk-candidate-${i}`}
              onPointerDown={keepFocus}
              onMouseDown={keepFocus}
              onClick={() => {
                insert(c);
                setComposing('');
              }}
            >
              {c}
            </button>
          ))}
          {composing && candidates.length === 0 && <span className="osk__none">{t('osk.noCandidates')}</span>}
        </div>
      )}
      {LAYOUT_ROWS[layout].map((row, r) => (
        <div className="osk__row" key={r}>
          {row.map((key) => (
            <button key={key} type="button" className="osk__key" data-testid={`osk-key-${key}`} onPointerDown={keepFocus} onMouseDown={keepFocus} onClick={() => press(key)}>
              {key}
            </button>
          ))}
        </div>
      ))}
      <div className="osk__row">
        {(layout === 'pinyin' || layout === 'letters') && field.getAttribute('data-keyboard') === 'pinyin' && (
          <button
            type="button"
            className="osk__key osk__key--wide"
            data-testid="osk-switch"
            onPointerDown={keepFocus}
            onMouseDown={keepFocus}
            onClick={() => {
              setComposing('');
              setLayout(layout === 'pinyin' ? 'letters' : 'pinyin');
            }}
          >
            {layout === 'pinyin' ? t('osk.letters') : t('osk.chinese')}
          </button>
        )}
        {(layout === 'pinyin' || layout === 'letters') && (
          <button type="button" className="osk__key osk__key--wide" data-testid="osk-space" onPointerDown={keepFocus} onMouseDown={keepFocus} onClick={() => insert(' ')}>
            {t('osk.space')}
          </button>
        )}
        <button type="button" className="osk__key osk__key--wide" data-testid="osk-backspace" onPointerDown={keepFocus} onMouseDown={keepFocus} onClick={backspace}>
          {t('osk.backspace')}
        </button>
        <button type="button" className="osk__key osk__key--wide osk__key--done" data-testid="osk-done" onClick={() => field.blur()}>
          {t('osk.done')}
        </button>
      </div>
    </div>
  );
}
