/**
 * The markdown subset messages use (bold, italic, inline and block code, lists, links) parsed
 * into a tiny tree that `Markdown` renders as VNodes. Text is never parsed as HTML: every leaf is a
 * string that ends up as a DOM text node, and links keep only http(s) and mailto URLs.
 */

export type Inline =
  | { t: 'text'; text: string }
  | { t: 'strong' | 'em'; children: Inline[] }
  | { t: 'code'; text: string }
  | { t: 'link'; href: string; children: Inline[] }
  | { t: 'br' };

export type Block = { t: 'p'; children: Inline[] } | { t: 'ul' | 'ol'; items: Inline[][] } | { t: 'pre'; text: string };

/** The URL if it is http(s) or mailto, normalised; otherwise null. */
export function safeHref(raw: string): string | null {
  const trimmed = raw.trim();
  if (!/^(https?:\/\/|mailto:)/i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'mailto:') return null;
    return url.href;
  } catch {
    return null; // not a URL at all: shown as plain text
  }
}

// Alternatives, in priority order: code, link, bold, italic (* and _), bare URL, newline.
const INLINE =
  /`([^`\n]+)`|\[([^\]\n]+)\]\(([^()\s]+)\)|\*\*(?=\S)([\s\S]*?\S)\*\*|(?<![\p{L}\p{N}_])__(?=\S)([\s\S]*?\S)__(?![\p{L}\p{N}_])|\*(?=[^\s*])([^*\n]*?[^\s*])\*|(?<![\p{L}\p{N}_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}_])|((?:https?:\/\/|mailto:)[^\s<>]*[^\s<>.,:;"'!?)\]])|\n/gu;

export function parseInline(text: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  const push = (s: string) => {
    if (!s) return;
    const last = out[out.length - 1];
    if (last && last.t === 'text') last.text += s;
    else out.push({ t: 'text', text: s });
  };
  let at = 0;
  const re = new RegExp(INLINE.source, INLINE.flags);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    push(text.slice(at, m.index));
    at = m.index + m[0].length;
    const [all, code, label, href, bold1, bold2, em1, em2, url] = m;
    const nest = (s: string) => (depth < 4 ? parseInline(s, depth + 1) : [{ t: 'text' as const, text: s }]);
    if (code !== undefined) out.push({ t: 'code', text: code });
    else if (label !== undefined && href !== undefined) {
      const safe = safeHref(href);
      if (safe) out.push({ t: 'link', href: safe, children: nest(label) });
      else push(all);
    } else if (bold1 !== undefined || bold2 !== undefined) out.push({ t: 'strong', children: nest((bold1 ?? bold2)!) });
    else if (em1 !== undefined || em2 !== undefined) out.push({ t: 'em', children: nest((em1 ?? em2)!) });
    else if (url !== undefined) {
      const safe = safeHref(url);
      if (safe) out.push({ t: 'link', href: safe, children: [{ t: 'text', text: url }] });
      else push(url);
    } else out.push({ t: 'br' });
  }
  push(text.slice(at));
  return out;
}

const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ t: 'p', children: parseInline(para.join('\n')) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*```/.test(line)) {
      flush();
      const body: string[] = [];
      for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
      blocks.push({ t: 'pre', text: body.join('\n') });
      continue;
    }
    const kind = BULLET.test(line) ? 'ul' : NUMBERED.test(line) ? 'ol' : null;
    if (kind) {
      flush();
      const re = kind === 'ul' ? BULLET : NUMBERED;
      const items: Inline[][] = [];
      for (; i < lines.length && re.test(lines[i]!); i++) items.push(parseInline(re.exec(lines[i]!)![1]!));
      i--;
      blocks.push({ t: kind, items });
      continue;
    }
    if (!line.trim()) flush();
    else para.push(line);
  }
  flush();
  return blocks;
}

/** Plain text of a message (for previews, titles and the live region). */
export function plainText(source: string): string {
  const walk = (nodes: Inline[]): string =>
    nodes.map((n) => (n.t === 'text' || n.t === 'code' ? n.text : n.t === 'br' ? ' ' : walk(n.children))).join('');
  return parseMarkdown(source)
    .map((b) => (b.t === 'p' ? walk(b.children) : b.t === 'pre' ? b.text : b.items.map(walk).join('; ')))
    .join(' ');
}
