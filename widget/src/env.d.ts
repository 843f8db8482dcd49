/** File name of the prompt chunk in `dist/`, injected by `vite.loader.config.ts` at build time. */
declare const __VOIX_PROMPT__: string;
/** File name of the rules chunk in `dist/`, injected by `vite.loader.config.ts` at build time. */
declare const __VOIX_RULES__: string;
/** File name of the feedback tab chunk in `dist/`, injected by `vite.loader.config.ts` at build time. */
declare const __VOIX_TAB__: string;
