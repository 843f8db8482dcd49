/**
 * What `voix config diff` prints: the changes between the stored config and a new document,
 * one line per changed leaf, moments matched by id (not by position) so that reordering or
 * inserting a moment reads as what it is.
 */
export interface Change {
  kind: 'added' | 'removed' | 'changed';
  path: string;
  before?: unknown;
  after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasIds = (v: unknown): v is Array<{ id: string }> =>
  Array.isArray(v) && v.every((x) => isObject(x) && typeof x.id === 'string');

function walk(before: unknown, after: unknown, path: string, out: Change[]): void {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (before === undefined) return void out.push({ kind: 'added', path, after });
  if (after === undefined) return void out.push({ kind: 'removed', path, before });
  if (hasIds(before) && hasIds(after)) {
    const b = new Map(before.map((m) => [m.id, m]));
    const a = new Map(after.map((m) => [m.id, m]));
    for (const id of new Set([...b.keys(), ...a.keys()])) walk(b.get(id), a.get(id), `${path}[${id}]`, out);
    const order = (xs: Array<{ id: string }>) => xs.map((x) => x.id).filter((id) => b.has(id) && a.has(id));
    if (order(before).join() !== order(after).join()) out.push({ kind: 'changed', path: `${path} (order)`, before: order(before), after: order(after) });
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      walk(before[key], after[key], path ? `${path}.${key}` : key, out);
    }
    return;
  }
  out.push({ kind: 'changed', path, before, after });
}

export function diffConfig(before: unknown, after: unknown): Change[] {
  const out: Change[] = [];
  walk(before ?? {}, after, '', out);
  return out;
}

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
};

export function formatChanges(changes: Change[]): string {
  if (changes.length === 0) return 'No changes.';
  return changes
    .map((c) =>
      c.kind === 'added' ? `+ ${c.path}: ${show(c.after)}` : c.kind === 'removed' ? `- ${c.path}: ${show(c.before)}` : `~ ${c.path}: ${show(c.before)} → ${show(c.after)}`,
    )
    .join('\n');
}
