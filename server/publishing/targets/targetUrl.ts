/**
 * Publish targets' addresses (NEWSROOM.md, "Publishing from the server"): `sftp://<user>@<host>:<port>/<path>`
 * with a key file, or `s3://<bucket>/<prefix>` with an endpoint for an S3-compatible service. No
 * credential ever sits in an address: the SSH key is a file, S3's keys are the server's
 * environment.
 */

/** An SFTP target: where to log in and the folder the site goes to. */
export interface SftpAddress {
  kind: 'sftp';
  user: string;
  host: string;
  port: number;
  /** The remote folder (absolute). */
  root: string;
}

/** An S3 target: the bucket and the key prefix the site goes under (`''` or ending in `/`). */
export interface S3Address {
  kind: 's3';
  bucket: string;
  prefix: string;
}

/** A parsed target address. */
export type TargetAddress = SftpAddress | S3Address;

/** A target address that cannot be used, told in one sentence. */
export class TargetAddressError extends Error {}

/** S3's rules for bucket names (3–63 lower-case letters, digits, dots and hyphens). */
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function decoded(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new TargetAddressError(`The ${what} in the address is not valid percent-encoding.`);
  }
}

/** Checks a remote path's segments: none empty (but a trailing one), `.` or `..`, no NUL. */
function cleanSegments(path: string, what: string): string[] {
  const segments = path.split('/').filter((segment, index, all) => {
    // One leading and one trailing slash are allowed.
    return !(segment === '' && (index === 0 || index === all.length - 1));
  });
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || segment.includes('\0'))
      throw new TargetAddressError(
        `The ${what} "${path}" must be a plain path: no empty, "." or ".." parts.`,
      );
  }
  return segments;
}

/** Parses and checks a target address. */
export function parseTargetUrl(text: string): TargetAddress {
  // The URL parser would resolve `..` away; a path typed with one is refused as typed.
  const pathPart = text.replace(/^[a-z0-9+.-]+:\/\/[^/]*/i, '');
  if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(pathPart))
    throw new TargetAddressError(
      `The path "${pathPart}" must be a plain path: no empty, "." or ".." parts.`,
    );
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TargetAddressError(
      `"${text}" is not an address: use sftp://<user>@<host>:<port>/<path> or s3://<bucket>/<prefix>.`,
    );
  }
  if (url.password !== '')
    throw new TargetAddressError(
      'Put no password in the address: an SFTP target logs in with a key (--identity-file), an S3 target with the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of the server’s environment.',
    );
  if (url.search !== '' || url.hash !== '')
    throw new TargetAddressError('A target address has no "?" or "#" part.');
  if (url.protocol === 'sftp:') {
    const user = decoded(url.username, 'user');
    if (user === '')
      throw new TargetAddressError('Say who logs in: sftp://<user>@<host>:<port>/<path>.');
    if (url.hostname === '') throw new TargetAddressError('The address has no host.');
    const segments = cleanSegments(decoded(url.pathname, 'path'), 'path');
    if (segments.length === 0)
      throw new TargetAddressError(
        'Name the remote folder the site goes to: sftp://<user>@<host>:<port>/<path>.',
      );
    return {
      kind: 'sftp',
      user,
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port === '' ? 22 : Number(url.port),
      root: `/${segments.join('/')}`,
    };
  }
  if (url.protocol === 's3:') {
    if (url.username !== '')
      throw new TargetAddressError(
        'An S3 address names no user: its keys come from the server’s environment.',
      );
    const bucket = url.hostname;
    if (!BUCKET_PATTERN.test(bucket))
      throw new TargetAddressError(
        `"${bucket}" is not an S3 bucket name (3–63 lower-case letters, digits, dots and hyphens).`,
      );
    const segments = cleanSegments(decoded(url.pathname, 'prefix'), 'prefix');
    return { kind: 's3', bucket, prefix: segments.length === 0 ? '' : `${segments.join('/')}/` };
  }
  throw new TargetAddressError(
    `Targets are sftp:// or s3:// addresses; "${url.protocol.replace(/:$/, '')}" is neither.`,
  );
}

/** Whether a text is a host key fingerprint as OpenSSH prints it (`SHA256:` and 43 base64 digits). */
export function isHostKeyFingerprint(text: string): boolean {
  return /^SHA256:[A-Za-z0-9+/]{43}$/.test(text);
}

/** Checks an S3 endpoint: an http(s) URL with nothing but an origin (and maybe a path). */
export function parseEndpoint(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TargetAddressError(`The endpoint "${text}" is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TargetAddressError('The endpoint is an http:// or https:// URL.');
  if (url.username !== '' || url.password !== '')
    throw new TargetAddressError(
      'Put no credentials in the endpoint: S3 keys come from the server’s environment.',
    );
  return url.toString().replace(/\/$/, '');
}
