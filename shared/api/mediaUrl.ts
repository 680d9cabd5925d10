import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The longest a signed photo URL works, in seconds. Long enough that a view left open keeps its
 * pictures, short enough that an address copied out of the app ("Copy image address") soon
 * stops working. A URL is signed for one file of one photo only.
 */
export const MEDIA_URL_LIFETIME_SECONDS = 2 * 60 * 60;

/**
 * When a URL signed at `nowSeconds` expires. Rounded to half the lifetime so the same photo keeps
 * the same URL for up to an hour (React re-renders and the browser cache see one address), and
 * still expires between one and two hours after it was made.
 */
export function mediaUrlExpiry(nowSeconds: number): number {
  const step = MEDIA_URL_LIFETIME_SECONDS / 2;
  return (Math.floor(nowSeconds / step) + 2) * step;
}

/** The signature of one photo file's URL until `expires` (epoch seconds), as lowercase hex. */
export function mediaSignature(
  key: string,
  photoId: string,
  file: string,
  expires: number,
): string {
  // Newlines cannot occur in a photo id or file name, so no two triples share a message.
  const message = utf8ToBytes(`${photoId}\n${file}\n${expires}`);
  return bytesToHex(hmac(sha256, utf8ToBytes(key), message));
}

/** The query string (with its `?`) that lets a URL of this photo file through until it expires. */
export function signedMediaQuery(
  key: string,
  photoId: string,
  file: string,
  nowSeconds: number,
): string {
  const expires = mediaUrlExpiry(nowSeconds);
  return `?expires=${expires}&signature=${mediaSignature(key, photoId, file, expires)}`;
}
