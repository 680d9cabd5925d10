import type { NewsroomErrorCode, StoryFieldName } from '../../shared/api/newsroom';
import { ROLE_LABELS, type Role } from '../../shared/settings/settings';
import { STATE_LABELS, STORY_STATES, type StoryState } from '../../shared/story/story';
import {
  actsOnOthersStories,
  mayCreateStories,
  mayEditPhotoRecords,
  mayReassign,
  notYourStoryLine,
  ownedEditRule,
} from '../../shared/workflow/ownership';
import type { EditRights } from '../../shared/workflow/permissions';
import {
  TRANSITIONS,
  transitionRule,
  type WorkflowAction,
} from '../../shared/workflow/transitions';

/**
 * The one place that decides who may do what on the server (Outline's model): every transport,
 * the HTTP API and collab's document connections alike, asks these functions, which read the same
 * `shared/workflow` tables the workstation shows. The account's role comes from the store, never
 * from the client. A refusal says whether the role or ownership never allows it (`forbidden`,
 * 403) or the story's state does not allow it now (`conflict`, 409).
 */

/** Who asks: the signed-in account. */
export interface Actor {
  id: string;
  login: string;
  name: string;
  role: Role;
}

/** What the policy reads of a story. */
export interface StoryAccess {
  state: StoryState;
  ownerId: string;
  ownerName: string;
}

/** The policy's answer. */
export type Verdict =
  | { allowed: true }
  | {
      allowed: false;
      code: Extract<NewsroomErrorCode, 'forbidden' | 'conflict'>;
      message: string;
      reasons: string[];
    };

const ALLOWED: Verdict = { allowed: true };

function forbidden(message: string, reasons: string[] = [message]): Verdict {
  return { allowed: false, code: 'forbidden', message, reasons };
}

function conflict(message: string, reasons: string[]): Verdict {
  return { allowed: false, code: 'conflict', message, reasons };
}

function roleName(role: Role): string {
  return ROLE_LABELS[role].toLowerCase();
}

/** What this account may change on this story now (the edit table narrowed by ownership). */
export function storyRights(actor: Actor, story: StoryAccess): EditRights & { why: string | null } {
  return ownedEditRule(story.state, actor.role, story.ownerId === actor.id, story.ownerName);
}

/**
 * Whether a connection to the story's body may write (collab makes it read-only otherwise). The
 * photo desk's connections read: it changes figures through `story:editFigures`.
 */
export function bodyAccess(actor: Actor, story: StoryAccess): 'write' | 'read' {
  return storyRights(actor, story).body ? 'write' : 'read';
}

type Right = keyof EditRights;

/** Whether the role could ever have this right on this story, in some state. */
function everHas(actor: Actor, story: StoryAccess, right: Right): boolean {
  return STORY_STATES.some(
    (state) => ownedEditRule(state, actor.role, story.ownerId === actor.id, story.ownerName)[right],
  );
}

function checkRight(actor: Actor, story: StoryAccess, right: Right, what: string): Verdict {
  const rights = storyRights(actor, story);
  if (rights[right]) return ALLOWED;
  const why = rights.why ?? `You may not change ${what}.`;
  if (!everHas(actor, story, right)) {
    const isOthers = story.ownerId !== actor.id && !actsOnOthersStories(actor.role);
    return forbidden(
      isOthers
        ? notYourStoryLine(story.ownerName)
        : `As ${roleName(actor.role)} you may not change ${what}.`,
      [why],
    );
  }
  return conflict(
    `The story is ${STATE_LABELS[story.state].toLowerCase()}: ${what} cannot change now.`,
    [why],
  );
}

/** The right each field needs: the lead photo is the photo desk's, the rest are the text's. */
function rightOf(field: StoryFieldName): Right {
  return field === 'leadPhoto' ? 'photos' : 'fields';
}

/** May this account change these fields of this story now? */
export function mayEditFields(
  actor: Actor,
  story: StoryAccess,
  fields: readonly StoryFieldName[],
): Verdict {
  const needed = new Set(fields.map(rightOf));
  for (const right of ['fields', 'photos'] as const) {
    if (!needed.has(right)) continue;
    const verdict = checkRight(
      actor,
      story,
      right,
      right === 'photos' ? 'the lead photo' : 'the story fields',
    );
    if (!verdict.allowed) return verdict;
  }
  return ALLOWED;
}

/** May this account change the figures of this story's body now? */
export function mayEditFigures(actor: Actor, story: StoryAccess): Verdict {
  return checkRight(actor, story, 'photos', 'the figures');
}

/** May this account save a version of this story (whoever may change something of it now)? */
export function maySaveVersion(actor: Actor, story: StoryAccess): Verdict {
  const rights = storyRights(actor, story);
  if (rights.fields || rights.body || rights.photos) return ALLOWED;
  return checkRight(actor, story, 'body', 'this story');
}

/**
 * The role and ownership part of a transition (403). The state and the action's requirements,
 * the publish gate included, are `decide`'s (409). `release` is the scheduler's alone.
 */
export function mayTakeAction(actor: Actor, story: StoryAccess, action: WorkflowAction): Verdict {
  const rule = TRANSITIONS[action];
  if (action === 'release')
    return forbidden(
      'Publishing at the scheduled time is the server’s scheduler’s, not a client’s.',
    );
  if (!(rule.roles as readonly Role[]).includes(actor.role)) {
    // The table's own sentence, so the workstation and the server word it the same.
    const verdict = transitionRule(story.state, action, actor.role);
    const reason = verdict.allowed ? undefined : verdict.reasons[0];
    return forbidden(reason ?? `${rule.label}: your role may not do this.`);
  }
  if (story.ownerId !== actor.id && !actsOnOthersStories(actor.role))
    return forbidden(`${rule.label}: ${notYourStoryLine(story.ownerName)}`);
  return ALLOWED;
}

/** May this account create stories? */
export function mayCreate(actor: Actor): Verdict {
  return mayCreateStories(actor.role)
    ? ALLOWED
    : forbidden(
        `As ${roleName(actor.role)} you attach photos to stories; reporters and editors create them.`,
      );
}

/** Editors only: reassigning stories, the people list, the portal profile, recording publications. */
export function mayActAsDesk(actor: Actor, what: string): Verdict {
  return mayReassign(actor.role) ? ALLOWED : forbidden(`Only an editor may ${what}.`);
}

/** May this account change photo records of the library (caption, credit…)? */
export function mayEditPhotos(actor: Actor): Verdict {
  return mayEditPhotoRecords(actor.role)
    ? ALLOWED
    : forbidden(
        `As ${roleName(actor.role)} you may insert the library’s photos; the photo desk and editors caption and credit them.`,
      );
}
