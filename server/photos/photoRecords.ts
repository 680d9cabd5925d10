import type { Insertable, Selectable } from 'kysely';
import { type Photo, photoSchema, renditionSchema } from '../../shared/media/photo';
import type { PhotoTable } from '../store/schema';

/** A photo row as the API answers it (the workstation's own photo record). */
export function photoOfRow(row: Selectable<PhotoTable>): Photo {
  return photoSchema.parse({
    id: row.id,
    fileName: row.file_name,
    mimeType: row.mime_type,
    width: row.width,
    height: row.height,
    byteSize: row.byte_size,
    importedAt: row.imported_at,
    updatedAt: row.updated_at,
    takenAt: row.taken_at,
    objectName: row.object_name,
    city: row.city,
    country: row.country,
    renditions: renditionSchema.array().parse(JSON.parse(row.renditions)),
    caption: row.caption,
    credit: row.credit,
    photographer: row.photographer,
    copyright: row.copyright,
    altText: row.alt_text,
  });
}

/** The columns of a photo the library made, for an insert. */
export function rowOfPhoto(
  photo: Photo,
  importedBy: string,
  changeSeq: number,
): Insertable<PhotoTable> {
  return {
    id: photo.id,
    file_name: photo.fileName,
    mime_type: photo.mimeType,
    width: photo.width,
    height: photo.height,
    byte_size: photo.byteSize,
    taken_at: photo.takenAt,
    object_name: photo.objectName,
    city: photo.city,
    country: photo.country,
    renditions: JSON.stringify(photo.renditions),
    caption: photo.caption,
    credit: photo.credit,
    photographer: photo.photographer,
    copyright: photo.copyright,
    alt_text: photo.altText,
    imported_at: photo.importedAt,
    imported_by: importedBy,
    updated_at: photo.updatedAt,
    change_seq: changeSeq,
  };
}

/** The columns of the fields the photo desk edits. */
export function fieldColumnsOf(photo: Photo) {
  return {
    caption: photo.caption,
    credit: photo.credit,
    photographer: photo.photographer,
    copyright: photo.copyright,
    alt_text: photo.altText,
  };
}
