import { useRef, useState } from 'react';
import type { CardIdentity } from '../../../main/api/devices.js';
import type { CatalogItem } from '../../../sync/protocol/catalog.js';
import { maskIdNumber } from '../../../sync/protocol/id-numbers.js';
import { useI18n } from '../i18n/index.js';
import { checkTypedIdNumber, keypadIdInput, typedIdentity, type TypedIdentityProblems } from '../identity/typed-identity.js';
import type { CardProblem } from '../session/machine.js';
import { useFocusOnMount, useKeys } from '../ui/hooks.js';

export function IdentifyScreen({
  service,
  problem,
  keypad = false,
  onChooseOther,
  onTyped,
}: {
  service: CatalogItem;
  problem: CardProblem | null;
  /** Keypad profile: Enter opens the number entry, '*' types the X. */
  keypad?: boolean;
  onChooseOther: () => void;
  /** A checked, typed identity (only offered when the service allows typing). */
  onTyped?: (identity: CardIdentity) => void;
}) {
  const { t, pick } = useI18n();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const typingAllowed = service.identification.includes('typed') && onTyped !== undefined;
  const [typing, setTyping] = useState(false);
  const idRef = useRef<HTMLInputElement>(null);

  const openTyping = () => {
    setTyping(true);
    setTimeout(() => idRef.current?.focus(), 0);
  };

  useKeys((event) => {
    if (event.key === 'Escape' || event.key === 'Backspace') {
      if (typing) setTyping(false);
      else onChooseOther();
      return true;
    }
    if (event.key === 'Enter' && typingAllowed && !typing) {
      openTyping();
      return true;
    }
    return false;
  });

  let message: string | null = null;
  let next: string | null = null;
  if (problem) {
    switch (problem.kind) {
      case 'expired':
        message = t('identify.expired');
        next = t('identify.expiredNext');
        break;
      case 'wrong-type':
        message = t('identify.wrongType');
        next = t('identify.wrongTypeNext', { types: problem.accepted.map((c) => t(`cardType.${c}`)).join(t('list.separator')) });
        break;
      case 'invalid-number':
        message = t('identify.invalidNumber');
        next = t('identify.invalidNumberNext');
        break;
      case 'method-not-allowed':
        message = t(`identify.method.${problem.method}`);
        next = t('identify.methodNext', { methods: problem.allowed.map((m) => t(`identify.via.${m}`)).join(t('list.separator')) });
        break;
      case 'read-error':
        message = pick(problem.error.message);
        next = t('identify.tryAgain');
        break;
    }
  }

  return (
    <main className="screen screen--center identify">
      <p className="eyebrow">{t('identify.service', { service: pick(service.name) })}</p>
      <h1 ref={headingRef} tabIndex={-1} data-testid="identify-prompt">
        {typing ? t('identify.typed.title') : t('identify.title')}
      </h1>
      {!typing && (
        <div className="card-reader-art" aria-hidden="true">
          <div className="card-reader-art__card" />
          <div className="card-reader-art__reader" />
        </div>
      )}
      {problem ? (
        <div className="problem" role="alert" data-testid="identify-problem" data-problem={problem.kind}>
          <p className="problem__message">{message}</p>
          <p>{next}</p>
        </div>
      ) : (
        !typing && <p className="lead">{t('identify.hint')}</p>
      )}
      {typing ? (
        <TypedIdentityForm idRef={idRef} keypad={keypad} onCancel={() => setTyping(false)} onDone={(identity) => onTyped?.(identity)} />
      ) : (
        <div className="actions">
          {typingAllowed && (
            <button type="button" className="button" data-testid="identify-type-id" onClick={openTyping}>
              {keypad ? t('identify.typed.openKeypad') : t('identify.typed.open')}
            </button>
          )}
          <button type="button" className="button" data-testid="identify-choose-other" onClick={onChooseOther}>
            {t('identify.chooseOther')}
          </button>
        </div>
      )}
    </main>
  );
}

/**
 * The ID number on the numeric keypad (on-screen digits and X on touch kiosks, the machine's keys on a
 * teller machine), then the name. The number is masked once the person has moved on from it; a problem
 * shows next to its field in plain words and no session starts until both are right.
 */
function TypedIdentityForm({
  idRef,
  keypad,
  onCancel,
  onDone,
}: {
  idRef: React.RefObject<HTMLInputElement | null>;
  keypad: boolean;
  onCancel: () => void;
  onDone: (identity: CardIdentity) => void;
}) {
  const { t } = useI18n();
  const [idNumber, setIdNumber] = useState('');
  const [name, setName] = useState('');
  const [editingId, setEditingId] = useState(true);
  const [problems, setProblems] = useState<TypedIdentityProblems>({});
  const nameRef = useRef<HTMLInputElement>(null);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    // Enter in the number field speaks about the number only; a good number moves on to the name.
    if (document.activeElement === idRef.current && name.trim() === '') {
      const idProblem = checkTypedIdNumber(idNumber);
      setProblems(idProblem ? { idNumber: idProblem } : {});
      if (!idProblem) nameRef.current?.focus();
      return;
    }
    const result = typedIdentity(idNumber, name);
    if (result.ok) {
      onDone(result.value);
      return;
    }
    setProblems(result.problems);
    if (result.problems.idNumber) idRef.current?.focus();
    else nameRef.current?.focus();
  };

  const masked = !editingId && idNumber.length === 18;
  return (
    <form
      className="form identify__typed"
      noValidate
      onSubmit={submit}
      data-testid="identify-typed"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <p className="notice" data-testid="identify-typed-note">
        {t('identify.typed.note')}
      </p>
      <div className={`field${problems.idNumber ? ' field--invalid' : ''}`}>
        <label htmlFor="identify-typed-id" className="field__label">
          {t('identify.typed.idLabel')}
        </label>
        <p id="identify-typed-id-help" className="field__help">
          {keypad ? t('identify.typed.idHintKeypad') : t('identify.typed.idHint')}
        </p>
        <input
          ref={idRef}
          id="identify-typed-id"
          data-testid="identify-typed-id"
          className="input"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          data-keyboard="id"
          maxLength={masked ? undefined : 18}
          value={masked ? maskIdNumber(idNumber) : idNumber}
          data-masked={masked || undefined}
          aria-invalid={problems.idNumber ? true : undefined}
          aria-describedby={problems.idNumber ? 'identify-typed-id-help identify-typed-id-error' : 'identify-typed-id-help'}
          onFocus={() => setEditingId(true)}
          onBlur={() => setEditingId(false)}
          onKeyDown={(e) => {
            // A physical keypad has no X: '*' (or x) types it as the 18th character.
            if (e.key === '*' || e.key === 'x' || e.key === 'X') {
              e.preventDefault();
              const next = keypadIdInput(idNumber, e.key);
              if (next !== null) setIdNumber(next);
            }
          }}
          onChange={(e) => {
            if (masked) return;
            setIdNumber(e.target.value.toUpperCase().replace(/[^0-9X]/g, '').slice(0, 18));
            if (problems.idNumber) setProblems(({ idNumber: _, ...rest }) => rest);
          }}
        />
        {problems.idNumber && (
          <p id="identify-typed-id-error" className="field__error" role="alert" data-testid="identify-typed-id-error">
            {t(problems.idNumber)}
          </p>
        )}
      </div>
      <div className={`field${problems.name ? ' field--invalid' : ''}`}>
        <label htmlFor="identify-typed-name" className="field__label">
          {t('identify.typed.nameLabel')}
        </label>
        <input
          ref={nameRef}
          id="identify-typed-name"
          data-testid="identify-typed-name"
          className="input"
          type="text"
          autoComplete="off"
          spellCheck={false}
          data-keyboard="pinyin"
          maxLength={30}
          value={name}
          aria-invalid={problems.name ? true : undefined}
          aria-describedby={problems.name ? 'identify-typed-name-error' : undefined}
          onChange={(e) => {
            setName(e.target.value);
            if (problems.name) setProblems(({ name: _, ...rest }) => rest);
          }}
        />
        {problems.name && (
          <p id="identify-typed-name-error" className="field__error" role="alert" data-testid="identify-typed-name-error">
            {t(problems.name)}
          </p>
        )}
      </div>
      <div className="actions">
        <button type="button" className="button" data-testid="identify-typed-cancel" onClick={onCancel}>
          {t('identify.typed.cancel')}
        </button>
        <button type="submit" className="button button--primary" data-testid="identify-typed-submit">
          {t('identify.typed.submit')}
        </button>
      </div>
    </form>
  );
}
