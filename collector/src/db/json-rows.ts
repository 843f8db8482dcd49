import { sql, type SQL } from 'drizzle-orm';

/**
 * A table of rows bound as ONE JSON parameter, for the `with` clause of a statement that writes a
 * whole group of rows at once (db/group-commit.ts): `name as (select value ->> '$.prop' as column, …
 * from json_each(?))`. One bind instead of one per value keeps a statement for hundreds of rows
 * cheap to build and to bind, and within D1's limit of 100 parameters.
 *
 * What comes out is what binding each value would store: whole JSON numbers are INTEGER, strings
 * TEXT byte for byte (lone surrogates become U+FFFD first, as when binding), null or a missing
 * property NULL. Column and property names are ours, never input.
 */
export function jsonTable(name: string, columns: Record<string, string>): (rows: readonly object[]) => SQL {
  const select = sql.raw(
    Object.entries(columns)
      .map(([column, property]) => `value ->> '$.${property}' as ${column}`)
      .join(', '),
  );
  return (rows) => sql`${sql.raw(name)} as (select ${select} from json_each(${JSON.stringify(rows, wellFormedStrings)}))`;
}

const wellFormedStrings = (_key: string, value: unknown) => (typeof value === 'string' ? value.toWellFormed() : value);
