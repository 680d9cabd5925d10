import { stat } from 'node:fs/promises';
import path from 'node:path';
import { chosenFileArgumentSchema } from '../../../shared/media/chosenFile';
import { fail, ok, type Result } from '../../../shared/result';
import { errorMessage } from '../common/errors';
import { FileOnDisk } from './diskFile';
import { displayFileName } from './fileNames';

/**
 * A file the person chose in the desktop app, which main reads from its place on disk: the library
 * copies it into staging (never links it: the person may change it later), at most the import's
 * size limit. Only main makes one, from a checked path; no message can carry one.
 */
export class ChosenFile extends FileOnDisk {}

/**
 * A `media:import` argument as it came over IPC, made ready for the router: a chosen file's path
 * (see chosenFileArgumentSchema) becomes a ChosenFile once it names a regular file by an absolute
 * path (no folder, device or pipe); any other argument passes as it is, for the router to check.
 */
export async function chosenFileInput(input: unknown): Promise<Result<unknown>> {
  const chosen = chosenFileArgumentSchema.safeParse(input);
  if (!chosen.success) return ok(input);
  const { fileName, path: filePath } = chosen.data;
  const name = displayFileName(fileName);
  const notAFile = fail(
    'not_a_file',
    `${name} could not be imported: it is not a file (a folder, a device or a pipe cannot be imported).`,
  );
  if (!path.isAbsolute(filePath)) return notAFile;
  try {
    const info = await stat(filePath);
    return info.isFile() ? ok({ fileName, file: new ChosenFile(filePath, info.size) }) : notAFile;
  } catch (error) {
    return fail('import_failed', `${name} could not be imported: ${errorMessage(error)}.`);
  }
}
