import { Hono } from 'hono';
import { z } from 'zod';
import { deleteUser, exportUser } from '../db/users.ts';
import { requireSecretKey } from '../http/auth.ts';
import { validationError } from '../http/errors.ts';
import type { AppEnv } from '../app.ts';

/**
 * GDPR access and erasure for one customer of the key's site: `GET` exports what Voix holds
 * under their user id (read key), `DELETE` erases it (admin key). The CLI has the same
 * (`voix users export|delete`).
 */
export const userRoutes = new Hono<AppEnv>();

const UserId = z.object({ userId: z.string().min(1).max(200) });

userRoutes.get('/users/:userId', requireSecretKey('read'), async (c) => {
  const parsed = UserId.safeParse(c.req.param());
  if (!parsed.success) throw validationError(parsed.error);
  return c.json(await exportUser(c.var.deps.db, c.var.site!.id, parsed.data.userId));
});

userRoutes.delete('/users/:userId', requireSecretKey('admin'), async (c) => {
  const parsed = UserId.safeParse(c.req.param());
  if (!parsed.success) throw validationError(parsed.error);
  const deleted = await deleteUser(c.var.deps.db, c.var.site!.id, parsed.data.userId);
  return c.json({ userId: parsed.data.userId, deleted });
});
