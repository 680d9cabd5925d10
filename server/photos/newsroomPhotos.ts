import path from 'node:path';
import type { Transaction } from 'kysely';
import type { ImportOutcome } from '../../shared/api/media';
import type {
  NewsroomErrorCode,
  NewsroomOutput,
  NewsroomRequest,
  NewsroomResult,
} from '../../shared/api/newsroom';
import { applyBatchCaption } from '../../shared/media/library';
import { type Photo, type PhotoFields, photoSchema } from '../../shared/media/photo';
import type { UserError } from '../../shared/result';
import type { DiskFile } from '../../main/services/media/diskFile';
import { createMediaLibrary, type MediaFile } from '../../main/services/media/mediaLibrary';
import type { PhotoSource } from '../../main/services/portal/photoFiles';
import { refusal, success } from '../outcome';
import { mayEditPhotos, type Actor } from '../policy/policy';
import { advanceCounter, readCounters } from '../store/counters';
import type { Database } from '../store/schema';
import type { Store } from '../store/store';
import { fieldColumnsOf, photoOfRow, rowOfPhoto } from './photoRecords';

/** Default page of `photos:changes`. */
export const DEFAULT_PHOTO_CHANGES_LIMIT = 500;

/** The HTTP meaning of each refusal the photo library gives for a file. */
function codeOfImportError(error: UserError): NewsroomErrorCode {
  switch (error.code) {
    case 'file_too_large':
      return 'too_large';
    case 'not_an_image':
      return 'unsupported';
    case 'import_failed':
      return 'internal';
    default:
      return 'invalid_input';
  }
}

/**
 * The newsroom's photo library (issue 11, point 1). The files are the workstation's own photo
 * library in `<data dir>/media` (one copy of the checks: sniffing, size and pixel limits, decoding,
 * renditions), so the server trusts nothing a client says of a file. The records live in the store,
 * which every server process shares: the store is the authority on what the library holds and on
 * the fields the photo desk edits, and each change takes the next number of the `photos` sequence,
 * which `photos:changes` and the event stream's `photos` event follow.
 */
export function createNewsroomPhotos(options: {
  store: Store;
  /** The media library's folder (`<data dir>/media`), shared by the server's processes. */
  mediaDir: string;
  now: () => number;
  /** Rings the change watcher after a commit. */
  onCommitted: () => void;
  log: (line: string) => void;
  maxPixels?: number;
}) {
  const { db } = options.store;
  const library = createMediaLibrary(path.resolve(options.mediaDir), {
    now: options.now,
    onWarning: options.log,
    ...(options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels }),
  });

  async function get(id: string): Promise<Photo | null> {
    const row = await db.selectFrom('photos').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : photoOfRow(row);
  }

  function notFound(count: number): NewsroomResult<never> {
    return refusal(
      'not_found',
      count === 1
        ? 'That photo is not in the newsroom’s library. Nothing was changed.'
        : `${count} of the chosen photos are not in the newsroom’s library. Nothing was changed.`,
    );
  }

  /** Checks edited fields as the workstation's library does: the whole record must stay valid. */
  function validated(
    photo: Photo,
    fields: Partial<PhotoFields>,
    at: number,
  ): NewsroomResult<Photo> {
    const parsed = photoSchema.safeParse({ ...photo, ...fields, updatedAt: at });
    if (parsed.success) return success(parsed.data);
    return refusal(
      'invalid_input',
      `The changes to ${photo.fileName} were not saved: some values are not valid.`,
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }

  class Refused extends Error {
    constructor(readonly result: NewsroomResult<never>) {
      super('refused');
    }
  }

  /** Changes photo records in one transaction on the `photos` sequence; all or none. */
  async function editPhotos(
    ids: readonly string[],
    edit: (photo: Photo) => Partial<PhotoFields>,
  ): Promise<NewsroomResult<Photo[]>> {
    try {
      const photos = await db.transaction().execute(async (trx: Transaction<Database>) => {
        const seq = await advanceCounter(trx, 'photos');
        const rows = await trx.selectFrom('photos').selectAll().where('id', 'in', ids).execute();
        if (rows.length !== ids.length) throw new Refused(notFound(ids.length - rows.length));
        const at = options.now();
        const byId = new Map(rows.map((row) => [row.id, photoOfRow(row)]));
        const updated: Photo[] = [];
        for (const id of ids) {
          const photo = byId.get(id);
          if (photo === undefined) throw new Refused(notFound(1));
          const next = validated(photo, edit(photo), at);
          if (!next.ok) throw new Refused(next);
          await trx
            .updateTable('photos')
            .set({ ...fieldColumnsOf(next.value), updated_at: at, change_seq: seq })
            .where('id', '=', id)
            .execute();
          updated.push(next.value);
        }
        return updated;
      });
      options.onCommitted();
      return success(photos);
    } catch (error) {
      if (error instanceof Refused) return error.result;
      throw error;
    }
  }

  /** The files of the library's photos, for the publisher and for serving. */
  const files: PhotoSource = {
    getPhoto: get,
    async resolveFile(photoId: string, file: string): Promise<MediaFile | null> {
      const photo = await get(photoId);
      return photo === null ? null : library.locateFile(photo, file);
    },
  };

  return {
    files,
    get,

    async exists(sha256: string): Promise<boolean> {
      const row = await db
        .selectFrom('photos')
        .select('id')
        .where('id', '=', sha256)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** A new path for an upload to be spooled to (in the library's staging folder). */
    uploadPath: () => library.uploadPath(),

    /**
     * Imports a spooled upload (`sha256`: of its bytes, computed while it was spooled): the library
     * checks and renders it, then the store records it. A photo the store has already is answered
     * as it is there now (the newsroom's caption, not the file's): nothing is imported twice.
     */
    async importUpload(
      actor: Actor,
      fileName: string,
      file: DiskFile,
      sha256: string,
    ): Promise<NewsroomResult<ImportOutcome>> {
      // The same bytes again (another workstation, a retry): nothing to check or render.
      const known = await get(sha256);
      if (known !== null) return success({ photo: known, isDuplicate: true, warning: null });
      const imported = await library.importFile(fileName, file);
      if (!imported.ok)
        return refusal(
          codeOfImportError(imported.error),
          imported.error.message,
          imported.error.details,
        );
      const { photo, warning } = imported.value;
      const recorded = await db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('photos')
          .selectAll()
          .where('id', '=', photo.id)
          .executeTakeFirst();
        if (existing !== undefined) return { photo: photoOfRow(existing), isNew: false };
        const seq = await advanceCounter(trx, 'photos');
        await trx
          .insertInto('photos')
          .values(rowOfPhoto(photo, actor.login, seq))
          .execute();
        return { photo, isNew: true };
      });
      if (recorded.isNew) options.onCommitted();
      return success({
        photo: recorded.photo,
        isDuplicate: !recorded.isNew,
        warning: recorded.isNew ? warning : null,
      });
    },

    async changes(
      input: NewsroomRequest<'photos:changes'>,
    ): Promise<NewsroomOutput<'photos:changes'>> {
      const limit = input.limit ?? DEFAULT_PHOTO_CHANGES_LIMIT;
      const { photos: latest } = await readCounters(db);
      const isReset = input.since > latest;
      const since = isReset ? 0 : input.since;
      const rows = await db
        .selectFrom('photos')
        .selectAll()
        .where('change_seq', '>', since)
        .where('change_seq', '<=', latest)
        .orderBy('change_seq')
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      const hasMore = rows.length > limit;
      let page = rows.slice(0, limit);
      const last = page.at(-1);
      if (hasMore && last !== undefined && rows[limit]?.change_seq === last.change_seq) {
        // Photos captioned together share a number: a page ends after the whole group, so a
        // cursor never falls inside one.
        const group = await db
          .selectFrom('photos')
          .selectAll()
          .where('change_seq', '=', last.change_seq)
          .orderBy('id')
          .execute();
        page = [...page.filter((row) => row.change_seq < last.change_seq), ...group];
      }
      return {
        photos: page.map(photoOfRow),
        cursor: hasMore && last !== undefined ? last.change_seq : latest,
        hasMore,
        isReset,
      };
    },

    async update(
      actor: Actor,
      input: NewsroomRequest<'photo:update'>,
    ): Promise<NewsroomResult<Photo>> {
      const allowed = mayEditPhotos(actor);
      if (!allowed.allowed) return refusal(allowed.code, allowed.message, allowed.reasons);
      const result = await editPhotos([input.id], () => input.fields);
      if (!result.ok) return result;
      const [photo] = result.value;
      if (photo === undefined) throw new Error('An edited photo vanished from its answer.');
      return success(photo);
    },

    async caption(
      actor: Actor,
      input: NewsroomRequest<'photos:caption'>,
    ): Promise<NewsroomResult<Photo[]>> {
      const allowed = mayEditPhotos(actor);
      if (!allowed.allowed) return refusal(allowed.code, allowed.message, allowed.reasons);
      return editPhotos([...new Set(input.ids)], (photo) => applyBatchCaption(photo, input.batch));
    },
  };
}

/** The newsroom's photo library. */
export type NewsroomPhotos = ReturnType<typeof createNewsroomPhotos>;
