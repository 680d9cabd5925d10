/*
 * A story body in the renderer. Reading and writing the body's Yjs document is
 * shared/story/bodyState.ts, the one reader the server and the workstation both use, so a body reads
 * the same everywhere; the renderer adds only the origin of what it reads back from its database.
 */
export { bodyOfDoc, bodyOfState, bodyText, docWithBody } from '../../shared/story/bodyState';

/** The origin of changes read back from the database, so they are not written again. */
export const STORED_ORIGIN = Symbol('stored');
