import { describe, expect, it } from 'vitest';
import { isHostKeyFingerprint, parseEndpoint, parseTargetUrl } from './targetUrl';

describe('publish target addresses', () => {
  it('reads SFTP and S3 addresses', () => {
    expect([
      parseTargetUrl('sftp://deploy@web1.example.com:2222/srv/www/portal'),
      parseTargetUrl('sftp://deploy@[::1]/var/www/'),
      parseTargetUrl('s3://wuxi-portal/site'),
      parseTargetUrl('s3://wuxi-portal'),
    ]).toEqual([
      {
        kind: 'sftp',
        user: 'deploy',
        host: 'web1.example.com',
        port: 2222,
        root: '/srv/www/portal',
      },
      { kind: 'sftp', user: 'deploy', host: '::1', port: 22, root: '/var/www' },
      { kind: 's3', bucket: 'wuxi-portal', prefix: 'site/' },
      { kind: 's3', bucket: 'wuxi-portal', prefix: '' },
    ]);
  });

  it('refuses passwords, missing parts, odd paths and other schemes, each with a sentence', () => {
    const refusals = [
      'sftp://deploy:hunter2@web1/srv/www',
      'sftp://web1/srv/www',
      'sftp://deploy@web1',
      'sftp://deploy@web1/srv/../etc',
      's3://Not_A_Bucket/site',
      's3://key:secret@bucket/site',
      'ftp://deploy@web1/srv',
      'not an address',
    ].map((url) => {
      try {
        parseTargetUrl(url);
        return 'accepted';
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    });
    expect(refusals).toEqual([
      'Put no password in the address: an SFTP target logs in with a key (--identity-file), an S3 target with the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of the server’s environment.',
      'Say who logs in: sftp://<user>@<host>:<port>/<path>.',
      'Name the remote folder the site goes to: sftp://<user>@<host>:<port>/<path>.',
      'The path "/srv/../etc" must be a plain path: no empty, "." or ".." parts.',
      '"Not_A_Bucket" is not an S3 bucket name (3–63 lower-case letters, digits, dots and hyphens).',
      'Put no password in the address: an SFTP target logs in with a key (--identity-file), an S3 target with the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY of the server’s environment.',
      'Targets are sftp:// or s3:// addresses; "ftp" is neither.',
      '"not an address" is not an address: use sftp://<user>@<host>:<port>/<path> or s3://<bucket>/<prefix>.',
    ]);
  });

  it('knows a host key fingerprint and an endpoint when it sees one', () => {
    expect([
      isHostKeyFingerprint(`SHA256:${'a'.repeat(43)}`),
      isHostKeyFingerprint('SHA256:short'),
      isHostKeyFingerprint(`MD5:${'a'.repeat(43)}`),
    ]).toEqual([true, false, false]);
    expect(parseEndpoint('http://127.0.0.1:9000/')).toBe('http://127.0.0.1:9000');
    expect(() => parseEndpoint('http://key:secret@127.0.0.1:9000')).toThrow(/no credentials/);
  });
});
