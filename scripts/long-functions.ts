// Lists every function longer than the code-shape limit (100 lines) in the application code:
// server/src, web/src, shared, client and scripts, without tests and generated folders. Exits 1 when
// it finds one; scripts/long-functions.test.ts runs it so `npm test` keeps the tree within it.
//
//   npx tsx scripts/long-functions.ts        prints `file:line name length` for each
//
// Parsed with @babel/parser (TypeScript + JSX): the installed `typescript` is 7 (the native
// compiler), whose JavaScript API is a client of a separate process and marked unstable.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@babel/parser';

export const MAX_FUNCTION_LINES = 100;
export const ROOTS = ['server/src', 'web/src', 'shared', 'client', 'scripts'];

const SKIPPED_DIRS = new Set(['node_modules', 'generated', 'dist']);
const SOURCE_FILE = /\.(ts|tsx|mts|cts)$/;
const TEST_FILE = /\.test\.[cm]?tsx?$/;

export interface LongFunction {
  file: string;
  line: number;
  name: string;
  lines: number;
}

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(full);
    return SOURCE_FILE.test(entry.name) && !TEST_FILE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

interface AstNode {
  type: string;
  loc?: { start: { line: number }; end: { line: number } } | null;
  [key: string]: unknown;
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).type === 'string';
}

function keyName(key: unknown): string | undefined {
  if (!isNode(key)) return undefined;
  if (key.type === 'Identifier' || key.type === 'PrivateName') return String((key.id as AstNode | undefined)?.name ?? key.name);
  if (key.type === 'StringLiteral') return String(key.value);
  return undefined;
}

/** The name a reader would look for: the declaration's own, or the variable/property it is assigned to. */
function functionName(node: AstNode, parent: AstNode | undefined): string {
  const own = keyName(node.id) ?? keyName(node.key);
  if (own) return own;
  if (parent?.type === 'VariableDeclarator') return keyName(parent.id) ?? '<anonymous>';
  if (parent?.type === 'ObjectProperty' || parent?.type === 'ClassProperty') return keyName(parent.key) ?? '<anonymous>';
  if (parent?.type === 'CallExpression') return `<callback of ${calleeName(parent.callee)}>`;
  return '<anonymous>';
}

function calleeName(callee: unknown): string {
  if (!isNode(callee)) return '?';
  if (callee.type === 'Identifier') return String(callee.name);
  if (callee.type === 'MemberExpression') return `${calleeName(callee.object)}.${keyName(callee.property) ?? '?'}`;
  return callee.type;
}

/** The functions in one file's text longer than `max` lines (first to last line of the node, inclusive). */
export function longFunctionsIn(fileName: string, text: string, max = MAX_FUNCTION_LINES): LongFunction[] {
  const plugins: ('typescript' | 'jsx')[] = fileName.endsWith('x') ? ['typescript', 'jsx'] : ['typescript'];
  const file = parse(text, { sourceType: 'module', plugins, errorRecovery: false });
  const found: LongFunction[] = [];
  const visit = (node: AstNode, parent: AstNode | undefined): void => {
    if (FUNCTION_TYPES.has(node.type) && node.loc) {
      const lines = node.loc.end.line - node.loc.start.line + 1;
      if (lines > max) found.push({ file: fileName, line: node.loc.start.line, name: functionName(node, parent), lines });
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments') continue;
      for (const child of Array.isArray(value) ? value : [value]) if (isNode(child)) visit(child, node);
    }
  };
  visit(file.program as unknown as AstNode, undefined);
  return found;
}

/** Every long function under `roots` (relative to `repoRoot`), paths relative to it. */
export function findLongFunctions(repoRoot: string, roots = ROOTS, max = MAX_FUNCTION_LINES): LongFunction[] {
  return roots
    .flatMap((root) => sourceFiles(path.join(repoRoot, root)))
    .flatMap((full) => longFunctionsIn(path.relative(repoRoot, full), readFileSync(full, 'utf8'), max));
}

export function formatLongFunction(f: LongFunction): string {
  return `${f.file}:${f.line} ${f.name} ${f.lines}`;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const found = findLongFunctions(repoRoot);
  for (const f of found) console.log(formatLongFunction(f));
  if (found.length > 0) {
    console.error(`${found.length} function(s) over ${MAX_FUNCTION_LINES} lines`);
    process.exit(1);
  }
}
