#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# check-layers.py: the layers of DESIGN.md, read from the #include lines: src/core, src/demo and
# src/cli never include GTK or libadwaita; the demo library includes its own headers and the
# two text helpers it shares with the core (runnel-text: runnel-json.h, runnel-utf8.h), never
# the core itself. TAP output.
# usage: check-layers.py SOURCE_ROOT

import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
include = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
demo_may = {'runnel-json.h', 'runnel-utf8.h', 'runnel-demo-resources.h'}

checks = []

def includes(directory):
    for path in sorted((root / 'src' / directory).glob('*.[ch]')):
        for name in include.findall(path.read_text(encoding='utf-8')):
            yield path.relative_to(root), name

no_gtk = [f'{path}: {name}' for d in ('core', 'demo', 'cli') for path, name in includes(d)
          if name.startswith(('gtk/', 'adwaita', 'gdk/'))]
checks.append(('src/core, src/demo and src/cli include no GTK or libadwaita', no_gtk))

demo_core = [f'{path}: {name}' for path, name in includes('demo')
             if name.startswith('runnel-') and not name.startswith('runnel-demo')
             and name not in demo_may]
checks.append(('src/demo includes no core header but runnel-json.h and runnel-utf8.h', demo_core))

demo_build = (root / 'src' / 'demo' / 'meson.build').read_text(encoding='utf-8')
checks.append(('the demo library is built without the core (runnel_core_dep)',
               ['src/demo/meson.build names runnel_core_dep'] if 'runnel_core_dep' in demo_build
               else []))

print(f'1..{len(checks)}')
failed = 0
for number, (name, problems) in enumerate(checks, 1):
    print(f'{"not ok" if problems else "ok"} {number} - {name}')
    for problem in problems:
        print(f'# {problem}')
    failed += bool(problems)
sys.exit(1 if failed else 0)
