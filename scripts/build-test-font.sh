#!/usr/bin/env bash
# Builds the render tests' caption font: WenQuanYi Micro Hei (Apache-2.0, Debian's
# fonts-wqy-microhei) cut down to printable ASCII and the Chinese characters the tests draw, so
# the burned-caption test runs on any machine without a system CJK font. Needs Debian's
# fonts-wqy-microhei and python3-fonttools (PYTHON=/usr/bin/python3 where another python3 comes first). Run from the repository root.
set -euo pipefail
TEXT="五月一日的 Vlog 2024年5月1日 星期三 08:00 · 在廚房煎蛋做早餐 08:10 · 帶狗去公園散步"
"${PYTHON:-python3}" -m fontTools.subset /usr/share/fonts/truetype/wqy/wqy-microhei.ttc --font-number=0 \
  --text="$TEXT" --unicodes="U+0020-007E" --layout-features='*' --no-hinting \
  --output-file=server/src/testing/fonts/caption-test.ttf
