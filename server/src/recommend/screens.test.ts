import { describe, expect, it } from 'vitest';
import { isScreenEvent, isScreenWord } from './screens.ts';
import { stem } from './tokenize.ts';

describe('screens — an event that shows a programme is not the thing the programme is about', () => {
  it('knows watching actions and summaries that put the subject on a screen, in both languages', () => {
    expect(isScreenEvent('看電視', '電視美食節目示範怎麼包粽子')).toBe(true);
    expect(isScreenEvent('吃早餐', '電視播放颱風路徑圖，女子邊吃邊看')).toBe(true);
    expect(isScreenEvent('休息', '男子用手機看去年遶境煙火的影片')).toBe(true);
    expect(isScreenEvent('watching TV', 'TV shows NHL highlights of a goal')).toBe(true);
    expect(isScreenEvent('eating', 'TV above the counter shows a news report about hospitals short of nurses')).toBe(true);
  });

  it('is not fooled by screens that are part of what happened', () => {
    expect(isScreenEvent('超音波', '螢幕上出現胎兒影像，孕婦躺著看螢幕摀嘴笑')).toBe(false);
    expect(isScreenEvent('phone call', 'Man on a video call with a young woman, grinning widely')).toBe(false);
    expect(isScreenEvent('包粽子', '老婦人把糯米和餡料包進粽葉')).toBe(false);
    expect(isScreenEvent(null, null)).toBe(false);
  });

  it('diary words about watching keep their worth', () => {
    for (const w of ['電視', '節目', 'tv', 'movie']) expect(isScreenWord(w)).toBe(true);
    // The lexical channel asks with stemmed terms.
    for (const w of ['movie', 'documentary', 'programme', 'episodes']) expect(isScreenWord(stem(w))).toBe(true);
    for (const w of ['粽子', 'hockey']) expect(isScreenWord(w)).toBe(false);
  });
});
