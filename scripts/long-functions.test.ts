// Keeps the code-shape rule true: no function over 100 lines outside tests and the bench.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { findLongFunctions, formatLongFunction, longFunctionsIn } from './long-functions.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

it('finds a long function, arrow or method, and names it', () => {
  const body = Array.from({ length: 5 }, (_, i) => `  x += ${i};`).join('\n');
  const text = `export function longOne() {\n  let x = 0;\n${body}\n}\nconst Short = () => 1;\nconst Arrow = () => {\n${body}\n};\nclass C {\n  m() {\n${body}\n  }\n}\n`;
  const found = longFunctionsIn('x.tsx', text, 5);
  expect(found.map(formatLongFunction)).toEqual(['x.tsx:1 longOne 8', 'x.tsx:10 Arrow 7', 'x.tsx:18 m 7']);
});

it('no function in server/src, web/src, client or scripts is over 100 lines', () => {
  expect(findLongFunctions(repoRoot).map(formatLongFunction)).toEqual([]);
}, 60_000);
