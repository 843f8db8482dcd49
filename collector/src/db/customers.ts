import { and, eq } from 'drizzle-orm';
import type { PreferredChannel } from '@voix/shared';
import { customerChannels } from './schema.ts';
import type { Db } from './types.ts';

/**
 * The channel each identified customer prefers (issue #7), remembered when the page says so
 * (an invitation request carrying `preferredChannel`, e.g. after "Ask me later by email").
 */

export async function rememberPreferredChannel(db: Db, siteId: number, userId: string, channel: PreferredChannel, now: number): Promise<void> {
  await db
    .insert(customerChannels)
    .values({ siteId, userId, preferredChannel: channel, updatedAt: now })
    .onConflictDoUpdate({ target: [customerChannels.siteId, customerChannels.userId], set: { preferredChannel: channel, updatedAt: now } });
}

export async function preferredChannelOf(db: Db, siteId: number, userId: string): Promise<PreferredChannel | undefined> {
  const [row] = await db
    .select({ channel: customerChannels.preferredChannel })
    .from(customerChannels)
    .where(and(eq(customerChannels.siteId, siteId), eq(customerChannels.userId, userId)));
  return row?.channel;
}
