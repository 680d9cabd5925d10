import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { Editor, Transforms, type Descendant } from 'slate';
import { ReactEditor } from 'slate-react';
import type { Body } from '../../shared/story/body';
import { blockSchema } from '../../shared/story/schema';
import {
  fieldsOf,
  STATE_LABELS,
  storyOf,
  type StoryFields,
  type StoryWithBody,
} from '../../shared/story/story';
import { Alert } from '../app/Alert';
import { useSettings } from '../app/SettingsContext';
import type { StoryRow, VersionRow } from '../db/db';
import type { Photo } from '../../shared/media/photo';
import { BodyEditor } from '../editor/BodyEditor';
import { createBodyValueStore, useShownBody, type BodyValueStore } from '../editor/bodyValueStore';
import { figureFor, insertFigure } from '../editor/commands';
import { importPhotoFiles, summarizeImport } from '../photos/importPhotos';
import { PhotoPickerDialog } from '../photos/PhotoPickerDialog';
import { PortalPreview } from '../preview/PortalPreview';
import { useDebouncedValue } from '../preview/useDebouncedValue';
import type { StoryEditor } from '../editor/custom-types';
import { useStoryAccess } from '../workflow/useEditPermission';
import { WorkflowBar } from '../workflow/WorkflowBar';
import { countBody } from './bodyCounts';
import type { CompareSide } from './CompareView';
import { formatWhen, HistoryPanel, versionTitle } from './HistoryPanel';
import { LeadPhotoField } from './LeadPhotoField';
import { bodyOfState } from './storyBody';
import { readStory } from './repository/stories';
import { saveVersion } from './repository/versions';
import { StoryFieldsForm } from './StoryFieldsForm';
import { checker, spellingLanguageOf } from '../spelling/checker';
import { CheckingContext, type Checking } from '../spelling/CheckingContext';
import { CheckSummary } from '../spelling/CheckSummary';
import { createIgnoreList } from '../spelling/ignoreList';
import { useWordList } from '../spelling/wordList';
import { HouseStylePanel } from '../style/HouseStylePanel';
import type { StorySaver } from './storySaver';
import { createShownRow, createShownSave } from './shownStory';
import { createStoryRowFeed, type StoryRowFeed } from './storyRowFeed';
import { useFieldsFromElsewhere } from './useFieldsFromElsewhere';
import { useStorySession, type StorySession } from './useStorySession';
import type { StoryLink } from '../collab/collabHub';
import { BodyLockLine } from '../collab/BodyLockLine';
import { useHasUnsentChanges } from '../newsroom/sync/localStories';
import { isBodyLocked } from '../collab/useStoryLink';
import './stories.css';

/** How often to check whether active editing deserves an automatic version. */
const VERSION_CHECK_MS = 30_000;
/** Minutes of editing between automatic versions. */
const AUTO_VERSION_EVERY_MS = 5 * 60_000;

// The dictionary takes about a second to load: start it when the app loads, so a story opened
// later shows its first underlines at once.
checker().preload('en-US');

/** Checked blocks by identity: Slate keeps unchanged blocks, so a keystroke re-checks one. */
const checkedBlocks = new WeakMap<object, Body>();

/** The body as plain data, keeping only blocks the body schema accepts (what preview may show). */
function bodyOfValue(value: readonly Descendant[]): Body {
  return value.flatMap((node) => {
    const cached = checkedBlocks.get(node);
    if (cached !== undefined) return cached;
    const parsed = blockSchema.safeParse(node);
    const checked = parsed.success ? [parsed.data] : [];
    checkedBlocks.set(node, checked);
    return checked;
  });
}

/** The story as preview and publishing take it, live: the row, the fields being edited, the body. */
function useLiveStoryWithBody(
  row: StoryRow,
  fields: StoryFields,
  value: readonly Descendant[],
): StoryWithBody {
  return useMemo(() => {
    return { ...storyOf(row), ...fields, body: bodyOfValue(value) };
  }, [row, fields, value]);
}

/** How long typing in a field must pause before the preview shows it (the body has its own pause). */
const PREVIEW_FIELDS_DELAY_MS = 250;

/**
 * The preview of the story as it is being edited: it follows the shown body (which moves when
 * typing in the body pauses) and the fields once typing in them pauses.
 */
const LivePreview = memo(function LivePreview({
  row,
  fields,
  bodyStore,
}: {
  row: StoryRow;
  fields: StoryFields;
  bodyStore: BodyValueStore;
}) {
  const settledFields = useDebouncedValue(fields, PREVIEW_FIELDS_DELAY_MS);
  const story = useLiveStoryWithBody(row, settledFields, useShownBody(bodyStore));
  return <PortalPreview story={story} />;
});

/** The save state: `Saving…` while typing goes on, then `Saved` (or `Synced`) once durable. */
const SaveState = memo(function SaveState({
  storyId,
  saver,
  bodyStore,
  link,
}: {
  storyId: string;
  saver: StorySaver;
  bodyStore: BodyValueStore;
  link: StoryLink;
}) {
  const store = useMemo(
    () =>
      createShownSave({
        saver,
        bodyStore,
        isStored: () => link.state().isSynced,
        subscribeStored: link.subscribe,
      }),
    [saver, bodyStore, link],
  );
  const shown = useSyncExternalStore(store.subscribe, store.get);
  const isStandalone = useSyncExternalStore(
    link.subscribe,
    () => link.state().connection === 'standalone',
  );
  const hasUnsentChanges = useHasUnsentChanges(storyId);
  // `Synced`: durable here AND on the server: its stored snapshot covers the document, and no
  // field, note or transition of this story waits in the outbox.
  const isSynced = shown.kind === 'saved' && shown.isSynced && hasUnsentChanges === false;
  return (
    <div className="save-state">
      <span
        role="status"
        className={`save-status save-status-${isSynced ? 'synced' : shown.kind}`}
        title={
          isStandalone || isSynced
            ? undefined
            : 'Saved on this computer; not yet stored by the newsroom server.'
        }
      >
        {isSynced
          ? 'Synced'
          : shown.kind === 'saved'
            ? 'Saved'
            : shown.kind === 'saving'
              ? 'Saving…'
              : 'Not saved'}
      </span>
      {shown.kind === 'failed' ? <Alert message={shown.message} /> : null}
    </div>
  );
});

/** Words and characters of the body as shown (the row's word count follows the same body). */
const BodyCounts = memo(function BodyCounts({ bodyStore }: { bodyStore: BodyValueStore }) {
  const value = useShownBody(bodyStore);
  const count = useMemo(() => countBody(value), [value]);
  return (
    <p className="body-counts" aria-live="off">
      {count.words} words · {count.characters} characters
    </p>
  );
});

/** Replaces the whole body in one change, so Undo brings the previous text back in one step. */
function replaceBody(editor: StoryEditor, body: Body): void {
  Editor.withoutNormalizing(editor, () => {
    for (let index = editor.children.length - 1; index >= 0; index -= 1) {
      Transforms.removeNodes(editor, { at: [index] });
    }
    Transforms.insertNodes(editor, body, { at: [0] });
  });
  Transforms.select(editor, Editor.start(editor, []));
}

/**
 * Why the body is locked (held for another account, the server's reason), or null while it takes
 * edits: the view re-renders when that changes, not at each `Synced` turn while someone types.
 */
function useBodyLock(link: StoryLink): string | null {
  return useSyncExternalStore(link.subscribe, () => {
    const state = link.state();
    // What the lock line says depends on both: whose edits are held, and the server's reason.
    return isBodyLocked(state) ? `${state.heldFor ?? ''}\n${state.rights?.why ?? ''}` : null;
  });
}

function StoryEditorScreen({
  feed,
  firstRow,
  session,
}: {
  feed: StoryRowFeed;
  firstRow: StoryRow;
  session: StorySession;
}) {
  const { settings } = useSettings();
  const { saver, doc, editor, link } = session;
  // The views that follow the body catch up when typing pauses; so does the row's word count.
  const bodyStore = useMemo(
    () =>
      createBodyValueStore(editor.children, {
        onShow: (value) => saver.setDerived({ wordCount: countBody(value).words }),
      }),
    [editor, saver],
  );
  useEffect(() => {
    // A body that changed elsewhere (another window, the newsroom) may not match the row's count.
    saver.setDerived({ wordCount: countBody(bodyStore.get()).words });
    return () => bodyStore.dispose();
  }, [bodyStore, saver]);
  const shownRow = useMemo(
    () => createShownRow(feed, bodyStore, firstRow),
    // The first row only seeds the store: later rows come through the feed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [feed, bodyStore],
  );
  const row = useSyncExternalStore(shownRow.subscribe, shownRow.get);
  const access = useStoryAccess(row);
  const permission = access.rule;
  const isLocked = useBodyLock(link) !== null;
  const isHeld = useSyncExternalStore(link.subscribe, () => link.state().heldFor !== null);
  const [fields, setFields] = useState<StoryFields>(() => fieldsOf(row));
  const wordList = useWordList();
  const ignored = useMemo(() => createIgnoreList(), []);
  const spellingLanguage = spellingLanguageOf(fields.language);
  const checking = useMemo<Checking>(
    () => ({ checker: checker(), ignored, language: spellingLanguage, addWord: wordList.add }),
    [ignored, spellingLanguage, wordList.add],
  );
  const isChecking = useSyncExternalStore(checking.checker.subscribe, checking.checker.isEnabled);
  useEffect(() => {
    checking.checker.setRules(settings.houseStyle);
  }, [checking.checker, settings.houseStyle]);
  useEffect(() => {
    checking.checker.setWords(wordList.words);
  }, [checking.checker, wordList.words]);
  const checkedFieldTexts = useMemo(
    () => [fields.headline, fields.subheadline, fields.summary],
    [fields.headline, fields.subheadline, fields.summary],
  );
  const [isHistoryOpen, setIsHistoryOpen] = useState(false);
  const [isPreviewOpen, setIsPreviewOpen] = useState(false);
  const [isHouseStyleOpen, setIsHouseStyleOpen] = useState(false);
  const [notice, setNotice] = useState<{ text: string; undo: VersionRow | null } | null>(null);
  const [picker, setPicker] = useState<'figure' | 'lead' | null>(null);
  const [importLine, setImportLine] = useState<string | null>(null);
  const [importErrors, setImportErrors] = useState<string[]>([]);
  const fieldsRef = useRef(fields);
  const lastVersionAt = useRef(0);
  const hasEditsSinceVersion = useRef(false);

  useEffect(() => {
    fieldsRef.current = fields;
  }, [fields]);

  const adoptFields = useCallback((patch: Partial<StoryFields>) => {
    const next = { ...fieldsRef.current, ...patch };
    fieldsRef.current = next;
    setFields(next);
  }, []);
  const noteSavedFields = useFieldsFromElsewhere(row, fieldsRef, adoptFields);

  const handleFieldsChange = useCallback(
    (patch: Partial<StoryFields>) => {
      const next = { ...fieldsRef.current, ...patch };
      fieldsRef.current = next;
      hasEditsSinceVersion.current = true;
      setFields(next);
      noteSavedFields(patch);
      saver.saveFields(patch);
    },
    [saver, noteSavedFields],
  );

  // The editor paints the keystroke itself; the story view does not re-render for it. Only the views
  // that follow the body (counts, preview) do, in a transition after the keystroke's frame.
  const handleValueChange = useCallback(
    (next: Descendant[]) => {
      hasEditsSinceVersion.current = true;
      bodyStore.set(next);
    },
    [bodyStore],
  );

  const takeVersion = useCallback(
    async (reason: VersionRow['reason'], label: string) => {
      const latest = await readStory(row.id);
      if (latest === undefined) return null;
      const version = await saveVersion({
        row: latest,
        doc,
        fields: fieldsRef.current,
        author: settings.userName,
        reason,
        label,
      });
      lastVersionAt.current = version.createdAt;
      hasEditsSinceVersion.current = false;
      return version;
    },
    [doc, row.id, settings.userName],
  );

  useEffect(() => {
    lastVersionAt.current = Date.now();
    const timer = setInterval(() => {
      if (
        hasEditsSinceVersion.current &&
        Date.now() - lastVersionAt.current >= AUTO_VERSION_EVERY_MS
      ) {
        void takeVersion('autosave', '');
      }
    }, VERSION_CHECK_MS);
    return () => clearInterval(timer);
  }, [takeVersion]);

  useEffect(() => {
    function handleBeforeUnload(event: BeforeUnloadEvent) {
      if (saver.hasUnsavedEdits()) event.preventDefault();
    }
    window.addEventListener('beforeunload', handleBeforeUnload);
    return () => window.removeEventListener('beforeunload', handleBeforeUnload);
  }, [saver]);

  const restore = useCallback(
    async (version: VersionRow) => {
      const before = await takeVersion('autosave', `Before restoring ${versionTitle(version)}`);
      replaceBody(editor, bodyOfState(version.bodyState));
      const restoredFields = fieldsOf(version.fields);
      handleFieldsChange(restoredFields);
      await saver.flush().catch(() => undefined);
      await takeVersion('restore', `Restored ${versionTitle(version)}`);
      setNotice({ text: `Restored the version ${versionTitle(version)}.`, undo: before });
    },
    [editor, handleFieldsChange, saver, takeVersion],
  );

  const handleChoosePhoto = useCallback(
    (photo: Photo) => {
      if (picker === 'lead') {
        handleFieldsChange({
          leadPhoto: {
            photoId: photo.id,
            caption: photo.caption,
            credit: photo.credit,
            altText: photo.altText,
          },
        });
      } else {
        insertFigure(editor, figureFor(photo));
        ReactEditor.focus(editor);
      }
      setPicker(null);
    },
    [editor, handleFieldsChange, picker],
  );

  const handleInsertPhoto = useCallback(() => setPicker('figure'), []);

  const handleDropImages = useCallback(
    (files: File[]) => {
      setImportErrors([]);
      void importPhotoFiles(files, (progress) => setImportLine(summarizeImport(progress))).then(
        (batch) => {
          for (const file of batch) {
            if (file.photo !== null) insertFigure(editor, figureFor(file.photo));
          }
          setImportErrors(
            batch.filter((file) => file.status === 'failed').map((file) => file.message),
          );
        },
      );
    },
    [editor],
  );

  const currentSide = useCallback(
    (): CompareSide => ({
      title: 'the current text',
      fields: fieldsRef.current,
      body: bodyOfValue(bodyStore.get()),
    }),
    [bodyStore],
  );

  const isReadOnly = !permission.fields;
  return (
    <CheckingContext.Provider value={isChecking ? checking : null}>
      <article
        className={`story-view${isPreviewOpen || isHistoryOpen || isHouseStyleOpen ? ' has-side' : ''}`}
        aria-label="Story"
      >
        <div className="story-main">
          <header className="story-header">
            <h1 className="story-title">
              {fields.headline.trim() === '' ? 'Untitled story' : fields.headline}
            </h1>
            <p className="story-state">
              {STATE_LABELS[row.state]} · updated {formatWhen(row.updatedAt)}
            </p>
            <SaveState storyId={row.id} saver={saver} bodyStore={bodyStore} link={link} />
          </header>
          <WorkflowBar story={row} access={access} />
          {notice !== null ? (
            <div className="message message-info">
              <p>{notice.text}</p>
              {notice.undo !== null ? (
                <button
                  type="button"
                  onClick={() => {
                    const undo = notice.undo;
                    setNotice(null);
                    if (undo !== null) void restore(undo);
                  }}
                >
                  Undo restore
                </button>
              ) : null}
              <button type="button" onClick={() => setNotice(null)}>
                Dismiss
              </button>
            </div>
          ) : null}
          <StoryFieldsForm
            fields={fields}
            profile={settings.portalProfile}
            isReadOnly={isReadOnly}
            onChange={handleFieldsChange}
          />
          <LeadPhotoField
            leadPhoto={fields.leadPhoto}
            canEdit={permission.photos}
            onChoose={() => setPicker('lead')}
            onChange={(leadPhoto) => handleFieldsChange({ leadPhoto })}
          />
          <div className="story-body-pane">
            {/* Once this workstation's copy of the state says so too, the workflow bar says why. */}
            {permission.body && isLocked ? <BodyLockLine state={link.state()} /> : null}
            <BodyEditor
              editor={editor}
              isReadOnly={!permission.body || isLocked}
              // A photo goes only where the text may change, or figures alone (the photo desk's
              // read-only text); never into text held for another account.
              canEditPhotos={permission.photos && !isHeld && !(permission.body && isLocked)}
              language={fields.language}
              onValueChange={handleValueChange}
              onInsertPhoto={handleInsertPhoto}
              onDropImages={handleDropImages}
            />
            {importLine !== null ? (
              <p className="photo-import-progress" aria-live="polite">
                {importLine}
              </p>
            ) : null}
            {importErrors.length > 0 ? (
              <Alert message="Some photos could not be added:" details={importErrors} />
            ) : null}
            <BodyCounts bodyStore={bodyStore} />
            <CheckSummary
              bodyStore={bodyStore}
              fieldTexts={checkedFieldTexts}
              canPublish={settings.role === 'editor'}
            />
          </div>
        </div>
        <aside className="story-side" aria-label="Preview and history">
          <div className="story-panels">
            <button
              type="button"
              aria-expanded={isPreviewOpen}
              onClick={() => setIsPreviewOpen((open) => !open)}
            >
              Preview
            </button>
            <button
              type="button"
              aria-expanded={isHistoryOpen}
              onClick={() => setIsHistoryOpen((open) => !open)}
            >
              History
            </button>
            <button
              type="button"
              aria-expanded={isHouseStyleOpen}
              onClick={() => setIsHouseStyleOpen((open) => !open)}
            >
              House style
            </button>
          </div>
          {isHouseStyleOpen ? <HouseStylePanel /> : null}
          {isPreviewOpen ? <LivePreview row={row} fields={fields} bodyStore={bodyStore} /> : null}
          {picker !== null ? (
            <PhotoPickerDialog
              title={picker === 'lead' ? 'Choose lead photo' : 'Insert photo'}
              onChoose={handleChoosePhoto}
              onClose={() => setPicker(null)}
            />
          ) : null}
          {isHistoryOpen ? (
            <HistoryPanel
              storyId={row.id}
              current={currentSide}
              canRestore={permission.fields && permission.body && !isLocked}
              onSaveVersion={async (label) => {
                await saver.flush().catch(() => undefined);
                await takeVersion('manual', label);
              }}
              onRestore={restore}
            />
          ) : null}
        </aside>
      </article>
    </CheckingContext.Provider>
  );
}

/** A story open for writing: fields, body, save state, workflow and history. */
export function StoryView({ storyId }: { storyId: string }) {
  const feed = useMemo(() => createStoryRowFeed(storyId), [storyId]);
  // Only whether the row is there: the screen follows the row itself, and decides which of its
  // changes are worth a render while someone types.
  const answer = useSyncExternalStore(feed.subscribe, () => {
    const current = feed.answer();
    return current.kind === 'row' ? null : current;
  });
  const { session, error } = useStorySession(storyId);
  if (answer?.kind === 'failed') throw answer.error;
  if (error !== null) {
    return <Alert message={error} />;
  }
  if (answer?.kind === 'missing') {
    return <Alert message="This story does not exist on this workstation." />;
  }
  const current = feed.answer();
  if (current.kind !== 'row' || session === null) {
    return <p className="story-loading">Opening the story…</p>;
  }
  // A new session (the body reset to the newsroom's) is a new editor: a new screen.
  return (
    <StoryEditorScreen
      key={session.doc.guid}
      feed={feed}
      firstRow={current.row}
      session={session}
    />
  );
}
