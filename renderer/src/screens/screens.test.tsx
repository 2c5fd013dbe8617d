// Smoke tests of the views without a browser: server rendering (no effects run) of each screen with test
// data, checking the markup carries the data-testids, the masking and the language.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/index.js';
import type { Locale } from '../i18n/translate.js';
import { prefillValues } from '../form/engine.js';
import { sampleCard, sampleService, SAMPLE_ID } from '../test-support/fixtures.js';
import { AttractScreen } from './AttractScreen.js';
import { FormScreen } from './FormScreen.js';
import { IdentifyScreen } from './IdentifyScreen.js';
import { ReviewScreen } from './ReviewScreen.js';
import { ServicesScreen } from './ServicesScreen.js';
import { SubmitFailedScreen, SubmittedScreen } from './SubmitScreens.js';

const render = (node: React.ReactNode, locale: Locale = 'zh-CN') =>
  renderToStaticMarkup(<I18nProvider initialLocale={locale}>{node}</I18nProvider>);
const noop = () => undefined;

describe('screens', () => {
  it('attract shows the terminal name and the start target', () => {
    const html = render(<AttractScreen terminalName={{ zh: '一号机', en: 'Terminal 1' }} keypad={false} onStart={noop} onQuery={noop} />, 'en');
    expect(html).toContain('data-testid="attract-start"');
    expect(html).toContain('data-testid="attract-query"');
    expect(html).toContain('Terminal 1');
    expect(html).toContain('Touch the screen to start');
  });

  it('services: network-only services are disabled with a reason while offline; keypad shows digits', () => {
    const networkOnly = { ...sampleService, id: 'svc-net', requiresNetwork: true, highFrequency: false };
    const html = render(<ServicesScreen services={[sampleService, networkOnly]} online={false} offlineKnown keypad onChoose={noop} onBack={noop} />);
    expect(html).toContain('data-testid="service-item-svc-social-security-card"');
    expect(html).toMatch(/<button[^>]*data-testid="service-item-svc-net"[^>]*disabled=""/);
    expect(html).toContain('需要联网');
    expect(html).toContain('data-testid="services-offline-notice"');
    expect(html).toContain('办理部门：人力资源和社会保障局');
    expect(html).toContain('service-item__key');
  });

  it('identify explains an expired card and offers a way forward', () => {
    const html = render(<IdentifyScreen service={sampleService} problem={{ kind: 'expired' }} onChooseOther={noop} />);
    expect(html).toContain('data-problem="expired"');
    expect(html).toContain('已经过期');
    expect(html).toContain('data-testid="identify-choose-other"');
  });

  it('form: fields by key, the ID number masked (the name in full, for the person to check), values from the card marked', () => {
    const values = prefillValues(sampleService.form, sampleCard);
    const html = render(<FormScreen service={sampleService} card={sampleCard} values={values} onChange={noop} onNext={noop} onBack={noop} />);
    for (const field of sampleService.form) expect(html).toContain(`field-${field.key}`);
    expect(html).not.toContain(SAMPLE_ID);
    expect(html).toMatch(/data-testid="field-idNumber"[^>]*data-masked="true"|data-masked="true"[^>]*data-testid="field-idNumber"/);
    expect(html).toContain(`value="${sampleCard.name}"`);
    expect(html).toContain('已从证件读取');
    expect(html).toContain('data-testid="form-next"');
  });

  it('review shows masked name and ID only', () => {
    const values = { ...prefillValues(sampleService.form, sampleCard), phone: '13812345678' };
    const html = render(<ReviewScreen service={sampleService} card={sampleCard} values={values} online onSubmit={noop} onEdit={noop} />, 'en');
    expect(html).toContain('张**');
    expect(html).not.toContain(SAMPLE_ID);
    expect(html).not.toContain(sampleCard.name);
    expect(html).toContain('Male');
    expect(html).toContain('data-testid="review-submit"');
  });

  it('submitted shows the number; a failed print shows the reason in the chosen language', () => {
    const application = {
      applicationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      applicationNumber: 'YC-T0001-20261122-0001',
      qrPayload: 'yichuang://case/YC-T0001-20261122-0001',
      submittedAt: '2026-11-22T02:00:00.000Z',
      takenOffline: true,
    };
    const error = { code: 'paper_out', message: { zh: '打印机缺纸', en: 'the printer is out of paper' } };
    const html = render(<SubmittedScreen application={application} print={{ kind: 'failed', error }} onFinish={noop} />, 'en');
    expect(html).toContain('data-testid="submitted-number"');
    expect(html).toContain('YC-T0001-20261122-0001');
    expect(html).toContain('data-state="failed"');
    expect(html).toContain('the printer is out of paper');
    expect(html).toContain('data-testid="submitted-offline"');
  });

  it('submit failed because an image was refused: says what to do, in the chosen language', () => {
    const problem = { code: 'too_large', message: { zh: '图片太大（超过 10 MB），请重新拍摄。', en: 'The image is too large (over 10 MB); please capture it again.' } };
    const zh = render(<SubmitFailedScreen reason="attachment not stored: too_large" problem={problem} onRetry={noop} onBack={noop} />);
    expect(zh).toContain('data-testid="submit-failed-problem"');
    expect(zh).toContain('图片太大');
    expect(render(<SubmitFailedScreen reason="attachment not stored: too_large" problem={problem} onRetry={noop} onBack={noop} />, 'en')).toContain('please capture it again');
    expect(render(<SubmitFailedScreen reason="storage: QuotaExceededError" onRetry={noop} onBack={noop} />)).not.toContain('submit-failed-problem');
  });
});
