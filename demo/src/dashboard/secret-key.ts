/**
 * Where the dashboard gets the secret key: the URL fragment `#key=sk_…` (printed by the
 * collector at start-up), else the current tab's sessionStorage, else the key form. A key found
 * in the fragment is moved to sessionStorage and removed from the address bar so that it does
 * not end up in the history, a screenshot or a shared link.
 */
const STORAGE_KEY = 'voix:secret-key';
const SECRET_KEY = /^sk_[A-Za-z0-9_-]{8,128}$/;

export function isSecretKey(value: string): boolean {
  return SECRET_KEY.test(value);
}

function keyFromFragment(): string | null {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const key = params.get('key');
  if (key === null) return null;
  params.delete('key');
  const rest = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return key.trim();
}

export function rememberKey(key: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    /* storage disabled: the key lives in memory for this page */
  }
}

export function forgetKey(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* nothing stored */
  }
}

/** The key to use now, or null when the owner must type it. */
export function initialKey(): string | null {
  const fromFragment = keyFromFragment();
  if (fromFragment) {
    rememberKey(fromFragment);
    return fromFragment;
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
