#!/usr/bin/env bash
# The "before" figures of docs/SECURITY.md: runs the transport security suite
# (server/src/security/transport.int.test.ts) against the commit before the fixes, in a
# throwaway detached worktree sharing this checkout's node_modules. The suite's second listener
# (an API the old commit lacks) is replaced by the main one. Prints the [figure] lines and which
# tests failed there.
#   scripts/security-baseline.sh [commit] [test name pattern]
#   default: 21eed58, the attack measurements (aliases, 60,000 fields, 30 MB frame)
set -euo pipefail
base=${1:-21eed58}
pattern=${2:-5,000|1,000|60,000|30 MB}
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/dayreel-baseline-XXXXXX")
rmdir "$dir"
git -C "$repo" worktree add --detach -q "$dir" "$base"
trap 'git -C "$repo" worktree remove --force "$dir"' EXIT
ln -s "$repo/node_modules" "$dir/node_modules"
cp -r "$repo/server/src/generated" "$dir/server/src/"
mkdir -p "$dir/server/src/security"
cp "$repo/server/src/testing/probes.ts" "$dir/server/src/testing/"
cp "$repo/server/src/security/transport.int.test.ts" "$dir/server/src/security/"
node -e '
  const fs = require("fs");
  const file = process.argv[1];
  const s = fs.readFileSync(file, "utf8");
  const a = s.indexOf("    proxied = await createHttpServer({");
  const endMark = "await proxied.listen(0, \x27127.0.0.1\x27)}`;";
  const b = s.indexOf(endMark) + endMark.length;
  if (a < 0 || b < endMark.length) throw new Error("the suite changed: update scripts/security-baseline.sh");
  fs.writeFileSync(file, s.slice(0, a) + "    proxiedUrl = t.url;" + s.slice(b));
' "$dir/server/src/security/transport.int.test.ts"
cd "$dir"
npx vitest run --project pglite server/src/security/transport.int.test.ts -t "$pattern" 2>&1 | grep -E '\[figure\]|✓|×|Tests ' || true
