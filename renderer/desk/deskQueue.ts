import { URGENCIES, type Story, type StoryState } from '../../shared/story/story';

/** The groups of the desk queue, in the order the desk works them. */
export const DESK_STATES = [
  'submitted',
  'in_edit',
  'approved',
  'scheduled',
  'returned',
] as const satisfies readonly StoryState[];
export type DeskState = (typeof DESK_STATES)[number];

/** A story in the queue and since when it has been in its state (its age on the desk). */
export interface QueueItem {
  story: Story;
  inStateSince: number;
}

/** One group of the queue: a state, its stories in desk order. */
export interface QueueGroup {
  state: DeskState;
  items: QueueItem[];
}

/** Whether a story's section is the chosen one or one of its sub-sections ('' means every section). */
export function isInSection(storySection: string, filter: string): boolean {
  return filter === '' || storySection === filter || storySection.startsWith(`${filter}/`);
}

/**
 * Groups the desk's stories by state and orders each group by urgency (flash first), then by age
 * (longest in its state first). Every group is present, empty or not, so counts read as zero.
 */
export function buildQueue(
  stories: readonly Story[],
  enteredState: ReadonlyMap<string, number>,
  sectionFilter: string,
): QueueGroup[] {
  const items = stories
    .filter((story) => isInSection(story.section, sectionFilter))
    .map((story) => ({ story, inStateSince: enteredState.get(story.id) ?? story.createdAt }));
  return DESK_STATES.map((state) => ({
    state,
    items: items
      .filter((item) => item.story.state === state)
      .sort(
        (left, right) =>
          URGENCIES.indexOf(left.story.urgency) - URGENCIES.indexOf(right.story.urgency) ||
          left.inStateSince - right.inStateSince ||
          left.story.id.localeCompare(right.story.id),
      ),
  }));
}
