/**
 * `npx voix …` — manage sites, keys and config against DATABASE_URL directly
 * (the same database `npm start` uses).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SiteConfig, issuesFromZod } from '@voix/shared';
import { diffConfig, formatChanges } from './config-diff.ts';
import { applyConfig, createSite, findSiteByKey, listSites, rotateSecretKey } from './db/sites.ts';
import { deleteUser, exportUser } from './db/users.ts';
import { openDatabase } from './node/db.ts';

const HELP = `voix — Voix command line (works on DATABASE_URL, default file:data/voix.db)

Usage:
  voix sites create --name NAME --origin ORIGIN [--origin ORIGIN …] [--json]
  voix sites list [--json]
  voix config apply --site pk_… FILE.json
  voix config diff --site pk_… FILE.json      (what apply would change; exit 1 when invalid)
  voix config show --site pk_…
  voix keys rotate --site pk_… [--scope admin|read] [--json]
  voix users export USER_ID --site pk_…        (GDPR access: everything stored for a customer, as JSON)
  voix users delete USER_ID --site pk_… --yes  (GDPR erasure: responses, their counts, invitations)

Examples:
  npx voix sites create --name "My shop" --origin https://shop.example --json
  npx voix config apply --site pk_abc123 voix.config.json
`;

class CliError extends Error {}

function fail(message: string): never {
  throw new CliError(message);
}

async function database() {
  // The CLI never ingests: no write thread to start (node/write-thread.ts).
  return openDatabase({ url: process.env.DATABASE_URL ?? 'file:data/voix.db', authToken: process.env.DATABASE_AUTH_TOKEN, writeThread: false });
}

async function sitesCreate(args: string[]) {
  const { values } = parseArgs({ args, options: { name: { type: 'string' }, origin: { type: 'string', multiple: true }, json: { type: 'boolean' } } });
  if (!values.name?.trim()) fail('Missing --name NAME');
  if (!values.origin?.length) fail('Missing --origin ORIGIN (repeat it for each origin the widget runs on, e.g. --origin https://shop.example)');
  for (const o of values.origin) {
    try {
      const url = new URL(o);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
    } catch {
      fail(`Invalid --origin "${o}": expected an http(s) origin such as https://shop.example`);
    }
  }
  const { db, client } = await database();
  try {
    const { siteKey, secretKey, site } = await createSite(db, { name: values.name.trim(), origins: values.origin, now: Date.now() });
    if (values.json) console.log(JSON.stringify({ siteKey, secretKey }));
    else {
      console.log(`Created site "${site.name}" for ${site.origins.join(', ')}`);
      console.log(`  Site key    ${siteKey}   (public: put it in the script tag)`);
      console.log(`  Secret key  ${secretKey}   (shown once: it reads scores and applies config)`);
      console.log(`\nNext: npx voix config apply --site ${siteKey} voix.config.json`);
    }
  } finally {
    client.close();
  }
}

async function sitesList(args: string[]) {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const { db, client } = await database();
  try {
    const sites = await listSites(db);
    if (values.json) {
      console.log(JSON.stringify(sites.map((s) => ({ siteKey: s.siteKey, name: s.name, origins: s.origins, configVersion: s.configVersion }))));
    } else if (sites.length === 0) console.log('No sites yet. Create one with: npx voix sites create --name NAME --origin ORIGIN');
    else for (const s of sites) console.log(`${s.siteKey}  ${s.name}  config v${s.configVersion}  ${s.origins.join(', ')}`);
  } finally {
    client.close();
  }
}

async function siteArg(args: string[]) {
  const parsed = parseArgs({
    args,
    allowPositionals: true,
    options: { site: { type: 'string' }, json: { type: 'boolean' }, scope: { type: 'string' }, yes: { type: 'boolean' } },
  });
  const siteKey = parsed.values.site;
  if (typeof siteKey !== 'string') fail('Missing --site pk_…');
  const { db, client } = await database();
  const site = await findSiteByKey(db, siteKey);
  if (!site) {
    client.close();
    fail(`No site with key ${siteKey} in ${process.env.DATABASE_URL ?? 'file:data/voix.db'} (list them with: npx voix sites list)`);
  }
  return { db, client, site, values: parsed.values, positionals: parsed.positionals };
}

async function configApply(args: string[]) {
  const { db, client, site, positionals } = await siteArg(args);
  try {
    const file = positionals[0];
    if (!file) fail('Missing the config file: voix config apply --site pk_… FILE.json');
    let document: unknown;
    try {
      document = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      fail(`Cannot read ${file}: ${(err as Error).message}`);
    }
    const result = await applyConfig(db, site, document, Date.now());
    if (!result.ok) {
      const lines = issuesFromZod(result.error).map((i) => `  - ${i.path}: ${i.message}`);
      fail(`${file} is not a valid config; the current config (v${site.configVersion}) stays in force.\n${lines.join('\n')}`);
    }
    console.log(`Applied ${file} to ${site.siteKey} as config v${result.version} (${result.config.moments.length} moments: ${result.config.moments.map((m) => m.id).join(', ')})`);
  } finally {
    client.close();
  }
}

async function configDiff(args: string[]) {
  const { client, site, positionals } = await siteArg(args);
  try {
    const file = positionals[0];
    if (!file) fail('Missing the config file: voix config diff --site pk_… FILE.json');
    let document: unknown;
    try {
      document = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      fail(`Cannot read ${file}: ${(err as Error).message}`);
    }
    const parsed = SiteConfig.safeParse(document);
    if (!parsed.success) {
      const lines = issuesFromZod(parsed.error).map((i) => `  - ${i.path}: ${i.message}`);
      fail(`${file} is not a valid config:\n${lines.join('\n')}`);
    }
    console.log(`Config v${site.configVersion} of ${site.siteKey} → ${file}:`);
    console.log(formatChanges(diffConfig(site.config, parsed.data)));
  } finally {
    client.close();
  }
}

async function configShow(args: string[]) {
  const { client, site } = await siteArg(args);
  client.close();
  console.log(JSON.stringify(site.config ?? null, null, 2));
}

async function keysRotate(args: string[]) {
  const { db, client, site, values } = await siteArg(args);
  try {
    const scope = values.scope ?? 'admin';
    if (scope !== 'admin' && scope !== 'read') fail('--scope must be "admin" or "read"');
    const secretKey = await rotateSecretKey(db, site.id, Date.now(), scope);
    if (values.json) console.log(JSON.stringify({ siteKey: site.siteKey, secretKey, scope }));
    else console.log(`New ${scope} secret key for ${site.siteKey}: ${secretKey}\n(shown once; the previous ${scope} key no longer works)`);
  } finally {
    client.close();
  }
}

async function usersExport(args: string[]) {
  const { db, client, site, positionals } = await siteArg(args);
  try {
    const userId = positionals[0];
    if (!userId) fail('Missing the user id: voix users export USER_ID --site pk_…');
    console.log(JSON.stringify(await exportUser(db, site.id, userId), null, 2));
  } finally {
    client.close();
  }
}

async function usersDelete(args: string[]) {
  const { db, client, site, positionals, values } = await siteArg(args);
  try {
    const userId = positionals[0];
    if (!userId) fail('Missing the user id: voix users delete USER_ID --site pk_… --yes');
    if (!values.yes) fail(`This erases every response and invitation of "${userId}" on ${site.siteKey}. Run again with --yes to confirm.`);
    const deleted = await deleteUser(db, site.id, userId);
    console.log(`Erased "${userId}" on ${site.siteKey}: ${deleted.responses} responses, ${deleted.invitations} invitations.`);
  } finally {
    client.close();
  }
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  'users export': usersExport,
  'users delete': usersDelete,
  'sites create': sitesCreate,
  'sites list': sitesList,
  'config apply': configApply,
  'config diff': configDiff,
  'config show': configShow,
  'keys rotate': keysRotate,
};

export async function main(argv: string[]): Promise<number> {
  const [group, verb, ...rest] = argv;
  if (!group || group === 'help' || group === '--help' || group === '-h') {
    console.log(HELP);
    return 0;
  }
  const command = COMMANDS[`${group} ${verb ?? ''}`];
  if (!command) {
    console.error(`Unknown command "${[group, verb].filter(Boolean).join(' ')}".\n\n${HELP}`);
    return 2;
  }
  try {
    await command(rest);
    return 0;
  } catch (err) {
    if (err instanceof CliError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`voix: ${(err as Error).message}`);
      return 1;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
