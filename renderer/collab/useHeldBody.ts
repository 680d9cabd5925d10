import { useLive } from '../db/useLive';
import { collabStateDb } from './collabState';

/**
 * The login of another account whose unsent edits to a story's text this workstation keeps (they
 * go only when it signs in again), live; null when none wait for another account than `account`
 * (the one signed in now, '' when nobody is). Undefined while first read.
 */
export function useHeldBody(storyId: string, account: string): string | null | undefined {
  return useLive(async () => {
    const row = await collabStateDb.pending.get(storyId);
    if (row === undefined || row.account === '' || row.account === account) return null;
    return row.login;
  }, [storyId, account]);
}
