// The shell: boot state → the terminal's session. Effects (host events, durable submit, printing,
// idle timeout) live here; the screens are plain views of the session state machine.
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore } from 'react';
import { map } from 'rxjs';
import type { DeviceStatusReport } from '../../main/api/devices.js';
import type { TerminalEvent } from '../../main/api/terminal-api.js';
import type { UserFacingError } from '../../sync/protocol/result.js';
import type { ApplicationRecord } from './data/database.js';
import { catalogItemSchema, type CatalogItem } from '../../sync/protocol/catalog.js';
import { Connectivity } from './components/Connectivity.js';
import { DevPanel } from './components/DevPanel.js';
import { DevicePanel } from './components/DevicePanel.js';
import { createUvcCamera } from './camera/uvc-camera.js';
import { UvcCaptureDialog } from './camera/UvcCaptureDialog.js';
import { createUvcPresence } from './camera/uvc-presence.js';
import type { MaterialsApi } from './materials/MaterialsPanel.js';
import { Header, screenText } from './components/Header.js';
import { IdleDialog } from './components/IdleDialog.js';
import { OnScreenKeyboard } from './keyboard/OnScreenKeyboard.js';
import { sortCatalog } from './data/catalog.js';
import { offlineLimitBreach } from './data/offline-limits.js';
import { takenOverLimitWaiting$, type TakenOverLimit } from './data/over-limit.js';
import { auditCode, INITIAL_REPLICATION_STATE, type HeldApplication } from './data/replication.js';
import { withMergedForm } from './form/bundle.js';
import { eCertificateChanges, usesECertificates, type ECertificateStatus } from './form/e-certificates.js';
import { materialKey } from './materials/extras.js';
import { validateForm } from './form/engine.js';
import type { HostConnectionState } from './host-api/index.js';
import { useI18n } from './i18n/index.js';
import type { BootStore, Terminal } from './runtime/boot.js';
import { AttractScreen } from './screens/AttractScreen.js';
import { BootScreen } from './screens/BootScreen.js';
import { FormScreen } from './screens/FormScreen.js';
import { IdentifyScreen } from './screens/IdentifyScreen.js';
import { QueryScreen } from './screens/QueryScreen.js';
import { ReviewScreen } from './screens/ReviewScreen.js';
import { ServicesScreen } from './screens/ServicesScreen.js';
import { DoneScreen, SubmitFailedScreen, SubmittedScreen, SubmittingScreen } from './screens/SubmitScreens.js';
import { identifyByQr, isIdentityQrText } from './identity/qr-identity-card.js';
import { INITIAL_SESSION, sessionTransition, type SessionEvent, type SessionState } from './session/machine.js';
import { runSubmission } from './session/submit-flow.js';
import { signedCommitment } from './commitment/commitment-text.js';
import { a4PrinterReady, buildA4ApplicationForm, buildA4Commitment, buildA4Receipt, madeCommitment } from './receipt/a4.js';
import { buildReceipt } from './receipt/receipt.js';
import type { A4Actions } from './screens/SubmitScreens.js';
import { saveRating } from './rating/save.js';
import { listenForWedgeScans } from './scan/wedge-listener.js';
import { useIdleCountdown, useKeys, useNow, useObservable } from './ui/hooks.js';
import { usePreferences } from './ui/preferences.js';
import { hostSpeechEngine, setFallbackSpeechEngine } from './ui/speech.js';

/** Elder mode multiplies the idle timeout by this. */
export const ELDER_IDLE_FACTOR = 2;

export function App({ boot }: { boot: BootStore }) {
  const state = useSyncExternalStore(boot.subscribe, boot.getSnapshot);
  if (state.phase !== 'ready') {
    return (
      <div className="app" data-phase={state.phase}>
        <Header terminalName={null} />
        <BootScreen state={state} />
      </div>
    );
  }
  return <TerminalApp terminal={state.terminal} />;
}

/** Catalog documents through the zod schema: defaults applied, malformed items left out (and logged). */
function toCatalogItems(docs: readonly { toJSON(): unknown }[]): CatalogItem[] {
  const items: CatalogItem[] = [];
  for (const doc of docs) {
    const parsed = catalogItemSchema.safeParse(doc.toJSON());
    if (parsed.success) items.push(parsed.data);
    else console.warn('catalog item left out: does not match the schema', parsed.error.issues[0]?.path.join('.'));
  }
  return sortCatalog(items.filter((i) => i.kind === 'service' || i.kind === 'bundle'));
}

function useDeviceStatuses(terminal: Terminal, hostStatus: HostConnectionState['status']): readonly DeviceStatusReport[] {
  const [devices, setDevices] = useState<ReadonlyMap<string, DeviceStatusReport>>(new Map());
  useEffect(() => {
    return terminal.host.onEvent((event) => {
      if (event.type !== 'device-status') return;
      setDevices((prev) => new Map(prev).set(event.report.deviceId, event.report));
    });
  }, [terminal]);
  useEffect(() => {
    if (hostStatus !== 'open') return;
    let cancelled = false;
    terminal.host.api.getDeviceStatuses().then(
      (reports) => {
        if (!cancelled) setDevices(new Map(reports.map((r) => [r.deviceId, r])));
      },
      (error: unknown) => console.warn('getDeviceStatuses failed', error),
    );
    return () => {
      cancelled = true;
    };
  }, [terminal, hostStatus]);
  return useMemo(() => [...devices.values()].sort((a, b) => a.deviceClass.localeCompare(b.deviceClass)), [devices]);
}

function TerminalApp({ terminal }: { terminal: Terminal }) {
  const { info, data, replication, host } = terminal;
  const { locale, resetLocale, t, pick } = useI18n();
  const preferences = usePreferences();

  const catalog$ = useMemo(() => data.catalog.find().$.pipe(map(toCatalogItems)), [data]);
  const services = useObservable<CatalogItem[]>(catalog$, []);
  const sync = useObservable(replication.state$, INITIAL_REPLICATION_STATE);
  const held = useObservable<readonly HeldApplication[]>(replication.held$, []);
  // The waiting time grows by itself: the clock ticks while anything waits (staff figure, age limit).
  const now = useNow(sync.waiting > 0 ? 15_000 : null);
  const queueFull = offlineLimitBreach(sync, info.offlineLimits, now) !== null;
  const overLimit$ = useMemo(() => takenOverLimitWaiting$(data), [data]);
  const takenOverLimit = useObservable<readonly TakenOverLimit[]>(overLimit$, []);
  const hostState = useObservable(host.connection$, { status: 'open', transport: 'websocket', attempt: 0, lastError: null } as HostConnectionState);
  const devices = useDeviceStatuses(terminal, hostState.status);

  const options = useMemo(() => ({ endSessionOnCardRemoval: info.endSessionOnCardRemoval }), [info.endSessionOnCardRemoval]);
  const reducer = useCallback((s: SessionState, e: SessionEvent) => sessionTransition(s, e, options), [options]);
  const [session, dispatch] = useReducer(reducer, INITIAL_SESSION);

  const end = useCallback(() => dispatch({ type: 'end' }), []);
  // A UVC document camera is opened by the screen itself; otherwise pages come from the host (captureDocument).
  const { documentCamera } = info;
  // The screen watches its UVC camera and tells the host (staff panel, heartbeats) when that changes.
  const uvcPresence = useMemo(
    () =>
      documentCamera?.kind === 'uvc'
        ? createUvcPresence({
            settings: documentCamera,
            media: navigator.mediaDevices,
            permissions: navigator.permissions,
            report: (state) => host.api.reportUvcCamera({ state }),
          })
        : null,
    [documentCamera, host],
  );
  useEffect(() => {
    void uvcPresence?.start();
    return () => uvcPresence?.stop();
  }, [uvcPresence]);
  useEffect(() => {
    if (hostState.status === 'open') uvcPresence?.resend();
  }, [hostState.status, uvcPresence]);
  const uvc = useMemo(
    () => (documentCamera?.kind === 'uvc' ? createUvcCamera(documentCamera, uvcPresence ? () => uvcPresence.open() : undefined) : null),
    [documentCamera, uvcPresence],
  );
  const materialsApi = useMemo<MaterialsApi>(
    () => (uvc ? { captureDocument: () => uvc.capture(), ocrDocument: (args) => host.api.ocrDocument(args) } : host.api),
    [uvc, host],
  );
  useEffect(() => {
    if (session.kind === 'attract') uvc?.cancel();
  }, [session.kind, uvc]);
  // A refused scan outside the query screens: shown as a plain message until the next scan or screen.
  const [scanNotice, setScanNotice] = useState<UserFacingError | null>(null);
  useEffect(() => setScanNotice(null), [session.kind]);
  const applications$ = useMemo(() => data.applications.find().$.pipe(map((docs) => docs.map((d) => d.toJSON() as ApplicationRecord))), [data]);
  // Elder mode: twice the time before the session ends, and a longer warning.
  const idleSeconds = info.idleTimeoutSeconds * (preferences.elderMode ? ELDER_IDLE_FACTOR : 1);
  const idle = useIdleCountdown({
    active: session.kind !== 'attract' && session.kind !== 'submitting',
    timeoutSeconds: idleSeconds,
    warnSeconds: Math.min(30, Math.max(5, Math.floor(idleSeconds / 4))),
    onTimeout: end,
  });
  const { poke } = idle;

  // Card reader events drive the session; they count as activity. Keyboard-wedge scans (detected in this
  // page, scan/wedge-listener.ts, with this terminal's thresholds) arrive as the same 'scan' events as the
  // host's scanners.
  const { maxInterKeyMs, minLength, suffixKey } = info.keyboardWedge;
  useEffect(() => {
    const onEvent = (event: TerminalEvent) => {
      switch (event.type) {
        case 'card-present':
          dispatch({ type: 'card-present', card: event.card });
          break;
        case 'card-removed':
          dispatch({ type: 'card-removed' });
          break;
        case 'card-error':
          dispatch({ type: 'card-error', error: event.error });
          break;
        // Scanned text is untrusted. An identity QR goes to the host's offline verifier and, verified, enters
        // the session as a card would; anything else the machine only matches against the receipt QR's shape.
        case 'scan':
          setScanNotice(null);
          if (isIdentityQrText(event.scan.text)) {
            void identifyByQr(host.api, event.scan.text).then((identified) =>
              identified.ok ? dispatch({ type: 'card-present', card: identified.value }) : setScanNotice(identified.error),
            );
            break;
          }
          dispatch({ type: 'scan', text: event.scan.text });
          break;
        case 'scan-error':
          dispatch({ type: 'scan-error', error: event.error });
          setScanNotice(event.error);
          break;
        default:
          return;
      }
      poke();
    };
    const offHost = host.onEvent(onEvent);
    const offWedge = listenForWedgeScans(window, onEvent, { maxInterKeyMs, minLength, suffixKey });
    return () => {
      offHost();
      offWedge();
    };
  }, [host, poke, maxInterKeyMs, minLength, suffixKey]);

  // Read-aloud falls back to the host's offline engine (espeak-ng) when Chromium has no voice.
  useEffect(() => {
    setFallbackSpeechEngine(hostSpeechEngine(host.api));
    return () => setFallbackSpeechEngine(null);
  }, [host]);

  // Every session starts in Chinese and clean, in the normal mode.
  const { reset: resetPreferences, elderMode, setElderMode, readAloud } = preferences;
  useEffect(() => {
    if (session.kind === 'attract') {
      resetLocale();
      resetPreferences();
    }
  }, [session.kind, resetLocale, resetPreferences]);

  // Elder mode reads each new screen aloud (after it has rendered).
  useEffect(() => {
    if (!elderMode) return;
    const timer = setTimeout(() => readAloud(screenText(), locale), 300);
    return () => clearTimeout(timer);
  }, [session.kind, elderMode, locale, readAloud]);

  // Side function keys, on every screen: F7 elder mode, F8 read aloud.
  useKeys((event) => {
    if (event.key === 'F7') {
      setElderMode(!elderMode);
      return true;
    }
    if (event.key === 'F8') {
      readAloud(screenText(), locale);
      return true;
    }
    return false;
  }, { inInputs: true });

  const busy = useRef(false);
  const submit = useCallback(
    async (current: SessionState) => {
      if (busy.current || (current.kind !== 'review' && current.kind !== 'submit-failed')) return;
      busy.current = true;
      try {
        // The limits again at the moment of submitting: reached while the person filled the form in, the
        // application is still taken and staff are told (data/over-limit.ts).
        const overLimit = offlineLimitBreach(sync, info.offlineLimits, new Date());
        await runSubmission(current, { data, api: host.api, replication, info, online: sync.online, overLimit, locale, catalog: services, dispatch });
      } catch (error) {
        console.error('submission failed unexpectedly', error);
        dispatch({ type: 'submit-failed', reason: error instanceof Error ? error.name : 'unknown' });
      } finally {
        busy.current = false;
      }
    },
    [data, host, info, locale, replication, services, sync],
  );

  // 一证通办: once per person and service on the form, online only, never for a typed number. The answer
  // lives in this state and the form values only, and goes with the session.
  const [eCert, setECert] = useState<{ readonly key: string; readonly status: ECertificateStatus } | null>(null);
  const sessionRef = useRef(session);
  useLayoutEffect(() => {
    sessionRef.current = session;
  });
  const eCertKey = session.kind === 'form' ? `${session.service.id}|${session.card.idNumber}` : null;
  useEffect(() => {
    if (session.kind === 'attract' || session.kind === 'done' || session.kind === 'services') setECert(null);
  }, [session.kind]);
  useEffect(() => {
    const current = sessionRef.current;
    if (eCertKey === null || current.kind !== 'form') return;
    if (eCert?.key === eCertKey) return;
    const { service, card } = current;
    const settle = (status: ECertificateStatus) => setECert({ key: eCertKey, status });
    if (!usesECertificates(service)) return settle({ kind: 'not-used' });
    if (card.identifiedBy === 'typed') return settle({ kind: 'weak-identity' });
    if (!sync.online) return settle({ kind: 'offline' });
    settle({ kind: 'loading' });
    void host.api.lookupECertificates({ idNumber: card.idNumber }).then(
      (answer) => {
        const now = sessionRef.current;
        // A late answer never lands on another person's or another service's form.
        if (now.kind !== 'form' || `${now.service.id}|${now.card.idNumber}` !== eCertKey) return;
        if (!answer.ok) return settle({ kind: answer.error.code === 'offline' ? 'offline' : 'failed' });
        const changes = eCertificateChanges(now.service, now.values, answer.value.certificates, materialKey);
        for (const [key, value] of Object.entries(changes.fields)) dispatch({ type: 'change-field', key, value });
        for (const key of changes.materials) dispatch({ type: 'set-extra', key: materialKey(key), value: 'e-certificate' });
        settle({
          kind: 'loaded',
          count: answer.value.certificates.length,
          filled: new Map(Object.entries(changes.fields)),
          satisfied: new Set(changes.materials),
        });
      },
      (error: unknown) => {
        console.warn('lookupECertificates failed', error instanceof Error ? error.name : 'unknown');
        settle({ kind: 'failed' });
      },
    );
  }, [eCertKey, eCert, sync.online, host]);

  const keypad = info.input === 'keypad';
  // "Cancel" where there is something to abandon: not on the start or list screens, not once submitted.
  const cancellable = session.kind === 'identify' || session.kind === 'form' || session.kind === 'review' || session.kind === 'submit-failed';

  // A4 from the submitted screen: the 受理回执, the application form, and the 告知承诺书 when one was made.
  const a4Actions = (submitted: Extract<SessionState, { kind: 'submitted' }>): A4Actions => {
    const { application, service, card, values } = submitted;
    const ids = { applicationId: application.applicationId, applicationNumber: application.applicationNumber };
    const receipt = buildReceipt({ ...application, service, card, terminalName: info.displayName, locale });
    return {
      receipt: () => host.api.printA4Document(buildA4Receipt({ receipt, service, locale })),
      application_form: () => host.api.printA4Document(buildA4ApplicationForm({ ...ids, service, card, values, locale })),
      ...(madeCommitment(service, values)
        ? {
            commitment: async () => {
              // The text stored with the application (what the person agreed to); worked out again the same
              // way only if the record is no longer on the terminal (purged after acknowledgement).
              const stored = await data.applications.findOne(application.applicationId).exec();
              const commitment = stored ? stored.toMutableJSON().commitment : signedCommitment(service, services, values);
              return host.api.printA4Document(buildA4Commitment({ ...ids, service, card, commitment, locale }));
            },
          }
        : {}),
    };
  };

  let screen: React.ReactNode;
  switch (session.kind) {
    case 'attract':
      screen = (
        <AttractScreen
          terminalName={info.displayName}
          keypad={keypad}
          onStart={() => dispatch({ type: 'start' })}
          onQuery={() => dispatch({ type: 'open-query' })}
        />
      );
      break;
    case 'query':
      screen = (
        <QueryScreen
          state={session}
          applications$={applications$}
          services={services}
          online={sync.online}
          api={host.api}
          onHome={() => dispatch({ type: 'finish' })}
        />
      );
      break;
    case 'services':
      screen = (
        <ServicesScreen
          services={services}
          online={sync.online}
          offlineKnown={!sync.online && sync.lastError !== null}
          queueFull={queueFull}
          keypad={keypad}
          // A bundle (一件事) goes on with its one merged form.
          onChoose={(service) => dispatch({ type: 'choose-service', service: withMergedForm(service, services) })}
          onBack={end}
        />
      );
      break;
    case 'identify':
      screen = (
        <IdentifyScreen
          key={session.service.id}
          service={session.service}
          problem={session.problem}
          keypad={keypad}
          onChooseOther={() => dispatch({ type: 'back' })}
          onTyped={(identity) => dispatch({ type: 'identity-typed', identity })}
        />
      );
      break;
    case 'form':
      screen = (
        <FormScreen
          key={session.service.id}
          service={session.service}
          card={session.card}
          values={session.values}
          onChange={(key, value) => dispatch({ type: 'change-field', key, value })}
          onNext={() => {
            if (Object.keys(validateForm(session.service.form, session.values)).length === 0) dispatch({ type: 'form-complete' });
          }}
          onBack={() => dispatch({ type: 'back' })}
          materialsApi={materialsApi}
          keypad={keypad}
          canCapture={uvc !== null || devices.some((d) => d.deviceClass === 'document-camera' && d.status.kind !== 'disabled')}
          eCertificates={eCert?.key === `${session.service.id}|${session.card.idNumber}` ? eCert.status : undefined}
        />
      );
      break;
    case 'review':
      screen = (
        <ReviewScreen
          service={session.service}
          card={session.card}
          values={session.values}
          online={sync.online || sync.lastError === null}
          onSubmit={() => void submit(session)}
          onEdit={() => dispatch({ type: 'back' })}
          onSetExtra={(key, value) => dispatch({ type: 'set-extra', key, value })}
          commitmentMode={info.signature}
          keypad={keypad}
          catalog={services}
        />
      );
      break;
    case 'submitting':
      screen = <SubmittingScreen />;
      break;
    case 'submit-failed':
      screen = <SubmitFailedScreen reason={session.reason} problem={session.problem ?? null} onRetry={() => void submit(session)} onBack={() => dispatch({ type: 'back' })} />;
      break;
    case 'submitted':
      screen = (
        <SubmittedScreen
          application={session.application}
          print={session.print}
          onFinish={() => dispatch({ type: 'finish' })}
          a4={a4PrinterReady(devices) ? a4Actions(session) : undefined}
        />
      );
      break;
    case 'done':
      screen = (
        <DoneScreen
          onHome={() => dispatch({ type: 'finish' })}
          rating={session.rating}
          keypad={keypad}
          onRate={(answer) => {
            if (session.rating) void saveRating(data, { ...session.rating, ...answer });
          }}
        />
      );
      break;
  }

  return (
    <div className="app" data-session={session.kind} data-input={info.input} data-elder-mode={preferences.elderMode || undefined}>
      <Header terminalName={info.displayName} onCancel={cancellable ? end : undefined} keypad={keypad} />
      {(preferences.speech === 'no-voice' || preferences.speech === 'unsupported') && (
        <p className="speech-note" role="status" data-testid="read-aloud-unavailable">
          {t('prefs.noVoice')}
        </p>
      )}
      {hostState.status !== 'open' && (
        <p className="banner" role="alert" data-testid="host-lost">
          {t('host.lost')}
        </p>
      )}
      {scanNotice && session.kind !== 'query' && (
        <p className="banner" role="alert" data-testid="scan-problem">
          {t('scan.problem', { reason: pick(scanNotice.message) })}
        </p>
      )}
      {screen}
      {info.input === 'touch' && <OnScreenKeyboard />}
      {idle.remaining !== null && <IdleDialog seconds={idle.remaining} onStay={poke} onEnd={end} />}
      <Connectivity
        replication={sync}
        held={held}
        takenOverLimit={takenOverLimit}
        onResend={async (id) => {
          const outcome = await replication.resendHeld(id);
          host.api
            .recordApplicationEvent({
              event: 'resent',
              applicationId: id,
              outcome: outcome.kind,
              ...(outcome.kind === 'held' ? { code: auditCode(outcome.held.code) } : {}),
            })
            .catch(() => undefined);
          return outcome;
        }}
        onHandOver={async (id) => {
          const marked = await replication.handOverHeld(id);
          if (marked) host.api.recordApplicationEvent({ event: 'handed_over', applicationId: id, code: auditCode(marked.code) }).catch(() => undefined);
          return marked;
        }}
        now={now}
        host={hostState.status}
        devices={devices}
        onEnrol={async (code) => {
          const enrolled = await host.api.enrollTerminal({ code });
          // The new credential signs from now on: retry at once, the queue goes out.
          if (enrolled.ok) replication.kick();
          return enrolled;
        }}
      />
      {uvc && <UvcCaptureDialog camera={uvc} />}
      <DevicePanel api={host.api} devices={devices} sessionEnded={session.kind === 'attract'} />
      {info.simulation && <DevPanel api={host.api} devices={devices} sessionEnded={session.kind === 'attract'} />}
    </div>
  );
}
