// The staff figure ("N waiting, oldest M minutes"), held applications with the platform's reason, and the
// services screen once an offline limit is reached: server rendering of the views with test data.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { INITIAL_REPLICATION_STATE, type HeldApplication } from '../data/replication.js';
import { I18nProvider } from '../i18n/index.js';
import type { Locale } from '../i18n/translate.js';
import { ServicesScreen } from '../screens/ServicesScreen.js';
import { sampleService } from '../test-support/fixtures.js';
import { Connectivity } from './Connectivity.js';
import { needsEnrolment, normaliseEnrolmentCode } from './EnrolPanel.js';

const render = (node: React.ReactNode, locale: Locale = 'zh-CN') =>
  renderToStaticMarkup(<I18nProvider initialLocale={locale}>{node}</I18nProvider>);
const noop = () => undefined;
const now = new Date('2026-11-22T10:00:00.000Z');

describe('staff corner', () => {
  it('shows how many wait and how long the oldest has waited, in both languages', () => {
    const replication = { ...INITIAL_REPLICATION_STATE, waiting: 3, oldestWaitingSince: '2026-11-22T09:13:20.000Z' };
    const zh = render(<Connectivity replication={replication} now={now} host="open" devices={[]} />);
    expect(zh).toContain('3 件待发送');
    expect(zh).toContain('最早一件已等 46 分钟');
    const en = render(<Connectivity replication={replication} now={now} host="open" devices={[]} />, 'en');
    expect(en).toContain('3 waiting');
    expect(en).toContain('oldest 46 min');
    // Long waits read in hours.
    const long = render(<Connectivity replication={{ ...replication, oldestWaitingSince: '2026-11-21T20:00:00.000Z' }} now={now} host="open" devices={[]} />);
    expect(long).toContain('最早一件已等 14 小时');
  });

  it('says nothing about age when nothing waits', () => {
    const html = render(<Connectivity replication={INITIAL_REPLICATION_STATE} now={now} host="open" devices={[]} />);
    expect(html).toContain('0 件待发送');
    expect(html).not.toContain('connectivity-oldest');
    expect(html).not.toContain('connectivity-held');
  });

  it('lists held applications with their number and the platform reason, not personal data', () => {
    const held: HeldApplication[] = [
      {
        id: 'a1',
        applicationNumber: 'YC-T-0001-20261122-0007',
        serviceId: 'svc',
        submittedAt: '2026-11-22T09:00:00.000Z',
        heldAt: '2026-11-22T09:05:00.000Z',
        status: 400,
        code: 'invalid_document',
        reason: 'row 0: applicant.idNumber: check digit does not match',
        field: 'applicant.idNumber',
      },
    ];
    const html = render(<Connectivity replication={{ ...INITIAL_REPLICATION_STATE, held: 1 }} held={held} now={now} host="open" devices={[]} />);
    expect(html).toContain('1 件被平台退回');
    expect(html).toContain('YC-T-0001-20261122-0007');
    expect(html).toContain('400 invalid_document');
    expect(html).toContain('applicant.idNumber: check digit does not match');
    expect(html).toContain('未删除');
  });
});

describe('services screen at an offline limit', () => {
  it('refuses every service before the person starts, and sends them to the counter', () => {
    const html = render(<ServicesScreen services={[sampleService]} online={false} offlineKnown queueFull keypad={false} onChoose={noop} onBack={noop} />);
    expect(html).toContain('data-testid="services-queue-full"');
    expect(html).toContain('请到人工窗口办理');
    expect(html).toMatch(/<button[^>]*data-testid="service-item-svc-social-security-card"[^>]*disabled=""/);
    const en = render(<ServicesScreen services={[sampleService]} online={false} offlineKnown queueFull keypad={false} onChoose={noop} onBack={noop} />, 'en');
    expect(en).toContain('Please go to a service counter, or try again later.');
  });

  it('offers services again below the limit', () => {
    const html = render(<ServicesScreen services={[sampleService]} online={false} offlineKnown keypad={false} onChoose={noop} onBack={noop} />);
    expect(html).not.toContain('services-queue-full');
    expect(html).not.toMatch(/<button[^>]*data-testid="service-item-svc-social-security-card"[^>]*disabled=""/);
  });
});

describe('enrolling again from the staff corner', () => {
  const enrol = async () => ({ ok: true as const, value: { enrolledAt: '2026-11-22T06:00:00.000Z' } });

  it('offers it only when the platform refuses this terminal for good', () => {
    expect(needsEnrolment('platform answered 401 unknown_terminal: terminal is not enrolled with the platform')).toBe(true);
    expect(needsEnrolment('platform answered 401 revoked: terminal credential has been revoked; enrol again with a new code')).toBe(true);
    expect(needsEnrolment('platform answered 401 stale_timestamp: clock')).toBe(false);
    expect(needsEnrolment('platform unreachable: fetch failed')).toBe(false);
    expect(needsEnrolment(null)).toBe(false);
  });

  it('puts the dashes back into a platform code typed without them (the on-screen keyboard has none)', () => {
    expect(normaliseEnrolmentCode('7kqxm2pa9zzt4hh3b8cd')).toBe('7KQX-M2PA-9ZZT-4HH3-B8CD');
    expect(normaliseEnrolmentCode(' 7KQX-M2PA-9ZZT-4HH3-B8CD ')).toBe('7KQX-M2PA-9ZZT-4HH3-B8CD');
    expect(normaliseEnrolmentCode('dev-enrollment-code-0001')).toBe('dev-enrollment-code-0001');
    expect(normaliseEnrolmentCode('SHORTCODE12345')).toBe('SHORTCODE12345');
  });

  it('says the queue is kept and offers a code field, in both languages', () => {
    const replication = { ...INITIAL_REPLICATION_STATE, waiting: 2, oldestWaitingSince: '2026-11-22T09:50:00.000Z', lastError: 'platform answered 401 unknown_terminal: terminal is not enrolled with the platform' };
    const zh = render(<Connectivity replication={replication} now={now} host="open" devices={[]} onEnrol={enrol} />);
    expect(zh).toContain('data-testid="enrol-needed"');
    expect(zh).toContain('需要重新登记');
    expect(zh).toContain('仍保存在本机');
    expect(zh).toContain('data-testid="enrol-open"');
    const en = render(<Connectivity replication={replication} now={now} host="open" devices={[]} onEnrol={enrol} />, 'en');
    expect(en).toContain('needs enrolling again');
    const offline = render(<Connectivity replication={{ ...replication, lastError: 'platform unreachable: fetch failed' }} now={now} host="open" devices={[]} onEnrol={enrol} />);
    expect(offline).not.toContain('enrol-needed');
  });
});
