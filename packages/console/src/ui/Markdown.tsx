/** Renders parsed markdown as VNodes: text stays text, links open in a new tab without referrer. */
import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { parseMarkdown, type Inline } from '../markdown.js';

function inline(nodes: Inline[]): ComponentChildren {
  return nodes.map((n, i) => {
    switch (n.t) {
      case 'text':
        return n.text;
      case 'br':
        return <br key={i} />;
      case 'code':
        return <code key={i}>{n.text}</code>;
      case 'strong':
        return <strong key={i}>{inline(n.children)}</strong>;
      case 'em':
        return <em key={i}>{inline(n.children)}</em>;
      case 'link':
        return (
          <a key={i} href={n.href} target="_blank" rel="noopener noreferrer">
            {inline(n.children)}
          </a>
        );
    }
  });
}

export function Markdown({ text }: { text: string }) {
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  return (
    <div class="md">
      {blocks.map((b, i) =>
        b.t === 'p' ? (
          <p key={i}>{inline(b.children)}</p>
        ) : b.t === 'pre' ? (
          <pre key={i}>
            <code>{b.text}</code>
          </pre>
        ) : b.t === 'ul' ? (
          <ul key={i}>{b.items.map((item, j) => <li key={j}>{inline(item)}</li>)}</ul>
        ) : (
          <ol key={i}>{b.items.map((item, j) => <li key={j}>{inline(item)}</li>)}</ol>
        ),
      )}
    </div>
  );
}
