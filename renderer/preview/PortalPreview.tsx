import { useMemo, useRef, useState } from 'react';
import { describePlacement, renderPreview } from '../../shared/portal/preview';
import { absoluteUrl } from '../../shared/portal/paths';
import { storyPhotoIds } from '../../shared/portal/summary';
import type { StoryWithBody } from '../../shared/story/story';
import { Alert } from '../app/Alert';
import { mediaUrl } from '../api/client';
import { useSettings } from '../app/SettingsContext';
import { useElementWidth } from './useElementWidth';
import { usePortalContext } from './usePortalContext';
import './preview.css';

const DEVICES = {
  desktop: { label: 'Desktop', width: 1280, height: 900 },
  mobile: { label: 'Mobile', width: 390, height: 844 },
} as const;
type Device = keyof typeof DEVICES;

const PAGES = {
  article: { label: 'Article page' },
  home: { label: 'Home page' },
} as const;
type PageView = keyof typeof PAGES;

/** How the page is shown: shrunk to the panel's width, or at its real size (the panel scrolls). */
const ZOOMS = {
  fit: { label: 'Fit to panel' },
  actual: { label: '100 %' },
} as const;
type Zoom = keyof typeof ZOOMS;

/** A named group of buttons, one a choice; the pressed one is the current choice. */
function ChoiceButtons<K extends string>({
  label,
  choices,
  value,
  onChange,
}: {
  label: string;
  choices: Record<K, { label: string }>;
  value: K;
  onChange: (choice: K) => void;
}) {
  return (
    <div role="group" aria-label={label}>
      {(Object.keys(choices) as K[]).map((key) => (
        <button key={key} type="button" aria-pressed={value === key} onClick={() => onChange(key)}>
          {choices[key].label}
        </button>
      ))}
    </div>
  );
}

/** The scale that fits a page `pageWidth` wide into `available` pixels; never enlarged. */
export function fitScale(pageWidth: number, available: number): number {
  return available > 0 && available < pageWidth ? available / pageWidth : 1;
}

/**
 * The portal page readers would get, shown in a sandboxed iframe (no scripts, no same-origin
 * access) at desktop or mobile width: the same HTML the publisher writes, but for photo URLs.
 * A second view shows the home page with the story placed where publishing would put it. It renders
 * the story it is given: the caller decides how often that moves (the story view: when typing
 * pauses), since each render lays out a whole page.
 */
export function PortalPreview({ story }: { story: StoryWithBody }) {
  const { settings } = useSettings();
  const profile = settings.portalProfile;
  const [device, setDevice] = useState<Device>('desktop');
  const [page, setPage] = useState<PageView>('article');
  const [zoom, setZoom] = useState<Zoom>('fit');
  const frameRef = useRef<HTMLDivElement>(null);
  const available = useElementWidth(frameRef);
  const photoIds = useMemo(() => storyPhotoIds(story), [story]);
  // Asked again after a publish or unpublish, so the archived URL and the home page follow.
  const portal = usePortalContext(story.id, photoIds, `${story.state} ${story.lastPublishedAt}`);
  // Render time moves only with the story, so an idle preview does not re-render on its own.
  const now = story.updatedAt;

  const preview = useMemo(
    () =>
      renderPreview(story, {
        profile,
        now,
        archivedPath: portal.context?.archivedPath ?? null,
        recent: portal.context?.recent ?? [],
        photos: new Map((portal.context?.photos ?? []).map((photo) => [photo.id, photo])),
        imageUrl: mediaUrl,
      }),
    [story, profile, now, portal.context],
  );
  const size = DEVICES[device];
  const scale = zoom === 'fit' ? fitScale(size.width, available) : 1;
  const isPublished = (portal.context?.archivedPath ?? null) !== null;

  return (
    <div className="portal-preview">
      <div className="portal-preview-toolbar">
        <ChoiceButtons label="Page" choices={PAGES} value={page} onChange={setPage} />
        <ChoiceButtons label="Width" choices={DEVICES} value={device} onChange={setDevice} />
        <ChoiceButtons label="Zoom" choices={ZOOMS} value={zoom} onChange={setZoom} />
      </div>
      <p className="portal-preview-where">
        {isPublished ? 'Published at ' : 'Would be published at '}
        <span className="portal-preview-url">{absoluteUrl(profile, preview.path)}</span>
      </p>
      {page === 'home' && (
        <p className="portal-preview-where">{describePlacement(preview.placement)}</p>
      )}
      {portal.status === 'failed' && (
        <Alert message={`The preview cannot show recent stories and photos: ${portal.message}`} />
      )}
      <p className="portal-preview-where" aria-live="polite">
        {size.width} px wide, shown at {Math.round(scale * 100)} %
      </p>
      <div ref={frameRef} className={`portal-preview-frame portal-preview-${zoom}`}>
        {/* The page is laid out at its real width and shrunk as a picture, as a phone or a
            desktop browser would lay it out: narrowing the frame instead would show another layout. */}
        <div
          className="portal-preview-sizer"
          style={{ width: size.width * scale, height: size.height * scale }}
        >
          <iframe
            title="Portal preview"
            sandbox=""
            referrerPolicy="no-referrer"
            srcDoc={page === 'article' ? preview.articleHtml : preview.homeHtml}
            width={size.width}
            height={size.height}
            style={{ transform: `scale(${scale})` }}
          />
        </div>
      </div>
    </div>
  );
}
