// Events that show a screen: a TV programme about hiking is not the day's hike. The analyser
// describes what the camera sees, and when the camera looks at a TV or a phone playing a show,
// the summary names the show's subject (稻子, 粽子, wedding, hockey) — the same words the diary
// uses for what the person did. In such an event a diary word counts less, unless the diary word
// is itself about watching (電視, TV, 節目, movie): "晚上看電視" still finds the TV.
import { normalizeText, stem } from './tokenize.ts';

/** Actions of watching something on a screen (analyser labels, both languages). */
const WATCHING_ACTION = /^(?:看|睇|觀看)?(?:電視|影片|新聞|節目|直播|電影|戲|紀錄片)$|^watch(?:ing|es)? (?:tv|television|a video|videos?|the news|news|a movie|a film|a show|a documentary|highlights)$/u;
/** Summaries that say the subject is on a screen. */
const ON_SCREEN = /電視(?:播放|上|新聞|節目|正在|裡)|(?:播放|播映)(?:著)?[^，。]{0,12}(?:節目|影片|紀錄片|新聞|直播|電影)|用手機看[^，。]{0,12}影片|\b(?:tv|television)\b[^.,;]{0,40}\b(?:shows?|showing|plays?|playing|broadcasts?)\b|\b(?:news report|documentary|cooking show|quiz show|game show|reality show|talent show)\b|\bon (?:the )?(?:tv|television)\b/u;

/** Whether an event is someone watching a screen whose content the summary describes. */
export function isScreenEvent(action: string | null, summary: string | null): boolean {
  return WATCHING_ACTION.test(normalizeText(action).trim()) || ON_SCREEN.test(normalizeText(summary));
}

/**
 * Diary words about watching itself: they keep their full worth in a screen event. Both as written
 * (meaning units) and stemmed (lexical terms: "movie" is the term "movi").
 */
const SCREEN_WORDS: ReadonlySet<string> = new Set(
  ['電視', '看電視', '睇電視', '節目', '影片', '電影', '睇戲', '看戲', '新聞', '紀錄片', '直播', '連續劇', '劇', 'tv', 'television', 'show', 'programme', 'program', 'documentary', 'movie', 'film', 'news', 'watch', 'watched', 'watching', 'series', 'episode', 'highlights'].flatMap((w) => [w, stem(w)]),
);

export function isScreenWord(word: string): boolean {
  return SCREEN_WORDS.has(word);
}
