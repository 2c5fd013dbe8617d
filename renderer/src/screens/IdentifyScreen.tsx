import type { CatalogItem } from '../../../sync/protocol/catalog.js';
import { useI18n } from '../i18n/index.js';
import type { CardProblem } from '../session/machine.js';
import { useFocusOnMount, useKeys } from '../ui/hooks.js';

export function IdentifyScreen({
  service,
  problem,
  onChooseOther,
}: {
  service: CatalogItem;
  problem: CardProblem | null;
  onChooseOther: () => void;
}) {
  const { t, pick } = useI18n();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  useKeys((event) => {
    if (event.key === 'Escape' || event.key === 'Backspace') {
      onChooseOther();
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
        {t('identify.title')}
      </h1>
      <div className="card-reader-art" aria-hidden="true">
        <div className="card-reader-art__card" />
        <div className="card-reader-art__reader" />
      </div>
      {problem ? (
        <div className="problem" role="alert" data-testid="identify-problem" data-problem={problem.kind}>
          <p className="problem__message">{message}</p>
          <p>{next}</p>
        </div>
      ) : (
        <p className="lead">{t('identify.hint')}</p>
      )}
      <div className="actions">
        <button type="button" className="button" data-testid="identify-choose-other" onClick={onChooseOther}>
          {t('identify.chooseOther')}
        </button>
      </div>
    </main>
  );
}
