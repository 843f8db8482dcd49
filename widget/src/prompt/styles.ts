/**
 * The prompt's CSS, scoped by its shadow root. The `:host` rules are `!important`: inside a shadow
 * tree they beat even the page's `* { all: unset !important }`, and `all: initial` stops every
 * inherited font, colour or spacing of the page at the host. Theme from config sets attributes
 * and custom properties on the host (`theme.ts`); a page may also set `--voix-*` itself, e.g.
 * `voix-prompt { --voix-accent: #7c3aed }`. Default colours keep text contrast ≥ 4.5:1 in light and
 * dark schemes; the focus ring uses the text colour, so it contrasts whatever the brand colour.
 * Sides are logical (`inset-inline-end`…) so that a right-to-left prompt mirrors itself. An
 * inline prompt (`data-display=inline`) sits in the page's flow, as wide as its container.
 */
const DARK =
  '--voix-bg:#1f1f1f;--voix-fg:#f2f2f2;--voix-muted:#c2c2c2;--voix-border:#8f8f8f;--voix-accent:#9bb8ff;--voix-accent-fg:#0d0d0d;color-scheme:dark';

export const CSS = `
:host{all:initial!important;display:block!important;position:fixed!important;inset:auto 16px 16px auto!important;margin:0!important;
padding:0!important;border:0!important;background:none!important;overflow:visible!important;width:auto!important;height:auto!important;
max-width:none!important;transform:none!important;visibility:visible!important;opacity:1!important;z-index:2147483000!important;
--voix-bg:#fff;--voix-fg:#1a1a1a;--voix-muted:#575757;--voix-border:#767676;--voix-accent:#1d4ed8;--voix-accent-fg:#fff;
--voix-radius:12px;--voix-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color-scheme:light}
@media (prefers-color-scheme:dark){:host(:not([data-scheme=light])){${DARK}}}
:host([data-scheme=dark]){${DARK}}
:host([data-position=bottom-left]){inset:auto auto 16px 16px!important}
:host([data-position=top-right]){inset:16px 16px auto auto!important}
:host([data-position=top-left]){inset:16px auto auto 16px!important}
:host([data-position=center]){inset:0!important;margin:auto!important;width:fit-content!important;height:fit-content!important}
*{box-sizing:border-box}
.card{position:relative;width:min(380px,calc(100vw - 32px));max-height:calc(100vh - 32px);overflow:auto;padding:16px;
background:var(--voix-bg);color:var(--voix-fg);font:14px/1.4 var(--voix-font);text-align:start;letter-spacing:normal;
text-transform:none;border:1px solid var(--voix-border);border-radius:var(--voix-radius);box-shadow:0 8px 28px rgba(0,0,0,.2)}
.card:focus{outline:none}
@media (prefers-reduced-motion:no-preference){.card{animation:voix-in .2s ease-out}}
@keyframes voix-in{from{opacity:0;transform:translateY(8px)}}
.title{margin:0 0 12px;margin-inline-end:32px;font-size:15px;font-weight:600}
.scale{display:grid;gap:4px}
.nps{grid-template-columns:repeat(11,1fr)}
.csat{grid-template-columns:repeat(5,1fr)}
.ces{grid-template-columns:repeat(7,1fr)}
button,textarea{font:inherit;color:inherit;background:var(--voix-bg);border:1px solid var(--voix-border);border-radius:6px}
button{cursor:pointer}
.scale button{min-height:36px;padding:0}
.scale button:hover,.scale button[aria-checked=true],.primary{background:var(--voix-accent);border-color:var(--voix-accent);color:var(--voix-accent-fg)}
:focus-visible{outline:2px solid var(--voix-fg);outline-offset:2px}
.ends{display:flex;justify-content:space-between;gap:8px;margin-top:6px;font-size:12px;color:var(--voix-muted)}
textarea{display:block;width:100%;min-height:72px;padding:8px;resize:vertical}
.actions{display:flex;justify-content:flex-end;gap:8px;margin-top:8px}
.actions button{min-height:32px;padding:6px 14px}
.close{position:absolute;top:8px;inset-inline-end:8px;width:32px;height:32px;padding:0;border-color:transparent;font-size:20px;line-height:1;color:var(--voix-muted)}
.thanks{margin:0;font-weight:600}
.later{display:block;margin:10px 0 0;padding:4px 0;border:0;background:none;color:var(--voix-fg);text-decoration:underline;font-size:13px}
@media (max-width:480px){
:host,:host([data-position]){inset:auto 0 0 0!important;margin:0!important;width:auto!important;height:auto!important}
.card{width:100%;max-height:100vh;padding:12px;border-width:1px 0 0;border-radius:var(--voix-radius) var(--voix-radius) 0 0}
.scale{gap:2px}}
:host([data-display=inline]){position:relative!important;inset:auto!important;z-index:auto!important;width:auto!important;margin:0!important}
:host([data-display=inline]) .card{width:auto;max-width:100%;max-height:none;border-width:1px;border-radius:var(--voix-radius);box-shadow:none;animation:none}
`;

/** Constructable stylesheet (exempt from `style-src`), else a `<style>` carrying the page's nonce. */
export function applyStyles(root: ShadowRoot, nonce: string | undefined): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = CSS;
    root.appendChild(style);
  }
}
