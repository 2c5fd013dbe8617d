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

describe('held applications: plain reasons and staff actions', () => {
  const base: HeldApplication = {
    id: 'h1',
    applicationNumber: 'YC-T-0001-20261122-0009',
    serviceId: 'svc',
    submittedAt: '2026-11-22T09:00:00.000Z',
    heldAt: '2026-11-22T09:05:00.000Z',
    status: 413,
    code: 'attachment_too_large',
    reason: "Upload-Length 40278 is over the platform's limit of 3000 bytes",
    field: 'attachments',
  };
  const resend = async () => ({ kind: 'sent' as const });
  const handOver = async () => null;

  it('says why in plain words, in Chinese and English, with the platform detail beneath and both actions', () => {
    const zh = render(<Connectivity replication={{ ...INITIAL_REPLICATION_STATE, held: 1 }} held={[base]} onResend={resend} onHandOver={handOver} now={now} host="open" devices={[]} />);
    expect(zh).toContain('附件（签名或材料图片）超过平台允许的大小');
    expect(zh).toContain('limit of 3000 bytes');
    expect(zh).toContain('data-testid="held-resend-h1"');
    expect(zh).toContain('重新发送');
    expect(zh).toContain('转人工窗口');
    const en = render(<Connectivity replication={{ ...INITIAL_REPLICATION_STATE, held: 1 }} held={[base]} onResend={resend} onHandOver={handOver} now={now} host="open" devices={[]} />, 'en');
    expect(en).toContain("over the platform&#x27;s size limit; send it again once the platform&#x27;s limit is raised");
    expect(en).toContain('Send again');
    expect(en).toContain('Hand over to counter');
  });

  it('names every refusal the platform and the uploads give, and falls back to the code', () => {
    const cases: [string, number, string][] = [
      ['invalid_document', 400, '申请内容不符合平台要求'],
      ['terminal_mismatch', 403, '属于另一台终端'],
      ['id_taken', 409, '同一编号的另一份申请'],
      ['too_large', 413, '申请超过平台允许的大小'],
      ['attachment_unsupported_media_type', 415, '不是平台接受的图片格式'],
      ['attachment_hash_mismatch', 460, '校验不一致'],
      ['attachment_mismatch', 409, '已存的附件与本申请记录的不一致'],
      ['attachment_gone', 0, '本机找不到此申请的附件'],
      ['something_new', 422, '平台拒收此申请（422 something_new）'],
    ];
    for (const [code, status, words] of cases) {
      const html = render(<Connectivity replication={{ ...INITIAL_REPLICATION_STATE, held: 1 }} held={[{ ...base, code, status }]} now={now} host="open" devices={[]} />);
      expect(html, code).toContain(words);
    }
  });

  it('a handed-over application is marked with the time, still listed (kept), and cannot be handed over twice', () => {
    const handed = { ...base, code: 'attachment_gone', status: 0, handedOverAt: '2026-11-22T09:30:00.000Z' };
    const html = render(<Connectivity replication={{ ...INITIAL_REPLICATION_STATE, held: 1 }} held={[handed]} onResend={resend} onHandOver={handOver} now={now} host="open" devices={[]} />);
    expect(html).toContain('已转人工窗口办理（2026-11-22 09:30），仍保留在本机');
    expect(html).toContain('1 件已转人工窗口');
    expect(html).not.toContain('held-handover-h1');
    expect(html).toContain('held-resend-h1');
  });

  it('tells staff when applications were taken over an offline limit, in both languages', () => {
    const taken = [{ id: 'x', applicationNumber: 'YC-T-0001-20261122-0010', at: '2026-11-22T09:40:00.000Z', limit: 'count' as const }];
    const zh = render(<Connectivity replication={{ ...INITIAL_REPLICATION_STATE, waiting: 4 }} takenOverLimit={taken} now={now} host="open" devices={[]} />);
    expect(zh).toContain('已超出离线上限仍受理 1 件');
    expect(zh).toContain('新的办事人请引导至人工窗口');
    const en = render(<Connectivity replication={{ ...INITIAL_REPLICATION_STATE, waiting: 4 }} takenOverLimit={taken} now={now} host="open" devices={[]} />, 'en');
    expect(en).toContain('1 taken over the offline limit');
    const none = render(<Connectivity replication={INITIAL_REPLICATION_STATE} now={now} host="open" devices={[]} />);
    expect(none).not.toContain('over-limit-notice');
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
