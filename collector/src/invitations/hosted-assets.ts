/**
 * The hosted page's script and stylesheet, served from the collector (`/s/hosted.js`,
 * `/s/hosted.css`) so that the page needs no inline code. The script imports the prompt chunk
 * (`widget/src/prompt`, the same UI as in the page) and mounts it full page with the moment's
 * texts, posting answers to `POST /v1/s/{token}/response` (the token is the credential).
 * After a one-click score from an email, it opens the prompt directly on the follow-up.
 */
export const HOSTED_JS = `// Voix hosted survey page (served by the collector).
const data = JSON.parse(document.getElementById('voix-data').textContent);
const status = document.getElementById('voix-status');

function send(body, tries) {
  tries = tries || 0;
  return fetch(data.answerUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit', keepalive: true })
    .then((res) => {
      if (res.status >= 500 || res.status === 429) throw new Error('HTTP ' + res.status);
      return res;
    })
    .catch((error) => {
      if (tries >= 4) throw error;
      return new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** tries)).then(() => send(body, tries + 1));
    });
}

/** Opens the prompt on its follow-up: the stored score is chosen once the prompt has rendered. */
function chooseStoredScore(tries) {
  const host = document.querySelector('voix-prompt');
  const button = host && host.shadowRoot && host.shadowRoot.querySelector('[data-score="' + data.score + '"]');
  if (button) button.click();
  else if (tries < 200) setTimeout(() => chooseStoredScore(tries + 1), 25);
}

function done() {
  document.documentElement.classList.add('voix-done');
  status.textContent = data.done;
}

if (data.prompt) {
  import(data.prompt)
    .then((prompt) => {
      document.documentElement.classList.add('voix-enhanced');
      // In follow-up mode the score is already stored: only the comment is sent.
      let scored = data.mode === 'followUp';
      prompt.mount({
        moment: data.moment,
        brand: data.brand,
        defaultLocale: data.defaultLocale,
        locales: [data.locale],
        // Full page: the card centred (a bottom sheet on narrow screens), in the site's colours.
        theme: Object.assign({}, data.theme, { position: 'center' }),
        onAnswer(score, comment, locale) {
          if (comment === undefined && scored) return;
          scored = true;
          send({ score, comment: comment || null, locale }).catch(() => {});
        },
        onDismiss() {},
        onClose: done,
      });
      if (data.mode === 'followUp') chooseStoredScore(0);
    })
    .catch(() => {
      // The links and the form of the page still work.
    });
}
`;

export const HOSTED_CSS = `:root{color-scheme:light dark;--bg:#f4f4f5;--fg:#1a1a1a;--muted:#575757;--card:#fff;--accent:#1d4ed8}
@media (prefers-color-scheme:dark){:root{--bg:#111;--fg:#f2f2f2;--muted:#c2c2c2;--card:#1f1f1f;--accent:#9bb8ff}}
*{box-sizing:border-box}
html,body{margin:0;min-height:100%}
body{display:flex;flex-direction:column;align-items:center;min-height:100vh;padding:24px 16px;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:560px}
.brand{margin:0 0 16px;font-weight:600;color:var(--muted);text-align:center}
h1{font-size:1.35rem;line-height:1.3;margin:0 0 12px}
.message{margin:0;color:var(--muted)}
.scale{display:grid;grid-template-columns:repeat(auto-fit,minmax(40px,1fr));gap:6px;list-style:none;margin:12px 0 4px;padding:0}
.scale a{display:block;padding:12px 0;text-align:center;border:1px solid var(--accent);border-radius:8px;color:var(--accent);font-weight:600;text-decoration:none;background:var(--card)}
.ends{display:flex;justify-content:space-between;gap:8px;font-size:.85rem;color:var(--muted);margin:0}
form{display:grid;gap:8px}
textarea{width:100%;min-height:120px;padding:8px;font:inherit;border-radius:8px;border:1px solid var(--muted);background:var(--card);color:var(--fg)}
button{justify-self:end;padding:8px 18px;font:inherit;border:0;border-radius:8px;background:var(--accent);color:var(--card);cursor:pointer}
#voix-status{text-align:center;font-weight:600;margin:16px 0 0}
#voix-status:empty{display:none}
.voix-enhanced #voix-fallback{display:none}
`;
