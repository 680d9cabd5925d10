import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are stored as argon2id hashes (PHC strings) with the library's defaults, which are
 * OWASP's recommended minimum: 19 MiB of memory, 2 passes, 1 lane.
 */
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A hash of a password nobody has, verified when a login does not exist, so that a sign-in takes
// as long for an unknown login as for a known one and timing tells nothing.
let decoy: Promise<string> | null = null;

/** Whether a password matches a stored hash; with no hash, spends the same time and says no. */
export async function verifyPassword(
  storedHash: string | null,
  password: string,
): Promise<boolean> {
  if (storedHash === null) {
    decoy ??= hash('a password no account has');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
