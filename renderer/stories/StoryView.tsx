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
import { createBodyValueStore, useBodyValue, type BodyValueStore } from '../editor/bodyValueStore';
import { figureFor, insertFigure } from '../editor/commands';
import { importPhotoFiles, summarizeImport } from '../photos/importPhotos';
import { PhotoPickerDialog } from '../photos/PhotoPickerDialog';
import { PortalPreview } from '../preview/PortalPreview';
import type { StoryEditor } from '../editor/custom-types';
import { useEditPermission } from '../workflow/useEditPermission';
import { WorkflowBar } from '../workflow/WorkflowBar';
import { countBody } from './bodyCounts';
import type { CompareSide } from './CompareView';
import { formatWhen, HistoryPanel, versionTitle } from './HistoryPanel';
import { LeadPhotoField } from './LeadPhotoField';
import { bodyOfState } from './storyBody';
import { useStoryRow } from './repository/hooks';
import { readStory } from './repository/stories';
import { saveVersion } from './repository/versions';
import { StoryFieldsForm } from './StoryFieldsForm';
import { checker, spellingLanguageOf } from '../spelling/checker';
import { CheckingContext, type Checking } from '../spelling/CheckingContext';
import { CheckSummary } from '../spelling/CheckSummary';
import { createIgnoreList } from '../spelling/ignoreList';
import { useWordList } from '../spelling/wordList';
import { HouseStylePanel } from '../style/HouseStylePanel';
import type { SaveStatus, StorySaver } from './storySaver';
import { useFieldsFromElsewhere } from './useFieldsFromElsewhere';
import { useStorySession, type StorySession } from './useStorySession';
import type { StoryLinkState } from '../collab/collabHub';
import { BodyLockLine } from '../collab/BodyLockLine';
import { useHasUnsentChanges } from '../newsroom/sync/localStories';
import { isBodyLocked, useStoryLink } from '../collab/useStoryLink';
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

/** The preview of the story as it is being edited: it follows the body store, not the view. */
const LivePreview = memo(function LivePreview({
  row,
  fields,
  bodyStore,
}: {
  row: StoryRow;
  fields: StoryFields;
  bodyStore: BodyValueStore;
}) {
  const story = useLiveStoryWithBody(row, fields, useBodyValue(bodyStore));
  return <PortalPreview story={story} />;
});

function SaveState({
  storyId,
  saver,
  link,
}: {
  storyId: string;
  saver: StorySaver;
  link: StoryLinkState;
}) {
  const status: SaveStatus = useSyncExternalStore(saver.subscribe, saver.status);
  const hasUnsentChanges = useHasUnsentChanges(storyId);
  // `Synced`: durable here AND on the server: its stored snapshot covers the document, and no
  // field, note or transition of this story waits in the outbox.
  const isSynced = status.kind === 'saved' && link.isSynced && hasUnsentChanges === false;
  return (
    <div className="save-state">
      <span
        role="status"
        className={`save-status save-status-${isSynced ? 'synced' : status.kind}`}
        title={
          link.connection === 'standalone' || isSynced
            ? undefined
            : 'Saved on this computer; not yet stored by the newsroom server.'
        }
      >
        {isSynced
          ? 'Synced'
          : status.kind === 'saved'
            ? 'Saved'
            : status.kind === 'saving'
              ? 'Saving…'
              : 'Not saved'}
      </span>
      {status.kind === 'failed' ? <Alert message={status.message} /> : null}
    </div>
  );
}

/** Words and characters of the body; the word count also goes to the story row, for lists. */
const BodyCounts = memo(function BodyCounts({
  bodyStore,
  saver,
}: {
  bodyStore: BodyValueStore;
  saver: StorySaver;
}) {
  const value = useBodyValue(bodyStore);
  const count = useMemo(() => countBody(value), [value]);
  useEffect(() => {
    saver.setDerived({ wordCount: count.words });
  }, [saver, count.words]);
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

function StoryEditorScreen({ row, session }: { row: StoryRow; session: StorySession }) {
  const { settings } = useSettings();
  const permission = useEditPermission(row);
  const { saver, doc, editor } = session;
  const linkState = useStoryLink(session.link);
  const [fields, setFields] = useState<StoryFields>(() => fieldsOf(row));
  const bodyStore = useMemo(() => createBodyValueStore(editor.children), [editor]);
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
            <SaveState storyId={row.id} saver={saver} link={linkState} />
          </header>
          <WorkflowBar story={row} />
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
            {permission.body ? <BodyLockLine state={linkState} /> : null}
            <BodyEditor
              editor={editor}
              isReadOnly={!permission.body || isBodyLocked(linkState)}
              canEditPhotos={permission.photos}
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
            <BodyCounts bodyStore={bodyStore} saver={saver} />
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
              canRestore={permission.fields && permission.body && !isBodyLocked(linkState)}
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
  const row = useStoryRow(storyId);
  const { session, error } = useStorySession(storyId);
  if (error !== null) {
    return <Alert message={error} />;
  }
  if (row === null) {
    return <Alert message="This story does not exist on this workstation." />;
  }
  if (row === undefined || session === null) {
    return <p className="story-loading">Opening the story…</p>;
  }
  // A new session (the body reset to the newsroom's) is a new editor: a new screen.
  return <StoryEditorScreen key={session.doc.guid} row={row} session={session} />;
}
