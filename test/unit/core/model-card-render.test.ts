/** Writing a model card out: escaping hostile text for HTML and Markdown, and a person's text as blocks. */
import { describe, expect, it } from 'vitest';
import type { ModelCardSection } from '../../../electron/contract/registry';
import { blocksMarkdown, cardHtml, escapeHtml, escapeMarkdownCell, textBlocks } from '../../../electron/core/model-card-render';

describe('model card rendering', () => {
  it('escapes text so markup and attribute breakouts come out inert', () => {
    expect(escapeHtml('<script>alert("x")</script>')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeHtml('" onmouseover="alert(1)')).toBe('&quot; onmouseover=&quot;alert(1)');
    expect(escapeHtml("it's A&B")).toBe('it&#39;s A&amp;B');
  });

  it('keeps a table cell on one line with its pipes escaped', () => {
    expect(escapeMarkdownCell('a | b\nc')).toBe('a \\| b c');
    expect(escapeMarkdownCell('<img src=x>')).toBe('&lt;img src=x>');
    const table = blocksMarkdown([{ kind: 'table', caption: 'T', columns: ['Name', 'Value'], rows: [['x|y', '1']], numeric: [false, true] }]);
    expect(table).toBe('*T*\n\n| Name | Value |\n| --- | ---: |\n| x\\|y | 1 |');
  });

  it('reads paragraphs, "- " lists and "### " headings from a person\'s text', () => {
    expect(textBlocks('First line\nsame paragraph.\n\n- one\n- two\n  continued\n### Later\nLast.')).toEqual([
      { kind: 'paragraph', text: 'First line same paragraph.' },
      { kind: 'list', items: ['one', 'two continued'] },
      { kind: 'heading', text: 'Later' },
      { kind: 'paragraph', text: 'Last.' },
    ]);
    expect(textBlocks('  \n\n')).toEqual([]);
  });

  it('writes a standalone page with every text escaped and no script', () => {
    const hostile = '<script>alert(1)</script>"onmouseover="x';
    const section: ModelCardSection = { id: 'limitations', title: 'Limitations', editable: true, text: hostile, blocks: textBlocks(hostile), edited: { at: '2025-01-02T03:04:05Z', actor: '<b>eve</b>' } };
    const html = cardHtml({ title: `Card ${hostile}`, summary: [hostile], sections: [section], generatedAt: '2025-01-02T03:04:05Z', generator: 'Gyre test' });
    expect(html).not.toMatch(/<script|<b>|"onmouseover/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover=&quot;x');
    expect(html).toContain('Edited by &lt;b&gt;eve&lt;/b&gt; on 2025-01-02.');
    expect(html).not.toMatch(/https?:\/\/|src=|href="(?!#)/);
  });
});
