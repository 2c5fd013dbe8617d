// The capture dialog of the UVC document camera: live picture while the person lays the page under the
// camera, then 拍摄 takes the frame (or 取消 / Escape gives up). Opened by UvcCamera.capture(); the stream
// is stopped as soon as the dialog closes, so the camera is never left on.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { err } from '../../../sync/protocol/result.js';
import { useI18n } from '../i18n/index.js';
import { grabFrame, uvcError, type UvcCamera, type UvcRequest } from './uvc-camera.js';

export function UvcCaptureDialog({ camera }: { camera: UvcCamera }) {
  const request = useSyncExternalStore(camera.subscribe, camera.getSnapshot);
  return request ? <CaptureView request={request} /> : null;
}

function CaptureView({ request }: { request: UvcRequest }) {
  const { t } = useI18n();
  const videoRef = useRef<HTMLVideoElement>(null);
  const takeRef = useRef<HTMLButtonElement>(null);
  const [live, setLive] = useState(false);
  const [taking, setTaking] = useState(false);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let closed = false;
    void request.open().then(async (opened) => {
      if (!opened.ok) return request.finish(opened);
      stream = opened.value;
      if (closed) return stream.getTracks().forEach((track) => track.stop());
      const video = videoRef.current;
      if (!video) return;
      video.srcObject = stream;
      try {
        await video.play();
      } catch (e) {
        return request.finish(err(uvcError('capture_failed', `video.play: ${e instanceof Error ? e.name : 'unknown'}`)));
      }
      if (!closed) setLive(true);
    });
    return () => {
      closed = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [request]);

  useEffect(() => {
    if (live) takeRef.current?.focus();
  }, [live]);

  const cancel = () => request.finish(err(uvcError('cancelled')));
  const take = async () => {
    const video = videoRef.current;
    if (!video || taking) return;
    setTaking(true);
    request.finish(await grabFrame(video, request.settings.mime));
  };

  return (
    <div className="overlay" role="presentation">
      <div
        className="dialog uvc-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="uvc-title"
        aria-describedby="uvc-hint"
        data-testid="uvc-dialog"
        data-state={live ? 'live' : 'opening'}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            cancel();
          }
        }}
      >
        <h2 id="uvc-title">{t('uvc.title')}</h2>
        <p id="uvc-hint">{live ? t('uvc.hint') : t('uvc.opening')}</p>
        <video ref={videoRef} className="uvc-dialog__video" data-testid="uvc-preview" aria-label={t('uvc.video')} muted playsInline />
        <div className="actions">
          <button ref={takeRef} type="button" className="button button--primary" data-testid="uvc-take" disabled={!live || taking} onClick={() => void take()}>
            {t('uvc.take')}
          </button>
          <button type="button" className="button" data-testid="uvc-cancel" onClick={cancel}>
            {t('uvc.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
