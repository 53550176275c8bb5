import { describe, expect, it } from 'vitest';
import { Bm25Index } from './bm25.ts';

const docs = [
  { title: ['dog', 'park'], body: ['dog', 'walk', 'park', 'tree'] },
  { title: ['kitchen'], body: ['cook', 'dinner', 'kitchen'] },
  { title: ['dog'], body: ['dog', 'dog', 'dog', 'bath'] },
  { title: [], body: ['sunset', 'beach'] },
];

describe('Bm25Index', () => {
  const index = new Bm25Index(docs, { fieldWeights: { title: 2, body: 1 } });

  it('scores absent features 0 and rare features above common ones', () => {
    expect(index.score(1, 'dog')).toBe(0);
    expect(index.score(3, 'sunset')).toBeGreaterThan(0);
    expect(index.idf('sunset')).toBeGreaterThan(index.idf('dog'));
    expect(index.idf('nothing')).toBe(0);
  });

  it('postings: the documents holding a feature with their scores, nothing for the others', () => {
    expect(index.postings('dog')).toEqual([[0, index.score(0, 'dog')], [2, index.score(2, 'dog')]]);
    expect(index.postings('nothing')).toEqual([]);
    expect(index.postings('dog')).toBe(index.postings('dog'));
    // strict IDF: a feature in half the documents or more scores nothing, so it has no postings
    expect(index.postings('dog', true)).toEqual([]);
    expect(index.postings('sunset', true)).toEqual([[3, index.score(3, 'sunset', true)]]);
  });

  it('orders documents by term frequency with saturation', () => {
    const withThreeDogs = index.score(2, 'dog');
    const withTwoDogs = index.score(0, 'dog');
    expect(withThreeDogs).toBeGreaterThan(0);
    expect(withTwoDogs).toBeGreaterThan(0);
    // saturation: three occurrences are not three times one
    const single = new Bm25Index([{ body: ['a', 'x'] }, { body: ['a', 'a', 'a'] }, { body: ['b'] }], { fieldWeights: { body: 1 } });
    expect(single.score(1, 'a')).toBeGreaterThan(single.score(0, 'a'));
    expect(single.score(1, 'a')).toBeLessThan(3 * single.score(0, 'a'));
  });

  it('weights fields: a title hit beats the same hit in the body', () => {
    const fields = new Bm25Index([{ title: ['x'], body: ['y'] }, { title: ['y'], body: ['x'] }, { title: ['z'], body: ['z'] }], {
      fieldWeights: { title: 3, body: 1 },
    });
    expect(fields.score(0, 'x')).toBeGreaterThan(fields.score(1, 'x'));
  });

  it('ignores fields with weight 0', () => {
    const onlyBody = new Bm25Index(docs, { fieldWeights: { title: 0, body: 1 } });
    expect(onlyBody.score(1, 'kitchen')).toBeGreaterThan(0);
    expect(onlyBody.documentFrequency('kitchen')).toBe(1);
    const onlyTitle = new Bm25Index(docs, { fieldWeights: { title: 1 } });
    expect(onlyTitle.score(0, 'walk')).toBe(0);
  });

  it('strict IDF drops features found in half of the documents or more', () => {
    expect(index.documentFrequency('dog')).toBe(2);
    expect(index.strictIdf('dog')).toBe(0);
    expect(index.score(0, 'dog', true)).toBe(0);
    expect(index.strictIdf('sunset')).toBeGreaterThan(0);
  });

  it('handles an empty collection', () => {
    const empty = new Bm25Index([], { fieldWeights: { body: 1 } });
    expect(empty.size).toBe(0);
    expect(empty.score(0, 'x')).toBe(0);
  });
});
