import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Body, FigureElement, ParagraphElement } from '../../shared/story/body';
import { textOfDoc } from '../../tests/support/collabClient';
import { bodyText, docOfState, stateOfBody } from '../stories/storyBody';
import { changesOnlyFigures, DocumentChangeRefused } from './liveDocuments';
import { useCollabHarness } from './testing/collabHarness';

const FIGURE: FigureElement = {
  type: 'figure',
  photoId: 'photo-1',
  caption: 'Lanterns.',
  credit: 'Chen Jing',
  altText: 'Red lanterns',
  children: [{ text: '' }],
};

function docOf(...blocks: Body): Y.Doc {
  return docOfState(stateOfBody(blocks));
}

describe('changesOnlyFigures', () => {
  it('accepts figures inserted, removed or re-captioned, and refuses any change of the text', () => {
    const paragraph: ParagraphElement = {
      type: 'paragraph',
      children: [{ text: 'Lanterns line the canal.' }],
    };
    const before = docOf(paragraph);
    expect({
      inserted: changesOnlyFigures(before, docOf(paragraph, FIGURE)),
      recaptioned: changesOnlyFigures(
        docOf(paragraph, FIGURE),
        docOf(paragraph, { ...FIGURE, caption: 'Lanterns at dusk.' }),
      ),
      removed: changesOnlyFigures(docOf(FIGURE, paragraph), before),
      textChanged: changesOnlyFigures(
        before,
        docOf({ type: 'paragraph', children: [{ text: 'Lanterns line the river.' }] }),
      ),
      markChanged: changesOnlyFigures(
        before,
        docOf({ type: 'paragraph', children: [{ text: 'Lanterns line the canal.', bold: true }] }),
      ),
      blockAdded: changesOnlyFigures(before, docOf(paragraph, paragraph)),
    }).toEqual({
      inserted: true,
      recaptioned: true,
      removed: true,
      textChanged: false,
      markChanged: false,
      blockAdded: false,
    });
  });
});

describe('the live documents seam', () => {
  const suite = useCollabHarness('sqlite');

  it('refuses a change that reaches beyond figures, and applies nothing of it', async () => {
    const id = await suite.harness.createStory('reporter');
    const reporter = suite.harness.connect('reporter', id);
    reporter.addParagraph('Lanterns line the canal.');
    await reporter.waitFor(() => reporter.isSynced(), 'the text stored');
    const outcome = await suite.harness.collab.documents
      .change(id, (doc) => {
        bodyText(doc).insertEmbed(0, new Y.XmlText('figure placeholder'));
        const first = bodyText(doc).toDelta()[1]?.insert;
        if (first instanceof Y.XmlText) first.insert(0, 'Rewritten: ');
      })
      .then(
        () => 'applied',
        (error: unknown) => (error instanceof DocumentChangeRefused ? 'refused' : String(error)),
      );
    const state = await suite.harness.collab.documents.readState(id);
    expect({ outcome, live: textOfDoc(docOfState(state)), client: reporter.text() }).toEqual({
      outcome: 'refused',
      live: 'Lanterns line the canal.',
      client: 'Lanterns line the canal.',
    });
  });

  it('merges an uploaded body into the live document, durably, and refuses one it cannot read', async () => {
    const id = await suite.harness.createStory('reporter');
    const reporter = suite.harness.connect('reporter', id);
    reporter.addParagraph('Typed live.');
    await reporter.waitFor(() => reporter.isSynced(), 'the live text stored');
    await suite.harness.collab.documents.merge(
      id,
      stateOfBody([{ type: 'paragraph', children: [{ text: 'Written offline.' }] }]),
    );
    const stored = textOfDoc(docOfState(await suite.harness.newsroom.bodies.load(id)));
    const unreadable = await suite.harness.collab.documents
      .merge(id, Uint8Array.from([1, 2, 3, 200, 201]))
      .then(
        () => 'applied',
        (error: unknown) => (error instanceof DocumentChangeRefused ? 'refused' : String(error)),
      );
    await reporter.waitFor(() => reporter.text().includes('Written offline.'), 'the upload live');
    expect({ stored: stored.split('\n').sort(), unreadable }).toEqual({
      stored: ['Typed live.', 'Written offline.'],
      unreadable: 'refused',
    });
  });

  it('merges an uploaded body into a document nobody has open, and answers once it is stored', async () => {
    const id = await suite.harness.createStory('reporter');
    const outcome = await suite.harness.collab.documents
      .merge(id, stateOfBody([{ type: 'paragraph', children: [{ text: 'Written offline.' }] }]))
      .then(
        () => 'merged',
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    const stored = textOfDoc(docOfState(await suite.harness.newsroom.bodies.load(id)));
    expect({ outcome, stored }).toEqual({ outcome: 'merged', stored: 'Written offline.' });
  });
});
