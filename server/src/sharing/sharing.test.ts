import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../lib/uuid.js';
import { shareLinkIdOf, shareToken } from './token.js';
import { escapeHtml, gonePage, pageLocale, sharePage } from './page.js';

describe('share tokens', () => {
  it('name their link, and only under the secret that made them', () => {
    const id = uuidv7();
    const token = shareToken('s3cret', id);
    expect(token).toMatch(/^[0-9a-f]{32}[A-Za-z0-9_-]{32}$/);
    expect(shareLinkIdOf('s3cret', token)).toBe(id);
    expect(shareLinkIdOf('another', token)).toBeNull();
  });

  it('refuse a changed id or MAC and anything malformed', () => {
    const id = uuidv7();
    const token = shareToken('s3cret', id);
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1);
    expect(shareLinkIdOf('s3cret', flip(token, 5))).toBeNull();
    expect(shareLinkIdOf('s3cret', flip(token, 50))).toBeNull();
    for (const bad of ['', token.slice(1), `${token}x`, '../../etc/passwd', id]) expect(shareLinkIdOf('s3cret', bad)).toBeNull();
  });
});

describe('the share page', () => {
  const base = { token: 'a'.repeat(64), locale: 'en' as const, date: new Date('2026-11-20T00:00:00Z'), hasPoster: true, hasCaptions: false, portrait: false };

  it('escapes the title and says noindex', () => {
    const html = sharePage({ ...base, title: '<script>alert("x")</script> & 小雯' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 小雯');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toContain('datetime="2026-11-20"');
    expect(html).toContain('Friday, November 20, 2026');
  });

  it('has a poster and a captions track only when the vlog has them', () => {
    const plain = sharePage({ ...base, title: 't', hasPoster: false });
    expect(plain).not.toContain('poster=');
    expect(plain).not.toContain('<track');
    const full = sharePage({ ...base, title: 't', hasCaptions: true });
    expect(full).toContain(`poster="/s/${base.token}/poster.jpg"`);
    expect(full).toContain(`<track kind="captions" src="/s/${base.token}/captions.vtt"`);
  });

  it('speaks Chinese unless the browser prefers another language', () => {
    expect(pageLocale(undefined)).toBe('zh-TW');
    expect(pageLocale('zh-TW,zh;q=0.9')).toBe('zh-TW');
    expect(pageLocale('en-US,en;q=0.9')).toBe('en');
    expect(gonePage('zh-TW')).toContain('已過期或已被關閉');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });
});
