import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, plainText, safeHref } from './markdown.js';
import { Markdown } from './ui/Markdown.js';

function dom(text: string): HTMLElement {
  const root = document.createElement('div');
  render(<Markdown text={text} />, root);
  return root;
}

describe('parseMarkdown', () => {
  it('parses bold, italic, code, links and line breaks', () => {
    expect(parseInline('a **b** *c* _d_ `e` [f](https://x.example/) g\nh')).toEqual([
      { t: 'text', text: 'a ' },
      { t: 'strong', children: [{ t: 'text', text: 'b' }] },
      { t: 'text', text: ' ' },
      { t: 'em', children: [{ t: 'text', text: 'c' }] },
      { t: 'text', text: ' ' },
      { t: 'em', children: [{ t: 'text', text: 'd' }] },
      { t: 'text', text: ' ' },
      { t: 'code', text: 'e' },
      { t: 'text', text: ' ' },
      { t: 'link', href: 'https://x.example/', children: [{ t: 'text', text: 'f' }] },
      { t: 'text', text: ' g' },
      { t: 'br' },
      { t: 'text', text: 'h' },
    ]);
  });

  it('parses lists, numbered lists, code blocks and paragraphs', () => {
    const blocks = parseMarkdown('Intro\n\n- one\n- **two**\n\n1. first\n2. second\n\n```\n<b>raw</b>\n```');
    expect(blocks.map((b) => b.t)).toEqual(['p', 'ul', 'ol', 'pre']);
    expect(blocks[3]).toEqual({ t: 'pre', text: '<b>raw</b>' });
  });

  it('does not treat underscores inside words or identifiers as emphasis', () => {
    expect(parseInline('snake_case_name and a__b__c')).toEqual([{ t: 'text', text: 'snake_case_name and a__b__c' }]);
    expect(parseInline("window.__xss='a' x window.__xss='b'")).toEqual([{ t: 'text', text: "window.__xss='a' x window.__xss='b'" }]);
  });

  it('autolinks bare URLs without trailing punctuation', () => {
    expect(parseInline('see https://a.example/x?y=1.')).toEqual([
      { t: 'text', text: 'see ' },
      { t: 'link', href: 'https://a.example/x?y=1', children: [{ t: 'text', text: 'https://a.example/x?y=1' }] },
      { t: 'text', text: '.' },
    ]);
  });

  it('plainText strips the markup', () => {
    expect(plainText('**Hi** _there_\n- a\n- b')).toBe('Hi there a; b');
  });
});

describe('safeHref', () => {
  it('keeps http(s) and mailto only', () => {
    expect(safeHref('https://a.example')).toBe('https://a.example/');
    expect(safeHref('mailto:a@b.example')).toBe('mailto:a@b.example');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>', 'vbscript:x', '//evil.example', ' javascript:alert(1)', 'http://']) {
      expect(safeHref(bad)).toBeNull();
    }
  });
});

describe('<Markdown> renders untrusted text safely', () => {
  it('renders HTML in messages as text, never as elements', () => {
    const root = dom('<script>alert(1)</script><img src=x onerror=alert(1)> **<b>x</b>**');
    expect(root.querySelector('script, img, b')).toBeNull();
    expect(root.querySelector('strong')!.textContent).toBe('<b>x</b>');
    expect(root.textContent).toContain('<script>alert(1)</script><img src=x onerror=alert(1)>');
  });

  it('drops javascript: links but keeps their text', () => {
    const root = dom('[click me](javascript:alert(1)) [ok](https://ok.example/)');
    const links = [...root.querySelectorAll('a')];
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('href')).toBe('https://ok.example/');
    expect(links[0]!.getAttribute('rel')).toBe('noopener noreferrer');
    expect(links[0]!.getAttribute('target')).toBe('_blank');
    expect(root.textContent).toContain('[click me](javascript:alert(1))');
  });

  it('renders lists and code blocks as elements', () => {
    const root = dom('- a\n- b\n\n```\nx < y\n```');
    expect(root.querySelectorAll('ul li')).toHaveLength(2);
    expect(root.querySelector('pre code')!.textContent).toBe('x < y');
  });
});
