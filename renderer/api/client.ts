import type { AppInfo } from '../../shared/api/app';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/api/contract';
import { mediaUrlExpiry, signedMediaQuery } from '../../shared/api/mediaUrl';
import type { Result } from '../../shared/result';
import { api } from './transport';

/** Calls one API channel; the result is a value or an error the UI can show. */
export function call<K extends ChannelName>(
  channel: K,
  input: ChannelInput<K>,
): Promise<Result<ChannelOutput<K>>> {
  return api[channel](input);
}

let mediaPrefix = '/media/';
let mediaSigningKey: string | null = null;
// Signing is cheap but lists render many thumbnails many times: one signature per file per period.
let signed = new Map<string, string>();
let signedUntil = 0;

/** Remembers how this transport serves photos (from `app:info`, once at start). */
export function configureMediaUrls(
  info: Pick<AppInfo, 'mediaUrlPrefix' | 'mediaSigningKey'>,
): void {
  mediaPrefix = info.mediaUrlPrefix;
  mediaSigningKey = info.mediaSigningKey;
  signed = new Map();
}

/** The URL of a photo file (`original`, `thumb` or a rendition name) on this transport. */
export function mediaUrl(photoId: string, file: string): string {
  const url = `${mediaPrefix}${encodeURIComponent(photoId)}/${encodeURIComponent(file)}`;
  if (mediaSigningKey === null) return url;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const expires = mediaUrlExpiry(nowSeconds);
  if (expires !== signedUntil) {
    signed = new Map();
    signedUntil = expires;
  }
  const key = `${photoId}/${file}`;
  let query = signed.get(key);
  if (query === undefined) {
    query = signedMediaQuery(mediaSigningKey, photoId, file, nowSeconds);
    signed.set(key, query);
  }
  return url + query;
}
