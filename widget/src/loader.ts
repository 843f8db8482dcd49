import type { Moment, PublicSiteConfig } from '@voix/shared';
import { pageViewed, privacyBlocks, promptShown, type State } from './engine.ts';
import { createOutbox, verdict } from './outbox.ts';
import type { PromptModule } from './prompt/types.ts';
import type * as Rules from './rules.ts';
import type * as Tab from './tab.ts';
import { matchDelayMs, triggersOf, type Signal } from './triggers.ts';
import { read, update, uuid, write } from './storage.ts';

/**
 * The loader (`dist/widget.js`): reads its `data-` attributes, replays the calls queued by the
 * snippet, fetches the site config, watches triggers (page views and SPA navigation, clicks, exit
 * intent, scroll depth, time on page), and when a moment fires records it, queues the display and
 * imports the prompt chunk. Decisions are `engine.ts`'s. Nothing runs before `main`, and nothing
 * it does may throw into the host page.
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

function main(script: HTMLScriptElement | null) {
  const w = window as VoixWindow;
  const siteKey = (script && script.getAttribute('data-site')) || '';
  if (w.__voix || !script || !siteKey) return;
  w.__voix = true;

  const src = script.src;
  const base = new URL(src).origin;
  const promptUrl = new URL(__VOIX_PROMPT__, src).href;
  const rulesUrl = new URL(__VOIX_RULES__, src).href;
  const tabUrl = new URL(__VOIX_TAB__, src).href;
  const dataLocale = script.getAttribute('data-locale') || undefined;
  const nonce = script.getAttribute('data-nonce') || script.nonce || undefined;
  const key = (name: string) => `voix:${siteKey}:${name}`;

  let debug = false;
  let localeOverride: string | undefined;
  let config: PublicSiteConfig | undefined;
  let path = location.pathname;
  /** Page views in this tab: a load, or an SPA navigation to another path. */
  let view = 0;
  /** A prompt was shown during this page view. */
  let prompted = false;
  /** Deepest scroll reached on this page view (%), and the last scroll position and time. */
  let depth = 0;
  let lastY = 0;
  let lastT = 0;
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

  const coarse = matchMedia('(pointer:coarse)').matches;

  const freshState = (): State => ({ anonymousId: uuid(), asked: {}, dismissed: {} });
  const normal = (state: State | undefined) => {
    if (!state || typeof state.anonymousId !== 'string') state = freshState();
    state.asked = state.asked || {};
    state.dismissed = state.dismissed || {};
    return state;
  };
  /** The state as stored now (other tabs write it too), without writing it. */
  const peek = () => normal(read<State>(key('state')));
  /** Reads the state (creating it on first use), optionally changes it, and stores it. */
  const changeState = (change?: (state: State) => void) =>
    update<State>(key('state'), freshState, (state) => {
      state = normal(state);
      if (change) change(state);
      return state;
    });
  const facts = (): Rules.LoaderFacts => ({
    now: Date.now(),
    promptedThisPageView: prompted || busy,
    consent: read<boolean>(key('consent')),
    view,
    locales: [localeOverride, dataLocale, navigator.language],
  });

  const whenConfigured = (fn: () => void) => (config ? fn() : waitingForConfig.push(fn));

  /** Signals arriving in the same task are decided together, so that priority can pick. */
  function signal(s: Signal) {
    if (batch.push(s) === 1) Promise.resolve().then(safe(decideBatch));
  }

  function decideBatch() {
    const signals = batch;
    batch = [];
    const state = peek();
    // The rules (privacy, audience, sampling, fatigue, priority) are loaded once a trigger matches.
    if (!config!.moments.some((m) => signals.some((s) => matchDelayMs(m, s, state) !== undefined))) return;
    const firedOnView = view;
    import(/* @vite-ignore */ rulesUrl)
      .then((rules: typeof Rules) => {
        const decision = rules.decide(config!, peek(), signals, facts());
        decision.log.forEach((line) => log(line));
        const moment = decision.moment;
        if (!moment) return;
        // A moment chosen twice while it waits for its delay is shown once: the first one to fire
        // records it, and fatigue then stops the second. Its page must still be the customer's.
        const fire = () => {
          const reason = rules.stillDue(config!, peek(), moment, decision.signal!, facts(), firedOnView);
          const invite = reason ? 0 : rules.invitation(moment, peek(), facts());
          if (reason) log(`${moment.id}: dropped, ${reason}`);
          // Out of the page (email, SMS, link): fatigue counts it, and the collector invites.
          else if (invite) changeState((s) => promptShown(s, moment.id, Date.now())), outbox.add('/v1/invitations/request', { ...invite, id: uuid(), siteKey });
          else present(moment);
        };
        if (!decision.delayMs) return fire();
        setTimeout(safe(fire), decision.delayMs);
      })
      .catch((error) => log('rules', error));
  }

  /** Shows a moment: fatigue first, then the display, then the prompt chunk (which reports the answers). */
  function present(moment: Moment) {
    if (closeOpen) closeOpen();
    const token = ++opening;
    busy = prompted = true;
    const { anonymousId } = changeState((state) => promptShown(state, moment.id, Date.now()));
    outbox.add('/v1/displays', { id: uuid(), siteKey, momentId: moment.id, anonymousId, channel: 'inpage' });

    const closed = () => {
      if (token !== opening) return;
      busy = false;
      closeOpen = undefined;
    };
    import(/* @vite-ignore */ promptUrl)
      .then((module: PromptModule) => {
        if (token !== opening) return;
        closeOpen = module.present({
          moment,
          config: config!,
          locales: facts().locales,
          nonce,
          anonymousId,
          send: outbox.add,
          state: changeState,
          uuid,
          safe,
          log,
          onClose: safe(closed),
        });
      })
      .catch((error) => {
        closed();
        log('prompt', error);
      });
  }

  /** The feedback tab (its own chunk), once privacy allows asking: a click shows its moment. */
  function showTab() {
    const tab = config!.tab;
    if (tab && !privacyBlocks(config!, facts()))
      import(/* @vite-ignore */ tabUrl)
        .then((module: typeof Tab) => module.tab(config!, facts().locales, nonce, () => command('show', tab.momentId)))
        .catch((error) => log('tab', error));
  }

  /** A page view: counted in the visit (once consent allows), then page triggers and timers. */
  function pageView() {
    const v = ++view;
    path = location.pathname;
    prompted = false;
    depth = 0;
    log('page', path);
    if (!privacyBlocks(config!, facts())) changeState((state) => pageViewed(state, Date.now()));
    signal({ path });
    const seconds = new Set(config!.moments.flatMap((m) => triggersOf(m).map((t) => (t as { timeOnPage?: number }).timeOnPage)));
    seconds.forEach((s) => s && setTimeout(safe(() => v === view && signal({ time: s })), s * 1000));
  }

  function navigated() {
    if (location.pathname !== path) pageView();
  }

  function scrolled(event: Event) {
    const y = scrollY;
    // Touch screens have no pointer to leave the page: a fast flick back up is the exit intent.
    if (coarse && lastY - y > 40 && (lastY - y) / (event.timeStamp - lastT) > 2) signal({ exit: true });
    lastY = y;
    lastT = event.timeStamp;
    const reached = Math.min(100, Math.floor(((y + innerHeight) * 100) / document.documentElement.scrollHeight));
    if (reached > depth) signal({ scroll: reached, from: depth });
    depth = Math.max(depth, reached);
  }

  function start(loaded: PublicSiteConfig) {
    const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
    if (loaded.privacy?.respectDoNotTrack && (nav.globalPrivacyControl || nav.doNotTrack === '1')) return log('Do Not Track: asking nothing');
    config = loaded;
    log('config', loaded.version);
    pageView();
    showTab();
    waitingForConfig.splice(0).forEach((fn) => fn());
    // Delegated and in the capture phase: elements added later count, and stopPropagation does not hide a click.
    document.addEventListener('click', safe((event: Event) => signal({ click: event.target as Element })), true);
    document.addEventListener('mouseout', safe((event: MouseEvent) => !event.relatedTarget && event.clientY <= 0 && signal({ exit: true })));
    addEventListener('scroll', safe(scrolled), { passive: true });
    addEventListener('storage', safe((event: StorageEvent) => event.key === key('consent') && event.newValue === 'false' && closeOpen && closeOpen()));
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
          const reason = moment ? privacyBlocks(config!, facts()) : 'no such moment';
          log(`${a}: ${reason || 'shown on request'}`);
          if (!reason) present(moment!);
        });
      case 'consent': {
        const given = a !== false;
        const before = read(key('consent'));
        write(key('consent'), given);
        log('consent', given);
        if (!given && closeOpen) closeOpen();
        // Consent given on this page: its page view counts and its page triggers get their turn.
        if (given && !before && config) {
          changeState((state) => pageViewed(state, Date.now()));
          signal({ path });
          showTab();
        }
        return;
      }
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

/**
 * The tag is read now (`currentScript` exists only while the script first runs); the work waits
 * for the page's `load` event and then for the browser to be idle, so that an `async` tag costs
 * the host's load event only its download. Calls made meanwhile wait in the snippet's queue.
 */
const script = (document.currentScript || document.querySelector('script[data-site]')) as HTMLScriptElement | null;
const run = () =>
  ((window.requestIdleCallback || setTimeout) as (fn: () => void, options: object) => void)(() => {
    try {
      main(script);
    } catch {
      // Never throw into the host page.
    }
  }, { timeout: 2000 });
document.readyState == 'complete' ? run() : addEventListener('load', run);
