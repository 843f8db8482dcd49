import { eq } from 'drizzle-orm';
import { meta } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { base64url } from './token.ts';

const META_KEY = 'invitation_secret';
const loaded = new WeakMap<Db, Promise<string>>();

/**
 * The instance secret that signs invitation links: `VOIX_SECRET` when set, else a random secret
 * generated on first use and kept in the `meta` table (so links survive restarts and every
 * instance on the same database agrees). Cached per database handle.
 */
export function instanceSecret(db: Db, fromEnv: string | undefined, now = Date.now()): Promise<string> {
  if (fromEnv) return Promise.resolve(fromEnv);
  let secret = loaded.get(db);
  if (!secret) {
    secret = readOrCreate(db, now);
    secret.catch(() => loaded.delete(db));
    loaded.set(db, secret);
  }
  return secret;
}

async function readOrCreate(db: Db, now: number): Promise<string> {
  const candidate = base64url(crypto.getRandomValues(new Uint8Array(32)));
  // Two instances starting together: the first insert wins and both read it back.
  await db.insert(meta).values({ key: META_KEY, value: candidate, updatedAt: now }).onConflictDoNothing();
  const [row] = await db.select({ value: meta.value }).from(meta).where(eq(meta.key, META_KEY));
  if (!row) throw new Error('The invitation secret could not be stored');
  return row.value;
}
