import type { YHistoryEditor } from '@slate-yjs/core';
import type { BaseEditor } from 'slate';
import type { ReactEditor } from 'slate-react';
import type { BodyElement, BodyText } from '../../shared/story/body';
import type { Flag } from '../spelling/flags';

/** The story editor: Slate with React, bound to the story's Y.Doc with Yjs undo history. */
export type StoryEditor = BaseEditor & ReactEditor & YHistoryEditor;

declare module 'slate' {
  interface CustomTypes {
    Editor: StoryEditor;
    Element: BodyElement;
    /** A text run; `flag` only on the leaves of decorations (spelling, house style), never stored. */
    Text: BodyText & { flag?: Flag };
  }
}
