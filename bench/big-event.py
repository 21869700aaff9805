#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# big-event.py: one 8 MiB event fed to `runnel --print --summary -` through a pipe in CHUNKS writes
# (1 ms apart, so that each is its own read); prints runnel's CPU time and peak RSS: the time
# must stay linear in the event's size however it is cut.
# usage: bench/big-event.py RUNNEL ascii|mixed|cjk [CHUNKS]   (default 1024)
import os, subprocess, sys, time, json
binary, kind, chunks = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1024
unit = {"ascii": "token ", "mixed": "café € ", "cjk": "数据流。"}[kind].encode()
size = 8 * 1024 * 1024
body = (unit * (size // len(unit) + 1))[:size]
body = body[:len(body.decode("utf-8", "ignore").encode())]
stream = b"data: " + body + b"\n\n"
p = subprocess.Popen([binary, "--print", "--summary", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
step = (len(stream) + chunks - 1) // chunks
for i in range(0, len(stream), step):
    p.stdin.write(stream[i:i + step]); p.stdin.flush()
    if chunks > 1: time.sleep(0.001)
p.stdin.close()
out = p.stdout.read()
_, status, ru = os.wait4(p.pid, 0)
print(f"{kind} {chunks} chunks: {ru.ru_utime + ru.ru_stime:.3f} s CPU, peak RSS {ru.ru_maxrss/1024:.1f} MB, {json.loads(out)['events']} event")
