// The public share page as HTML: pure functions of what a link opens, every value escaped.
// Only the title, the date and the player — nothing else of the owner.
import { SHARE_PATH } from './service.js';

export type PageLocale = 'zh-TW' | 'en';

const WORDS = {
  'zh-TW': {
    unsupported: '這個瀏覽器無法播放影片。',
    captions: '字幕',
    goneTitle: '這個連結已失效',
    gone: '這個分享連結已過期或已被關閉。請向分享給你的人要一個新的連結。',
    slow: '請求太頻繁，請稍後再試。',
    sharedWith: '以 Dayreel 分享',
  },
  en: {
    unsupported: 'This browser cannot play the video.',
    captions: 'Captions',
    goneTitle: 'This link no longer works',
    gone: 'This share link has expired or was turned off. Ask the person who sent it for a new one.',
    slow: 'Too many requests. Please try again in a minute.',
    sharedWith: 'Shared with Dayreel',
  },
} as const;

/** The page's language from Accept-Language: Chinese unless the browser prefers another language. */
export function pageLocale(acceptLanguage: string | undefined): PageLocale {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first === '' || first.startsWith('zh') ? 'zh-TW' : 'en';
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
:root{color-scheme:light dark;font-family:system-ui,-apple-system,"Noto Sans TC","PingFang TC",sans-serif}
body{margin:0;background:#111;color:#f4f4f4;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{width:min(960px,100%);padding:16px;box-sizing:border-box}
video{width:100%;max-height:80vh;background:#000;border-radius:8px;display:block}
main.portrait video{width:auto;max-width:100%;margin:0 auto}
h1{font-size:1.5rem;margin:16px 0 4px}
p{margin:0;color:#cfcfcf;font-size:1.1rem}
.foot{margin-top:24px;font-size:.9rem;color:#a8a8a8}
`;

function shell(locale: PageLocale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** A long local date for the page, e.g. 2026年11月20日 星期五 / Friday, November 20, 2026. */
export function formatShareDate(date: Date, locale: PageLocale): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }).format(date);
}

export function sharePage(opts: { token: string; locale: PageLocale; title: string; date: Date; hasPoster: boolean; hasCaptions: boolean; portrait: boolean }): string {
  const w = WORDS[opts.locale];
  const base = `${SHARE_PATH}/${encodeURIComponent(opts.token)}`;
  const iso = opts.date.toISOString().slice(0, 10);
  const poster = opts.hasPoster ? ` poster="${base}/poster.jpg"` : '';
  const track = opts.hasCaptions
    ? `\n<track kind="captions" src="${base}/captions.vtt" srclang="${opts.locale === 'en' ? 'en' : 'zh-Hant'}" label="${w.captions}" default>`
    : '';
  return shell(
    opts.locale,
    opts.title,
    `<main${opts.portrait ? ' class="portrait"' : ''}>
<video controls playsinline preload="metadata" src="${base}/video.mp4"${poster} aria-labelledby="title">${track}
${escapeHtml(w.unsupported)}
</video>
<h1 id="title">${escapeHtml(opts.title)}</h1>
<p><time datetime="${iso}">${escapeHtml(formatShareDate(opts.date, opts.locale))}</time></p>
<p class="foot">${escapeHtml(w.sharedWith)}</p>
</main>`,
  );
}

/** The answer to a link that does not work (unknown, expired or revoked: the same page). */
export function gonePage(locale: PageLocale): string {
  const w = WORDS[locale];
  return shell(locale, w.goneTitle, `<main>\n<h1>${escapeHtml(w.goneTitle)}</h1>\n<p>${escapeHtml(w.gone)}</p>\n</main>`);
}

export function tooManyPage(locale: PageLocale): string {
  const w = WORDS[locale];
  return shell(locale, w.slow, `<main>\n<h1>${escapeHtml(w.slow)}</h1>\n</main>`);
}
