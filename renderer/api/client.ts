import type { AppInfo } from '../../shared/api/app';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/api/contract';
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
let mediaSuffix = '';

/** Remembers how this transport serves photos (from `app:info`, once at start). */
export function configureMediaUrls(info: Pick<AppInfo, 'mediaUrlPrefix' | 'mediaUrlSuffix'>): void {
  mediaPrefix = info.mediaUrlPrefix;
  mediaSuffix = info.mediaUrlSuffix;
}

/** The URL of a photo file (`original`, `thumb` or a rendition name) on this transport. */
export function mediaUrl(photoId: string, file: string): string {
  return `${mediaPrefix}${encodeURIComponent(photoId)}/${encodeURIComponent(file)}${mediaSuffix}`;
}
