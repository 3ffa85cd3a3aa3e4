/**
 * A markdown subset for chat messages: **bold**, *italic* / _italic_, `code`, fenced code,
 * bullet and numbered lists, [links](https://…) and bare URLs. Builds Preact nodes from text,
 * so untrusted input never reaches innerHTML. Links are kept only for http(s) and mailto.
 */
import { h, type ComponentChildren, type VNode } from 'preact';

const INLINE =
  /(`+)([^`]+?)\1|\*\*([^*]+?)\*\*|__([^_]+?)__|\*(?=\S)([^*]+?)\*|(?<![\w])_(?=\S)([^_]+?)_(?![\w])|\[([^\]]+)\]\(([^()\s]+)\)|(https?:\/\/[^\s<]*[^\s<.,;:!?'")\]])/;

/** The URL if it is http(s) or mailto, else null. */
export function safeHref(raw: string): string | null {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:' ? u.href : null;
  } catch {
    return null; // relative or malformed: not a link we render
  }
}

function link(href: string, children: ComponentChildren): VNode | ComponentChildren {
  const safe = safeHref(href);
  return safe ? h('a', { href: safe, target: '_blank', rel: 'noopener noreferrer' }, children) : children;
}

export function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let rest = text;
  for (let m = INLINE.exec(rest); m; m = INLINE.exec(rest)) {
    if (m.index > 0) out.push(rest.slice(0, m.index));
    if (m[2] !== undefined) out.push(h('code', null, m[2]));
    else if (m[3] !== undefined || m[4] !== undefined) out.push(h('strong', null, inline((m[3] ?? m[4])!)));
    else if (m[5] !== undefined || m[6] !== undefined) out.push(h('em', null, inline((m[5] ?? m[6])!)));
    else if (m[7] !== undefined) out.push(link(m[8]!, m[7]));
    else out.push(link(m[9]!, m[9]));
    rest = rest.slice(m.index + m[0].length);
  }
  if (rest) out.push(rest);
  return out;
}

const ITEM = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/;

/** Blocks: paragraphs (single newlines become <br>), lists, fenced code. */
export function markdown(src: string): ComponentChildren[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: ComponentChildren[] = [];
  let para: string[] = [];
  const endPara = () => {
    if (!para.length) return;
    const kids: ComponentChildren[] = [];
    para.forEach((l, i) => {
      if (i) kids.push(h('br', null));
      kids.push(...inline(l));
    });
    blocks.push(h('p', null, kids));
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*```/.test(line)) {
      endPara();
      const code: string[] = [];
      while (++i < lines.length && !/^\s*```/.test(lines[i]!)) code.push(lines[i]!);
      blocks.push(h('pre', null, h('code', null, code.join('\n'))));
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      endPara();
      const ordered = !item[1];
      const items: VNode[] = [h('li', null, inline(item[3]!))];
      for (let next = ITEM.exec(lines[i + 1] ?? ''); next && !next[1] === ordered; next = ITEM.exec(lines[i + 1] ?? '')) {
        items.push(h('li', null, inline(next[3]!)));
        i++;
      }
      blocks.push(h(ordered ? 'ol' : 'ul', ordered && item[2] !== '1' ? { start: Number(item[2]) } : null, items));
      continue;
    }
    if (line.trim()) para.push(line);
    else endPara();
  }
  endPara();
  return blocks;
}
