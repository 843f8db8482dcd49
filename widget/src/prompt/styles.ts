/**
 * The prompt's CSS, scoped by its shadow root. Fonts and colours are set on `.card`, inside the
 * shadow tree, so nothing the host page sets on the host element (even `* {…!important}`) is
 * inherited. Theme it from the page with custom properties on the host element, e.g.
 * `voix-prompt { --voix-accent: #7c3aed }`. Default colours keep text contrast ≥ 4.5:1 in light
 * and dark schemes.
 */
export const CSS = `
:host{all:initial;display:block;position:fixed;right:16px;bottom:16px;z-index:2147483000;color-scheme:light dark;
--voix-bg:#fff;--voix-fg:#1a1a1a;--voix-muted:#575757;--voix-border:#767676;--voix-accent:#1d4ed8;--voix-accent-fg:#fff;
--voix-radius:12px;--voix-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
@media (prefers-color-scheme:dark){:host{--voix-bg:#1f1f1f;--voix-fg:#f2f2f2;--voix-muted:#c2c2c2;--voix-border:#8f8f8f;--voix-accent:#9bb8ff;--voix-accent-fg:#0d0d0d}}
*{box-sizing:border-box}
.card{position:relative;width:min(380px,calc(100vw - 32px));padding:16px;background:var(--voix-bg);color:var(--voix-fg);
font:14px/1.4 var(--voix-font);text-align:left;letter-spacing:normal;text-transform:none;
border:1px solid var(--voix-border);border-radius:var(--voix-radius);box-shadow:0 8px 28px rgba(0,0,0,.2)}
.card:focus{outline:none}
@media (prefers-reduced-motion:no-preference){.card{animation:voix-in .2s ease-out}}
@keyframes voix-in{from{opacity:0;transform:translateY(8px)}}
.title{margin:0 32px 12px 0;font-size:15px;font-weight:600}
.scale{display:grid;gap:4px}
.nps{grid-template-columns:repeat(11,1fr)}
.csat{grid-template-columns:repeat(5,1fr)}
.ces{grid-template-columns:repeat(7,1fr)}
button,textarea{font:inherit;color:inherit;background:var(--voix-bg);border:1px solid var(--voix-border);border-radius:6px}
button{cursor:pointer}
.scale button{min-height:36px;padding:0}
.scale button:hover,.scale button[aria-checked=true],.primary{background:var(--voix-accent);border-color:var(--voix-accent);color:var(--voix-accent-fg)}
:focus-visible{outline:2px solid var(--voix-accent);outline-offset:2px}
.ends{display:flex;justify-content:space-between;gap:8px;margin-top:6px;font-size:12px;color:var(--voix-muted)}
textarea{display:block;width:100%;min-height:72px;padding:8px;resize:vertical}
.actions{display:flex;justify-content:flex-end;gap:8px;margin-top:8px}
.actions button{padding:6px 14px}
.close{position:absolute;top:8px;right:8px;width:32px;height:32px;padding:0;border-color:transparent;font-size:20px;line-height:1;color:var(--voix-muted)}
.thanks{margin:0;font-weight:600}
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
