import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { markdown, safeHref } from './markdown.js';

function html(src: string): string {
  const el = document.createElement('div');
  render(<div>{markdown(src)}</div>, el);
  return el.firstElementChild!.innerHTML;
}

describe('markdown subset', () => {
  it('renders bold, italic and inline code', () => {
    expect(html('**bold** and *it* and _also_ and `x < y`')).toBe(
      '<p><strong>bold</strong> and <em>it</em> and <em>also</em> and <code>x &lt; y</code></p>',
    );
  });

  it('leaves snake_case words alone', () => {
    expect(html('use my_var_name here')).toBe('<p>use my_var_name here</p>');
  });

  it('renders bullet and numbered lists and paragraphs with line breaks', () => {
    expect(html('Steps:\n1. one\n2. **two**\n\n- a\n- b\nend\nline')).toBe(
      '<p>Steps:</p><ol><li>one</li><li><strong>two</strong></li></ol><ul><li>a</li><li>b</li></ul><p>end<br>line</p>',
    );
  });

  it('renders fenced code verbatim', () => {
    expect(html('```\n**not bold** <b>\n```')).toBe('<pre><code>**not bold** &lt;b&gt;</code></pre>');
  });

  it('renders safe links with rel and target, and bare URLs', () => {
    expect(html('[Returns](https://shop.example/returns) or https://x.example/a.')).toBe(
      '<p><a href="https://shop.example/returns" target="_blank" rel="noopener noreferrer">Returns</a> or <a href="https://x.example/a" target="_blank" rel="noopener noreferrer">https://x.example/a</a>.</p>',
    );
    expect(html('[mail](mailto:help@shop.example)')).toContain('href="mailto:help@shop.example"');
  });

  it('never renders javascript:, data: or relative links as anchors', () => {
    expect(html('[click](javascript:alert(1))')).not.toContain('<a');
    expect(html('[x](data:text/html,hi)')).toBe('<p>x</p>');
    expect(html('[x](/relative)')).toBe('<p>x</p>');
    expect(safeHref('JAVASCRIPT:alert(1)')).toBeNull();
  });

  it('escapes HTML in text instead of interpreting it', () => {
    const out = html('<img src=x onerror=alert(1)> <script>alert(1)</script>');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    expect(out).toContain('&lt;img');
  });
});
