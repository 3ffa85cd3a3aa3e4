import { CHAT_PATH } from './paths.js';

/** Inline SVG icons (Material-style paths); decorative, the buttons carry the labels. */
const icon = (d: string) => () => (
  <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path d={d} />
  </svg>
);

export const ChatIcon = icon(CHAT_PATH);
export const CloseIcon = icon('M18.3 5.7 12 12l6.3 6.3-1.4 1.4L10.6 13.4 4.3 19.7l-1.4-1.4L9.2 12 2.9 5.7l1.4-1.4 6.3 6.3 6.3-6.3z');
export const SendIcon = icon('M2 21 23 12 2 3v7l15 2-15 2z');
export const NewIcon = icon('M11 4h2v7h7v2h-7v7h-2v-7H4v-2h7z');
export const SaveIcon = icon('M11 3h2v10l3.5-3.5 1.4 1.4L12 16.8l-5.9-5.9 1.4-1.4L11 13zM4 19h16v2H4z');
