import type { Role } from '../settings/settings';
import type { StoryState } from '../story/story';

/**
 * What a role may change on a story: `fields` the story fields except the lead photo, `body` the
 * text of the body, `photos` the lead photo and the body's figures (insert, remove, caption, credit,
 * alt text).
 */
export interface EditRights {
  fields: boolean;
  body: boolean;
  photos: boolean;
}

/** One cell of the edit table: the rights, and why the others are withheld (null when none is). */
export interface EditRule extends EditRights {
  why: string | null;
}

const ALL: EditRights = { fields: true, body: true, photos: true };
const NONE: EditRights = { fields: false, body: false, photos: false };
const PHOTOS_ONLY: EditRights = { fields: false, body: false, photos: true };

function rule(rights: EditRights, why: string | null): EditRule {
  return { ...rights, why };
}

const PHOTO_DESK_LINE =
  'The photo desk edits the lead photo and figures; the text is the newsroom’s.';
const DESK_HOLDS = 'The desk holds this story; you can read it but not change it.';

/**
 * The edit table: for each state and role, what may be changed and, when something may not, a line
 * saying why (shown above the read-only story). A reporter keeps the pen while the story is theirs
 * (draft, returned); the desk holds it from submission on; the photo desk works on photos until
 * publication; a scheduled story is frozen so that what passed the gate is what goes out; a spiked
 * story is read-only until restored.
 */
export const EDIT_TABLE = {
  draft: {
    reporter: rule(ALL, null),
    editor: rule(ALL, null),
    photo_desk: rule(PHOTOS_ONLY, PHOTO_DESK_LINE),
  },
  submitted: {
    reporter: rule(NONE, 'Submitted to the desk: withdraw it to make changes.'),
    editor: rule(ALL, null),
    photo_desk: rule(PHOTOS_ONLY, PHOTO_DESK_LINE),
  },
  in_edit: {
    reporter: rule(NONE, DESK_HOLDS),
    editor: rule(ALL, null),
    photo_desk: rule(PHOTOS_ONLY, PHOTO_DESK_LINE),
  },
  returned: {
    reporter: rule(ALL, null),
    editor: rule(ALL, null),
    photo_desk: rule(PHOTOS_ONLY, PHOTO_DESK_LINE),
  },
  approved: {
    reporter: rule(NONE, DESK_HOLDS),
    editor: rule(ALL, null),
    photo_desk: rule(PHOTOS_ONLY, PHOTO_DESK_LINE),
  },
  scheduled: {
    reporter: rule(NONE, DESK_HOLDS),
    editor: rule(NONE, 'Scheduled for publication: unschedule it to make changes.'),
    photo_desk: rule(NONE, 'Scheduled for publication: only the desk can unschedule it.'),
  },
  published: {
    reporter: rule(NONE, 'Published: only an editor can change it, with a correction.'),
    editor: rule(ALL, null),
    photo_desk: rule(NONE, 'Published: only an editor can change it, with a correction.'),
  },
  unpublished: {
    reporter: rule(NONE, 'Unpublished: only an editor can change it.'),
    editor: rule(ALL, null),
    photo_desk: rule(NONE, 'Unpublished: only an editor can change it.'),
  },
  spiked: {
    reporter: rule(NONE, 'Spiked: an editor must restore it before anyone changes it.'),
    editor: rule(NONE, 'Spiked: restore it to make changes.'),
    photo_desk: rule(NONE, 'Spiked: an editor must restore it before anyone changes it.'),
  },
} as const satisfies Record<StoryState, Record<Role, EditRule>>;

/** What this role may change on a story in this state, and why not the rest. */
export function editRule(state: StoryState, role: Role): EditRule {
  return EDIT_TABLE[state][role];
}
