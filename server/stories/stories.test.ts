import { describe, expect, it } from 'vitest';
import type { NewsroomStory, UploadedStory } from '../../shared/api/newsroom';
import { DEFAULT_PORTAL_PROFILE } from '../../shared/portal/profile';
import type { Body } from '../../shared/story/body';
import { blankStoryFields } from '../../shared/story/story';
import { uuidv7 } from '../../shared/ids';
import { buildStoryRow } from '../store/testing/rows';
import { STORE_KINDS } from '../store/testing/storeHarness';
import { useNewsroomHarness, type NewsroomHarness, type Person } from '../testing/newsroomHarness';
import { uploadCaptionedPhoto } from '../publishing/testing/newsroomStories';
import { bodyOfState, stateOfBody } from './storyBody';

const PHOTO_A = 'a'.repeat(64);
const PHOTO_B = 'b'.repeat(64);
const PHOTO_C = 'c'.repeat(64);

const BODY: Body = [
  { type: 'paragraph', children: [{ text: 'The city of Wuxi entered into a partnership.' }] },
  {
    type: 'figure',
    photoId: PHOTO_A,
    caption: 'The signing.',
    credit: '[Photo provided to China Daily]',
    altText: 'People sign.',
    children: [{ text: '' }],
  },
  { type: 'paragraph', children: [{ text: 'Officials met in Nanjing.' }] },
];

let idCounter = 0;
function newId(): string {
  idCounter += 1;
  return uuidv7(Date.now(), new Uint8Array(10).fill(idCounter % 256));
}

function bodyOf(base64: string): Body {
  return bodyOfState(Buffer.from(base64, 'base64'));
}

describe.each(STORE_KINDS)('stories on the %s store', (kind) => {
  let harness: NewsroomHarness;
  useNewsroomHarness(kind, (started) => (harness = started));

  async function create(
    headline: string,
    who: Person = 'reporter',
    extra: Record<string, unknown> = {},
  ) {
    return (await harness.value('story:create', { headline, ...extra }, who)).id;
  }

  /** Changes fields of a story as a person, from the values they saw of them (`base`). */
  function tryUpdate(id: string, who: Person, changes: object, base: object) {
    return harness.call('story:update', { id, changes, base }, who);
  }

  /** The same, failing the test on a refusal: answers the story and what the change overwrote. */
  function update(id: string, who: Person, changes: object, base: object) {
    return harness.value('story:update', { id, changes, base }, who);
  }

  /** A story that passes the publish gate (body with a captioned figure). */
  async function complete(who: Person = 'reporter'): Promise<string> {
    const id = await create('Wuxi reaps strong partnership', who, {
      byline: 'Li Wei',
      slug: 'wuxi-iot',
    });
    await harness.newsroom.bodies.save(id, stateOfBody(BODY));
    return id;
  }

  let libraryPhoto: Promise<string> | null = null;

  /**
   * The same with its figure's photo in the newsroom's library, as a publish needs (the server
   * publishes, and its gate wants every photo in the library). Answers the story and the photo.
   */
  async function publishable(): Promise<{ id: string; photoId: string }> {
    libraryPhoto ??= uploadCaptionedPhoto(harness).then((photo) => photo.id);
    const photoId = await libraryPhoto;
    const id = await complete();
    await harness.newsroom.bodies.save(
      id,
      stateOfBody(BODY.map((block) => (block.type === 'figure' ? { ...block, photoId } : block))),
    );
    return { id, photoId };
  }

  async function transition(
    id: string,
    action: string,
    who: Person,
    input: Record<string, unknown> = {},
  ) {
    return harness.call('story:transition', { id, action, ...input }, who);
  }

  describe('creating and listing', () => {
    it('creates a draft owned by the caller, with their name as byline and News as section', async () => {
      const id = await create('Lantern festival opens');
      const story = await harness.value('story:get', { id }, 'editor');
      expect(story).toEqual({
        id,
        ...blankStoryFields({
          headline: 'Lantern festival opens',
          byline: 'Li Wei',
          section: 'news',
        }),
        state: 'draft',
        stateBeforeSpike: null,
        scheduledAt: null,
        publishedPath: null,
        correctionNote: '',
        createdBy: 'Li Wei',
        createdAt: story.createdAt,
        updatedAt: story.createdAt,
        firstPublishedAt: null,
        lastPublishedAt: null,
        wordCount: 0,
        owner: 'li.wei',
        ownerName: 'Li Wei',
        changeSeq: story.changeSeq,
      });
    });

    it('makes creation with a client id idempotent, and refuses that id to anyone else', async () => {
      const id = newId();
      const answers = [
        await harness.call('story:create', { id, headline: 'Offline draft' }, 'reporter'),
        await harness.call(
          'story:create',
          { id, headline: 'Offline draft, sent again' },
          'reporter',
        ),
        await harness.call('story:create', { id, headline: 'Someone else' }, 'otherReporter'),
      ];
      expect(
        answers.map(({ status, body }) => [status, body.ok ? body.value : body.error.code]),
      ).toEqual([
        [200, { id }],
        [200, { id }],
        [409, 'conflict'],
      ]);
      expect((await harness.value('story:get', { id }, 'reporter')).headline).toBe('Offline draft');
    });

    it('lets no photo desk create stories, and no section outside the profile', async () => {
      const answers = [
        await harness.call('story:create', { headline: 'x' }, 'photoDesk'),
        await harness.call('story:create', { headline: 'x', section: 'sport' }, 'reporter'),
      ];
      expect(answers.map(({ status }) => status)).toEqual([403, 400]);
    });

    it('lists newest first, filters by state and owner, and includes sub-sections in a section', async () => {
      const sports = await create('Marathon', 'otherReporter', { section: 'news/sports' });
      const news = await create('Council meets', 'otherReporter', { section: 'news' });
      const travel = await create('Taihu boats', 'otherReporter', { section: 'travel' });
      const mine = await harness.value('stories:list', { owner: 'zhao' }, 'editor');
      expect(mine.map((story) => story.id)).toEqual([travel, news, sports]);
      const inNews = await harness.value(
        'stories:list',
        { section: 'news', owner: 'zhao' },
        'reporter',
      );
      expect(inNews.map((story) => [story.headline, story.section])).toEqual([
        ['Council meets', 'news'],
        ['Marathon', 'news/sports'],
      ]);
      const item = inNews[0];
      expect(item).toEqual({
        id: news,
        slug: '',
        headline: 'Council meets',
        state: 'draft',
        section: 'news',
        owner: 'zhao',
        ownerName: 'Zhao Min',
        urgency: 'normal',
        updatedAt: expect.any(Number),
      });
      expect(await harness.value('stories:list', { state: 'spiked' }, 'reporter')).toEqual([]);
      expect((await harness.value('stories:list', { limit: 2 }, 'reporter')).length).toBe(2);
    });

    it('answers 500 stories when no limit is given', async () => {
      const owner = await harness.newsroom.store.db
        .selectFrom('users')
        .select('id')
        .where('login', '=', 'wang')
        .executeTakeFirstOrThrow();
      const now = Date.now();
      await harness.newsroom.store.db.transaction().execute(async (trx) => {
        for (let index = 0; index < 520; index += 1)
          await trx
            .insertInto('stories')
            .values(
              buildStoryRow({
                id: uuidv7(now - index, new Uint8Array(10).fill(7)),
                owner_id: owner.id,
                headline: `Bulk ${index}`,
                section: 'culture',
                created_at: now - index,
                updated_at: now - index,
              }),
            )
            .execute();
      });
      const listed = await harness.value('stories:list', { section: 'culture' }, 'reporter');
      expect([listed.length, listed[0]?.headline, listed.at(-1)?.headline]).toEqual([
        500,
        'Bulk 0',
        'Bulk 499',
      ]);
    });
  });

  describe('editing fields', () => {
    it('keeps both people’s changes to different fields, and the later of two on one field, with the other in History', async () => {
      const id = await create('First headline');
      const seen = await harness.value('story:get', { id }, 'reporter');
      const byReporter = await update(
        id,
        'reporter',
        { headline: 'Reporter’s headline', summary: 'A summary.' },
        { headline: seen.headline, summary: seen.summary },
      );
      expect(byReporter.overwritten).toEqual([]);
      // The editor saw the story before the reporter's change.
      const byEditor = await update(
        id,
        'editor',
        { headline: 'Editor’s headline', dateline: 'Wuxi' },
        { headline: seen.headline, dateline: seen.dateline },
      );
      expect([byEditor.story.headline, byEditor.story.summary, byEditor.story.dateline]).toEqual([
        'Editor’s headline',
        'A summary.',
        'Wuxi',
      ]);
      expect(byEditor.overwritten).toEqual([
        {
          id: expect.any(String),
          storyId: id,
          field: 'headline',
          previous: 'Reporter’s headline',
          value: 'Editor’s headline',
          at: expect.any(Number),
          actor: 'Wang Fang',
          actorLogin: 'wang',
          overwrote: true,
        },
      ]);
      const history = await harness.value('story:fieldHistory', { id }, 'reporter');
      expect(
        history
          .map(({ field, previous, value, actorLogin, overwrote }) => [
            field,
            previous,
            value,
            actorLogin,
            overwrote,
          ])
          .sort(),
      ).toEqual(
        [
          ['dateline', '', 'Wuxi', 'wang', false],
          ['headline', 'First headline', 'Reporter’s headline', 'li.wei', false],
          ['headline', 'Reporter’s headline', 'Editor’s headline', 'wang', true],
          ['summary', '', 'A summary.', 'li.wei', false],
        ].sort(),
      );
    });

    it('compares lists and photos by value, and needs a base for every change', async () => {
      const id = await create('Keywords');
      await update(id, 'reporter', { keywords: ['iot', 'wuxi'] }, { keywords: [] });
      const again = await update(id, 'reporter', { keywords: ['iot', 'wuxi'] }, { keywords: [] });
      expect(again.overwritten).toEqual([]);
      const missing = await tryUpdate(id, 'reporter', { headline: 'x' }, {});
      expect([missing.status, missing.body.ok ? null : missing.body.error.reasons]).toEqual([
        400,
        ['base.headline: missing.'],
      ]);
    });

    it('lets the photo desk change the lead photo but not the text, and nobody change a submitted story but the desk', async () => {
      const id = await complete();
      const leadPhoto = {
        photoId: PHOTO_B,
        caption: 'Taihu at dawn.',
        credit: 'Xinhua',
        altText: 'A lake.',
      };
      const seen = { headline: 'Wuxi reaps strong partnership' };
      const answers = [
        await tryUpdate(id, 'photoDesk', { leadPhoto }, { leadPhoto: null }),
        await tryUpdate(id, 'photoDesk', { headline: 'x' }, seen),
        await tryUpdate(id, 'otherReporter', { headline: 'x' }, seen),
      ];
      await transition(id, 'submit', 'reporter');
      answers.push(
        await tryUpdate(id, 'reporter', { headline: 'x' }, seen),
        await tryUpdate(id, 'editor', { headline: 'Desk headline' }, seen),
      );
      expect(answers.map(({ status }) => status)).toEqual([200, 403, 403, 409, 200]);
      const refused = answers[3]?.body;
      expect(refused === undefined || refused.ok ? null : refused.error).toEqual({
        code: 'conflict',
        message: 'The story is submitted: the story fields cannot change now.',
        reasons: ['Submitted to the desk: withdraw it to make changes.'],
      });
    });
  });

  describe('figures', () => {
    it('lets the photo desk caption, insert and remove figures, applied to the server’s document', async () => {
      const id = await complete();
      const result = await harness.value(
        'story:editFigures',
        {
          id,
          edits: [
            {
              op: 'update',
              blockIndex: 1,
              photoId: PHOTO_A,
              caption: 'Officials sign in Nanjing.',
              altText: 'Two officials sign.',
            },
            {
              op: 'insert',
              blockIndex: 3,
              photoId: PHOTO_B,
              caption: 'Taihu.',
              credit: 'Xinhua',
              altText: 'A lake.',
            },
          ],
        },
        'photoDesk',
      );
      expect(result.figures).toEqual([
        {
          blockIndex: 1,
          photoId: PHOTO_A,
          caption: 'Officials sign in Nanjing.',
          credit: '[Photo provided to China Daily]',
          altText: 'Two officials sign.',
        },
        {
          blockIndex: 3,
          photoId: PHOTO_B,
          caption: 'Taihu.',
          credit: 'Xinhua',
          altText: 'A lake.',
        },
      ]);
      // The text moved meanwhile: a paragraph was added at the top; the figure is found again.
      const { state } = await harness.value('story:body', { id }, 'photoDesk');
      expect(bodyOf(state).map((block) => block.type)).toEqual([
        'paragraph',
        'figure',
        'paragraph',
        'figure',
      ]);
      await harness.newsroom.bodies.save(
        id,
        stateOfBody([{ type: 'paragraph', children: [{ text: 'New lead.' }] }, ...bodyOf(state)]),
      );
      const removed = await harness.value(
        'story:editFigures',
        { id, edits: [{ op: 'remove', blockIndex: 3, photoId: PHOTO_B }] },
        'photoDesk',
      );
      expect(removed.figures.map((figure) => [figure.blockIndex, figure.photoId])).toEqual([
        [2, PHOTO_A],
      ]);
      const gone = await harness.call(
        'story:editFigures',
        { id, edits: [{ op: 'update', blockIndex: 0, photoId: PHOTO_C, caption: 'x' }] },
        'photoDesk',
      );
      expect([gone.status, gone.body.ok ? null : gone.body.error.message]).toEqual([
        409,
        'The figures changed meanwhile: nothing was applied.',
      ]);
    });

    it('refuses figure edits to a reporter on someone else’s story and to the photo desk once published', async () => {
      const { id, photoId } = await publishable();
      await transition(id, 'submit', 'reporter');
      await transition(id, 'approve', 'editor');
      const edit = { id, edits: [{ op: 'update', blockIndex: 1, photoId, caption: 'x' }] };
      const beforePublish = await harness.call('story:editFigures', edit, 'otherReporter');
      await transition(id, 'publish', 'editor');
      const afterPublish = await harness.call('story:editFigures', edit, 'photoDesk');
      expect([beforePublish.status, afterPublish.status]).toEqual([403, 409]);
    });
  });

  describe('owners, notes, versions and the trail', () => {
    it('lets an editor reassign a story, after which only the new owner among reporters may edit it', async () => {
      const id = await create('To be reassigned');
      const refused = await harness.call('story:reassign', { id, owner: 'zhao' }, 'reporter');
      const reassigned = await harness.value('story:reassign', { id, owner: 'zhao' }, 'editor');
      const edits = await Promise.all(
        (['reporter', 'otherReporter'] as const).map((who) =>
          tryUpdate(id, who, { summary: who }, { summary: '' }),
        ),
      );
      const unknown = await harness.call('story:reassign', { id, owner: 'nobody' }, 'editor');
      expect([
        refused.status,
        reassigned.owner,
        edits.map(({ status }) => status),
        unknown.status,
      ]).toEqual([403, 'zhao', [403, 200], 400]);
      const notes = await harness.value('story:notes', { id }, 'reporter');
      expect(notes.map((note) => note.text)).toEqual(['Reassigned from Li Wei to Zhao Min.']);
    });

    it('adds notes from any role, once per note id', async () => {
      const id = await create('Notes');
      const noteId = newId();
      await harness.value('story:addNote', { id, noteId, text: 'Check the figures.' }, 'editor');
      await harness.value('story:addNote', { id, noteId, text: 'Check the figures.' }, 'editor');
      await harness.value('story:addNote', { id, text: 'Photos are in.' }, 'photoDesk');
      const notes = await harness.value('story:notes', { id }, 'reporter');
      expect(notes.map(({ authorLogin, role, text }) => [authorLogin, role, text])).toEqual([
        ['wang', 'editor', 'Check the figures.'],
        ['chen', 'photo_desk', 'Photos are in.'],
      ]);
    });

    it('saves versions of the server’s copy, lists them newest first and gives each back whole', async () => {
      const id = await complete();
      const versionId = newId();
      const saved = await harness.value(
        'story:saveVersion',
        { id, versionId, label: 'Before the desk' },
        'reporter',
      );
      await harness.value(
        'story:saveVersion',
        { id, versionId, label: 'Before the desk' },
        'reporter',
      );
      await transition(id, 'submit', 'reporter');
      const versions = await harness.value('story:versions', { id }, 'reporter');
      expect(versions.map(({ reason, label, author }) => [reason, label, author])).toEqual([
        ['transition', 'Draft → Submitted: submitted to the desk by Li Wei', 'Li Wei'],
        ['manual', 'Before the desk', 'Li Wei'],
      ]);
      const version = await harness.value('story:version', { id, versionId: saved.id }, 'editor');
      expect([version.fields.headline, version.fields.state, bodyOf(version.bodyState)]).toEqual([
        'Wuxi reaps strong partnership',
        'draft',
        BODY,
      ]);
      const refused = await harness.call('story:saveVersion', { id }, 'otherReporter');
      expect(refused.status).toBe(403);
    });
  });

  describe('the workflow', () => {
    it('takes a story from draft to published and back down, each step by the role that owns it', async () => {
      const { id } = await publishable();
      const steps: Array<[string, Person, Record<string, unknown>]> = [
        ['submit', 'reporter', {}],
        ['return', 'editor', { note: 'Add the date of the signing.' }],
        ['submit', 'reporter', {}],
        ['startEditing', 'editor', {}],
        ['approve', 'editor', {}],
        ['publish', 'editor', {}],
        ['publishCorrection', 'editor', { correctionNote: 'The signing was on Feb 28.' }],
        ['unpublish', 'editor', { reason: 'Embargo.' }],
      ];
      const outcomes = [];
      for (const [action, who, input] of steps) {
        const answer = await transition(id, action, who, input);
        outcomes.push(
          answer.body.ok
            ? [answer.body.value.state, answer.body.value.publishing]
            : [answer.status, answer.body.error],
        );
      }
      expect(outcomes).toEqual([
        ['submitted', 'none'],
        ['returned', 'none'],
        ['submitted', 'none'],
        ['in_edit', 'none'],
        ['approved', 'none'],
        ['published', 'server'],
        ['published', 'server'],
        ['unpublished', 'server'],
      ]);
      const trail = await harness.value('story:trail', { id }, 'reporter');
      expect(
        trail.map(({ action, from, to, actorLogin, note }) => [action, from, to, actorLogin, note]),
      ).toEqual([
        ['submit', 'draft', 'submitted', 'li.wei', ''],
        ['return', 'submitted', 'returned', 'wang', 'Add the date of the signing.'],
        ['submit', 'returned', 'submitted', 'li.wei', ''],
        ['startEditing', 'submitted', 'in_edit', 'wang', ''],
        ['approve', 'in_edit', 'approved', 'wang', ''],
        ['publish', 'approved', 'published', 'wang', ''],
        ['publishCorrection', 'published', 'published', 'wang', 'The signing was on Feb 28.'],
        ['unpublish', 'published', 'unpublished', 'wang', 'Embargo.'],
      ]);
    });

    it('refuses a return without a note, and a publish the gate stops, with every reason', async () => {
      const id = await create('Gate');
      await transition(id, 'submit', 'reporter');
      const noNote = await transition(id, 'return', 'editor', { note: '  ' });
      await transition(id, 'approve', 'editor');
      const gated = await transition(id, 'publish', 'editor');
      expect([noNote.body, gated.body]).toEqual([
        {
          ok: false,
          error: {
            code: 'conflict',
            message: 'Return to reporter was refused.',
            reasons: ['Note for the reporter: say what to fix.'],
          },
        },
        {
          ok: false,
          error: {
            code: 'conflict',
            message: 'Publish was refused.',
            reasons: ['Story body: write the story.', 'Slug: add a slug.'],
          },
        },
      ]);
    });

    it('answers a replayed transition with what it did, once', async () => {
      const id = await complete();
      const eventId = newId();
      const first = await transition(id, 'submit', 'reporter', { eventId });
      const again = await transition(id, 'submit', 'reporter', { eventId });
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(again.body.ok && first.body.ok ? again.body.value.event : null).toEqual(
        first.body.ok ? first.body.value.event : 'x',
      );
      expect((await harness.value('story:trail', { id }, 'reporter')).length).toBe(1);
    });

    it('keeps the path the server published at when a workstation records another', async () => {
      const { id } = await publishable();
      for (const [action, who] of [
        ['submit', 'reporter'],
        ['approve', 'editor'],
        ['publish', 'editor'],
      ] as const)
        await transition(id, action, who);
      const published = await harness.value('story:get', { id }, 'editor');
      const recorded = {
        id,
        publishedPath: 'elsewhere.html',
        firstPublishedAt: 1000,
        lastPublishedAt: 2000,
      };
      const later = await harness.value('story:recordPublication', recorded, 'editor');
      expect({
        server: published.publishedPath,
        kept: [later.publishedPath, later.firstPublishedAt],
        byReporter: (await harness.call('story:recordPublication', recorded, 'reporter')).status,
      }).toEqual({
        // The server's own path: the story's section and date, its slug (made unique on the site).
        server: expect.stringMatching(/^news\/\d{4}\/\d{2}\/\d{2}\/wuxi-iot(-\d+)?\.html$/),
        kept: [published.publishedPath, published.firstPublishedAt],
        byReporter: 403,
      });
    });

    it('raises storyChanged with the new state and owner in this process', async () => {
      const id = await complete();
      await harness.newsroom.settle();
      const seen: Array<{ id: string; state: string; owner: string }> = [];
      const stop = harness.newsroom.events.on('storyChanged', (event) => seen.push(event));
      await transition(id, 'submit', 'reporter');
      await harness.newsroom.settle();
      stop();
      expect(
        seen.filter((event) => event.id === id).map(({ state, owner }) => [state, owner]),
      ).toEqual([['submitted', 'li.wei']]);
    });
  });

  describe('catching up', () => {
    it('pages through changes in order with a cursor that skips nothing, and says when a cursor is ahead', async () => {
      const start = await harness.value('stories:changes', { since: 0, limit: 1 }, 'reporter');
      const { cursor } = await harness.value(
        'stories:changes',
        { since: 0, limit: 2000 },
        'reporter',
      );
      const ids = [
        await create('Change one'),
        await create('Change two'),
        await create('Change three'),
      ];
      const firstPage = await harness.value(
        'stories:changes',
        { since: cursor, limit: 2 },
        'reporter',
      );
      const secondPage = await harness.value(
        'stories:changes',
        { since: firstPage.cursor, limit: 2 },
        'reporter',
      );
      expect([
        start.hasMore,
        firstPage.stories.map((story) => story.id),
        firstPage.hasMore,
        secondPage.stories.map((story) => story.id),
        secondPage.hasMore,
      ]).toEqual([true, ids.slice(0, 2), true, ids.slice(2), false]);
      const ahead = await harness.value(
        'stories:changes',
        { since: secondPage.cursor + 1000, limit: 1 },
        'reporter',
      );
      expect([ahead.isReset, ahead.hasMore]).toEqual([true, true]);
    });
  });

  describe('uploading a workstation’s stories', () => {
    function uploaded(overrides: Partial<UploadedStory['story']> = {}): UploadedStory {
      const id = newId();
      const now = Date.now();
      const story = {
        id,
        slug: 'local-story',
        headline: 'Written offline',
        subheadline: '',
        byline: 'Li Wei',
        dateline: '',
        section: 'news',
        source: '',
        summary: '',
        keywords: ['local'],
        urgency: 'normal',
        editorialNote: '',
        language: 'en',
        leadPhoto: null,
        state: 'published',
        stateBeforeSpike: null,
        scheduledAt: null,
        publishedPath: 'news/2026/11/27/local-story.html',
        correctionNote: '',
        createdBy: 'Li Wei',
        createdAt: now - 60_000,
        updatedAt: now - 1000,
        firstPublishedAt: now - 2000,
        lastPublishedAt: now - 2000,
        wordCount: 8,
        ...overrides,
      } satisfies UploadedStory['story'];
      const bodyState = Buffer.from(stateOfBody(BODY)).toString('base64');
      return {
        story,
        bodyState,
        trail: [
          {
            id: newId(),
            storyId: id,
            at: now - 5000,
            actor: 'Li Wei',
            role: 'editor',
            action: 'publish',
            from: 'approved',
            to: 'published',
            note: '',
          },
        ],
        notes: [
          {
            id: newId(),
            storyId: id,
            at: now - 4000,
            author: 'Li Wei',
            role: 'reporter',
            text: 'Local note.',
          },
        ],
        versions: [
          {
            id: newId(),
            storyId: id,
            createdAt: now - 3000,
            author: 'Li Wei',
            reason: 'manual',
            label: 'Local version',
            fields: { ...story, state: 'draft' },
            bodyState,
          },
        ],
      };
    }

    it('uploads once, with body, trail, notes and versions; a second upload adds nothing twice', async () => {
      const local = uploaded();
      const first = await harness.value('stories:upload', { stories: [local] }, 'reporter');
      const second = await harness.value('stories:upload', { stories: [local] }, 'reporter');
      expect([first.results, second.results]).toEqual([
        [{ id: local.story.id, outcome: 'created', message: 'Uploaded.' }],
        [
          {
            id: local.story.id,
            outcome: 'merged',
            message: 'Already on the server: what it lacked was added.',
          },
        ],
      ]);
      const id = local.story.id;
      const story = await harness.value('story:get', { id }, 'editor');
      const trail = await harness.value('story:trail', { id }, 'editor');
      const notes = await harness.value('story:notes', { id }, 'editor');
      const versions = await harness.value('story:versions', { id }, 'editor');
      const body = await harness.value('story:body', { id }, 'editor');
      expect({
        owner: story.owner,
        state: story.state,
        headline: story.headline,
        trail: trail.map(({ action, from, to }) => [action, from, to]),
        notes: notes.map((note) => note.text),
        versions: versions.map((version) => version.label),
        body: bodyOf(body.state),
      }).toEqual({
        owner: 'li.wei',
        // A reporter's workstation proves no publication: the story arrives as a draft, and says so.
        state: 'draft',
        headline: 'Written offline',
        trail: [
          ['publish', 'approved', 'published'],
          ['upload', 'published', 'draft'],
        ],
        notes: ['Local note.'],
        versions: ['Local version'],
        body: BODY,
      });
    });

    it('keeps an editor’s states, but brings a scheduled story back to approved', async () => {
      const published = uploaded();
      const scheduled = uploaded({
        state: 'scheduled',
        scheduledAt: Date.now() + 3_600_000,
        publishedPath: null,
      });
      await harness.value('stories:upload', { stories: [published, scheduled] }, 'editor');
      const states = await Promise.all(
        [published, scheduled].map(async (local) => {
          const story: NewsroomStory = await harness.value(
            'story:get',
            { id: local.story.id },
            'editor',
          );
          return [story.state, story.scheduledAt];
        }),
      );
      expect(states).toEqual([
        ['published', null],
        ['approved', null],
      ]);
    });

    it('refuses, per story, one owned by someone else or with a damaged body, and takes the rest', async () => {
      const theirs = uploaded();
      await harness.value('stories:upload', { stories: [theirs] }, 'otherReporter');
      const damaged = uploaded();
      damaged.bodyState = Buffer.from('not a yjs update').toString('base64');
      const fine = uploaded();
      const { results } = await harness.value(
        'stories:upload',
        { stories: [theirs, damaged, fine] },
        'reporter',
      );
      expect(results.map(({ outcome }) => outcome)).toEqual(['refused', 'refused', 'created']);
      expect(results[0]?.message).toBe(
        'The story "Written offline" is Zhao Min’s on the server; yours stays on your workstation.',
      );
      expect((await harness.call('story:get', { id: damaged.story.id }, 'reporter')).status).toBe(
        404,
      );
    });
    it('leaves the text of a story its uploader may no longer change as the server has it', async () => {
      const draft = uploaded({ state: 'draft', publishedPath: null });
      const id = draft.story.id;
      await harness.value('stories:upload', { stories: [draft] }, 'reporter');
      await harness.value('story:transition', { id, action: 'submit' }, 'reporter');
      const rewritten: Body = [
        { type: 'paragraph', children: [{ text: 'Rewritten after filing.' }] },
      ];
      const again = {
        ...draft,
        bodyState: Buffer.from(stateOfBody(rewritten)).toString('base64'),
      };
      const { results } = await harness.value('stories:upload', { stories: [again] }, 'reporter');
      const body = await harness.value('story:body', { id }, 'editor');
      expect({ results, body: bodyOf(body.state) }).toEqual({
        results: [
          {
            id,
            outcome: 'merged',
            message:
              'Already on the server: what it lacked was added, but not your text: Submitted to the desk: withdraw it to make changes.',
          },
        ],
        body: BODY,
      });
    });
  });

  describe('the portal profile', () => {
    it('is the Wuxi profile until an editor changes it; others may not, and a bad one is refused', async () => {
      const before = await harness.value('profile:get', {}, 'reporter');
      const changed = { ...DEFAULT_PORTAL_PROFILE, siteName: 'Wuxi News' };
      const answers = [
        await harness.call('profile:update', { profile: changed }, 'reporter'),
        await harness.call(
          'profile:update',
          { profile: { ...changed, timeZone: 'Mars/Olympus' } },
          'editor',
        ),
        await harness.call('profile:update', { profile: changed }, 'editor'),
      ];
      const after = await harness.value('profile:get', {}, 'photoDesk');
      expect([
        before,
        answers.map(({ status }) => status),
        after.profile.siteName,
        after.updatedAt > 0,
      ]).toEqual([
        { profile: DEFAULT_PORTAL_PROFILE, updatedAt: 0 },
        [403, 400, 200],
        'Wuxi News',
        true,
      ]);
    });
  });
});
