import type { StoredResponse } from '@voix/shared';

/**
 * CSV export (RFC 4180) that spreadsheets cannot turn into formulas (reliability-security.md R19).
 *
 * Neutralisation: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
 * leading `'`, so Excel, LibreOffice and Google Sheets show it as text instead of evaluating it.
 * Numeric columns are exempt: their cells are written from a JavaScript number we validated
 * (e.g. `score`), so a negative number such as `-3` stays `-3` and sorts as a number; a formula
 * cannot be smuggled through a finite number. Text that merely looks like a number (a user id
 * `-3`) is still text and is neutralised.
 */
export type CellKind = 'text' | 'number';

const DANGEROUS = /^[=+\-@\t\r]/;

export function neutralise(value: string): string {
  return DANGEROUS.test(value) ? `'${value}` : value;
}

/** One CSV cell: neutralised (text only), then quoted when it holds `,`, `"`, CR or LF. */
export function csvCell(value: string | number | boolean | null | undefined, kind: CellKind = 'text'): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (kind === 'number' && typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else text = neutralise(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_COLUMNS: { name: string; kind: CellKind; get: (r: StoredResponse) => string | number | null }[] = [
  { name: 'id', kind: 'text', get: (r) => r.id },
  { name: 'createdAt', kind: 'text', get: (r) => r.createdAt },
  { name: 'momentId', kind: 'text', get: (r) => r.momentId },
  { name: 'metric', kind: 'text', get: (r) => r.metric },
  { name: 'stage', kind: 'text', get: (r) => r.stage },
  { name: 'score', kind: 'number', get: (r) => r.score },
  { name: 'comment', kind: 'text', get: (r) => r.comment },
  { name: 'anonymousId', kind: 'text', get: (r) => r.anonymousId },
  { name: 'userId', kind: 'text', get: (r) => r.userId },
  { name: 'locale', kind: 'text', get: (r) => r.locale },
  { name: 'channel', kind: 'text', get: (r) => r.channel },
  { name: 'attributes', kind: 'text', get: (r) => (r.attributes ? JSON.stringify(r.attributes) : null) },
];

export const csvHeader = () => CSV_COLUMNS.map((c) => c.name).join(',') + '\r\n';
export const csvLine = (r: StoredResponse) => CSV_COLUMNS.map((c) => csvCell(c.get(r), c.kind)).join(',') + '\r\n';
