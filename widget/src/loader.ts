import type { Moment, PublicSiteConfig } from '@voix/shared';
import { decide, stillDue, type Signal, type State } from './engine.ts';
import { createOutbox, verdict } from './outbox.ts';
import type { PromptModule } from './prompt/types.ts';
import { read, update, uuid, write } from './storage.ts';

/**
 * The loader (`dist/widget.js`): reads its `data-` attributes, replays the calls queued by the
 * snippet, fetches the site config, watches triggers, and when a moment fires records it, queues
 * the display and imports the prompt chunk. Nothing runs before `main`, and nothing it does may
 * throw into the host page.
 */

type Attributes = NonNullable<State['attributes']>;
type VoixWindow = Window & { voix?: { q?: ArrayLike<unknown>[] }; __voix?: boolean };

/** Runs `fn`, logging instead of throwing. */
function guard<A extends unknown[]>(fn: (...args: A) => unknown, log: (...args: unknown[]) => void) {
  return (...args: A) => {
    try {
      fn(...args);
    } catch (error) {
      log('error', error);
    }
  };
}

/** Attributes as the collector accepts them: at most 50 flat values, strings up to 500 chars. */
function cleanAttributes(input: unknown): Attributes {
  const out: Attributes = {};
  if (!input || typeof input !== 'object') return out;
  for (const [key, value] of Object.entries(input).slice(0, 50)) {
    if (!key || key.length > 64) continue;
    if (typeof value === 'string') out[key] = value.slice(0, 500);
    else if (value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) out[key] = value;
  }
  return out;
}

function main() {
  const w = window as VoixWindow;
  const script = (document.currentScript || document.querySelector('script[data-site]')) as HTMLScriptElement | null;
  const siteKey = (script && script.getAttribute('data-site')) || '';
  if (w.__voix || !script || !siteKey) return;
  w.__voix = true;

  const src = script.src;
  const base = new URL(src).origin;
  const promptUrl = new URL(__VOIX_PROMPT__, src).href;
  const dataLocale = script.getAttribute('data-locale') || undefined;
  const nonce = script.getAttribute('data-nonce') || script.nonce || undefined;
  const key = (name: string) => `voix:${siteKey}:${name}`;

  let debug = false;
  let localeOverride: string | undefined;
  let config: PublicSiteConfig | undefined;
  let path = location.pathname;
  /** A prompt was shown during this page view (a load, or an SPA navigation to another path). */
  let prompted = false;
  /** A prompt is loading or open. */
  let busy = false;
  let closeOpen: (() => void) | undefined;
  let opening = 0;
  let batch: Signal[] = [];
  const waitingForConfig: (() => void)[] = [];

  const log = (...args: unknown[]) => {
    if (debug) console.debug('[voix]', ...args);
  };
  const safe = <A extends unknown[]>(fn: (...args: A) => unknown) => guard(fn, log);
  const outbox = createOutbox({ base, storageKey: key('outbox'), log });

  const freshState = (): State => ({ anonymousId: uuid(), asked: {}, dismissed: {} });
  /** Reads the state (creating it on first use), optionally changes it, and stores it. */
  const changeState = (change?: (state: State) => void) =>
    update<State>(key('state'), freshState, (state) => {
      if (!state || typeof state.anonymousId !== 'string') state = freshState();
      state.asked = state.asked || {};
      state.dismissed = state.dismissed || {};
      if (change) change(state);
      return state;
    });

  const whenConfigured = (fn: () => void) => (config ? fn() : waitingForConfig.push(fn));

  /** Signals arriving in the same task are decided together, so that priority can pick. */
  function signal(s: Signal) {
    if (batch.push(s) === 1) Promise.resolve().then(safe(decideBatch));
  }

  function decideBatch() {
    const signals = batch;
    batch = [];
    const facts = () => ({ now: Date.now(), promptedThisPageView: prompted || busy, path: location.pathname });
    const decision = decide(config!, changeState(), signals, facts());
    decision.log.forEach((line) => log(line));
    const moment = decision.moment;
    if (!moment) return;
    // A moment chosen twice while it waits for its delay is shown once: the first one to fire
    // records it, and fatigue then stops the second.
    const fire = () => {
      const reason = stillDue(config!, changeState(), moment, decision.signal!, facts());
      if (reason) log(`${moment.id}: dropped, ${reason}`);
      else present(moment);
    };
    if (!decision.delayMs) return fire();
    setTimeout(safe(fire), decision.delayMs);
  }

  /** Shows a moment: fatigue first, then the display, then the prompt chunk. */
  function present(moment: Moment) {
    if (closeOpen) closeOpen();
    const token = ++opening;
    busy = prompted = true;
    const shownAt = Date.now();
    const { anonymousId } = changeState((state) => {
      state.asked[moment.id] = state.lastPromptAt = shownAt;
    });
    outbox.add('/v1/displays', { id: uuid(), siteKey, momentId: moment.id, anonymousId, channel: 'inpage' });

    const responseId = uuid();
    const closed = () => {
      if (token !== opening) return;
      busy = false;
      closeOpen = undefined;
    };
    import(/* @vite-ignore */ promptUrl)
      .then((module: PromptModule) => {
        if (token !== opening) return;
        closeOpen = module.mount({
          moment,
          brand: config!.brand,
          defaultLocale: config!.defaultLocale,
          locales: [localeOverride, dataLocale, navigator.language],
          nonce,
          onAnswer: safe((score: number, comment: string | undefined, locale: string) => {
            log(`${moment.id}: answered ${score}`);
            const { userId, attributes } = changeState();
            outbox.add('/v1/responses', {
              id: responseId,
              siteKey,
              momentId: moment.id,
              score,
              comment: comment && comment.slice(0, 2000),
              anonymousId,
              userId: userId || undefined,
              locale,
              channel: 'inpage',
              attributes,
            });
          }),
          onDismiss: safe(() => {
            log(`${moment.id}: dismissed`);
            changeState((state) => {
              state.dismissed[moment.id] = Date.now();
            });
          }),
          onClose: safe(closed),
        });
      })
      .catch((error) => {
        closed();
        log('prompt failed to load', error);
      });
  }

  function navigated() {
    if (location.pathname === path) return;
    path = location.pathname;
    prompted = false;
    log('page', path);
    signal({ path });
  }

  function start(loaded: PublicSiteConfig) {
    config = loaded;
    log('config', loaded.version);
    path = location.pathname;
    signal({ path });
    waitingForConfig.splice(0).forEach((fn) => fn());
    for (const name of ['pushState', 'replaceState'] as const) {
      const original = history[name];
      history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
        const result = original.apply(this, args);
        safe(navigated)();
        return result;
      };
    }
    addEventListener('popstate', safe(navigated));
    addEventListener('hashchange', safe(navigated));
  }

  function command(...args: unknown[]) {
    const [name, a, b] = args;
    switch (name) {
      case 'identify':
        return void changeState((state) => {
          const userId = a == null ? null : String(a).slice(0, 200);
          state.attributes = cleanAttributes({ ...(state.userId === userId ? state.attributes : {}), ...(b as object) });
          state.userId = userId;
        });
      case 'track':
        return whenConfigured(() => signal({ event: String(a), props: b && typeof b === 'object' ? (b as Record<string, unknown>) : {} }));
      case 'show':
        return whenConfigured(() => {
          const moment = config!.moments.find((m) => m.id === a);
          log(`${a}: ${moment ? 'shown on request' : 'no such moment'}`);
          if (moment) present(moment);
        });
      case 'locale':
        localeOverride = a ? String(a) : undefined;
        return;
      case 'debug':
        debug = a !== false;
        return;
      default:
        log('unknown command', name);
    }
  }

  const queued = (w.voix && w.voix.q) || [];
  w.voix = safe(command) as VoixWindow['voix'];
  for (const args of Array.from(queued)) safe(command)(...Array.from(args));

  outbox.flush();
  addEventListener('online', safe(() => outbox.flush('online')));
  addEventListener('pagehide', safe(() => outbox.flush('unload')));
  document.addEventListener(
    'visibilitychange',
    safe(() => document.visibilityState === 'hidden' && outbox.flush('unload')),
  );

  const cached = () => read<PublicSiteConfig>(key('config'));
  Promise.resolve()
    .then(() => fetch(`${base}/v1/sites/${encodeURIComponent(siteKey)}/config`, { credentials: 'omit' }))
    .then(
      (response) => {
        if (response.ok)
          return response.json().then((fetched: PublicSiteConfig) => {
            write(key('config'), fetched);
            return fetched;
          });
        log(`config: HTTP ${response.status}`);
        // 403 (origin not allowed), 404…: stay quiet; a server in trouble: the last good config.
        return verdict(response.status) === 'retry' ? cached() : undefined;
      },
      () => cached(),
    )
    .then((loaded) => (loaded && Array.isArray(loaded.moments) ? start(loaded) : log('no config')))
    .catch((error) => log('error', error));
}

try {
  main();
} catch {
  // Never throw into the host page.
}
