import { voix } from './voix.ts';

/**
 * Visiting `/demo/account*` already matches the URL trigger of `relationship-nps`; the button
 * asks for it explicitly, e.g. for a customer who closed the prompt and changed their mind.
 */
document.querySelector('#ask-nps')?.addEventListener('click', () => voix('show', 'relationship-nps'));
