#!/usr/bin/env python3
"""Wall time of several commands measured in one interleaved run: N rounds, each command
once per round, the order rotated every round, so that a machine whose speed drifts (other
load, a busy host) slows every command alike. Commands are started with posix_spawn
(stdout and stderr to /dev/null), which adds far less than a shell or subprocess.run.

usage: interleave.py N WARMUP 'CMD 1' 'CMD 2' ...   (each CMD split on spaces)
prints one line per command: median_ms min_ms cpu_median_ms
"""
import os
import statistics
import sys
import time


def run(argv, devnull):
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = (time.perf_counter() - start) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"interleave.py: {' '.join(argv)} failed")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def main():
    rounds, warmup = int(sys.argv[1]), int(sys.argv[2])
    cmds = [c.split() for c in sys.argv[3:]]
    devnull = os.open(os.devnull, os.O_WRONLY)
    for _ in range(warmup):
        for c in cmds:
            run(c, devnull)
    wall = [[] for _ in cmds]
    cpu = [[] for _ in cmds]
    for r in range(rounds):
        order = list(range(len(cmds)))
        k = r % len(order)
        for i in order[k:] + order[:k]:
            w, c = run(cmds[i], devnull)
            wall[i].append(w)
            cpu[i].append(c)
    for w, c in zip(wall, cpu):
        print(f"{statistics.median(w):.1f} {min(w):.1f} {statistics.median(c):.1f}")


main()
