import { randomBytes } from 'node:crypto';
import { uuidv7 } from '../shared/ids';

/** A new record id (UUIDv7): time-ordered, globally unique, as the workstations make them. */
export function newId(now: number): string {
  return uuidv7(now, randomBytes(10));
}
