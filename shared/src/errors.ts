import type { z } from 'zod';

/** Machine-readable error codes; every 4xx and 5xx body carries one. */
export const ERROR_CODES = [
  'invalid_request',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'unauthorized',
  'forbidden_origin',
  'forbidden',
  'not_found',
  'unknown_site',
  'unknown_moment',
  'score_out_of_scale',
  'method_not_allowed',
  'rate_limited',
  'busy',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorIssue {
  /** Dotted path of the offending field, e.g. `moments.0.question.en`; `body` for the whole body. */
  path: string;
  message: string;
}

/** The one error body shape of the whole API. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: ErrorIssue[] };
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return 'body';
  return path.map((p) => (typeof p === 'symbol' ? p.toString() : p === '' ? '""' : String(p))).join('.');
}

/** Flattens a zod error into issues, one per invalid field (union branches included). */
export function issuesFromZod(error: z.core.$ZodError, prefix: ReadonlyArray<PropertyKey> = []): ErrorIssue[] {
  const out: ErrorIssue[] = [];
  const walk = (issues: ReadonlyArray<z.core.$ZodIssue>, base: ReadonlyArray<PropertyKey>) => {
    for (const issue of issues) {
      const path = [...base, ...issue.path];
      if (issue.code === 'invalid_union' && issue.errors.length > 0) {
        // Report the branch that got furthest rather than a bare "invalid input": not one whose
        // type the value does not even have (a list given where a text map is expected), then
        // the one with the fewest issues.
        const cost = (branch: ReadonlyArray<z.core.$ZodIssue>) =>
          branch.length + (branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0 ? 1000 : 0);
        const best = [...issue.errors].sort((a, b) => cost(a) - cost(b))[0]!;
        walk(best, path);
        continue;
      }
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) out.push({ path: formatPath([...path, key]), message: `Unknown key "${key}"` });
        continue;
      }
      out.push({ path: formatPath(path), message: issue.message });
    }
  };
  walk(error.issues, prefix);
  return out;
}

export function errorBody(code: ErrorCode, message: string, issues?: ErrorIssue[]): ErrorBody {
  return { error: issues && issues.length > 0 ? { code, message, issues } : { code, message } };
}
