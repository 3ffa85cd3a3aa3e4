/** Icon paths shared with the loader, which must not pull in Preact. */
export const CHAT_PATH = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2z';
