#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""run-bench.py - the benchmarks of sof-intel-vfio (docs/benchmarks.md).

Runs the measuring programs (sofvfio-bench, raw-verb, sofvfio, sofvfio-emu,
the guest launcher, meson test), turns their samples into medians and
spreads, computes every comparison as a ratio to a baseline measured in the
same run, and writes OUT/results.json and OUT/results.md.  Figures only: the
exit status is 0 whenever the results were written, whatever they say.

`ninja -C build bench` runs it with the paths filled in; extra options come
from $SOFVFIO_BENCH_OPTS (e.g. "--quick", "--skip suites", "--only mock,qtest").

Files: bench_results.py (statistics, tables), bench_procs.py (running
programs), bench_host.py and bench_guest.py (the steps).
"""

import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shlex  # noqa: E402
import shutil  # noqa: E402
import time  # noqa: E402

from bench_guest import step_guest, step_suites  # noqa: E402
from bench_host import (step_dumps, step_memory, step_mock, step_peer,  # noqa: E402
                        step_qtest, step_transport)
from bench_procs import Runner  # noqa: E402
from bench_results import Results, derive, environment, log, write_md  # noqa: E402

# Steps that can be chosen with --only/--skip; "guest" feeds sections 1, 2 and 4.
STEPS = ['mock', 'peer', 'dumps', 'qtest', 'transport', 'memory', 'guest', 'suites']


def publish(a):
    """Copy the last results.md to docs/bench-results.md, rendered again from
    results.json (so that the table has the current layout)."""
    js = os.path.join(a.out_dir, 'results.json')
    src = os.path.join(a.out_dir, 'results.md')
    dst = os.path.join(a.source_dir, 'docs', 'bench-results.md')
    if not os.path.exists(js):
        log(f'nothing to publish: {js} does not exist (run `ninja -C BUILD bench` first)')
        return 1
    with open(js) as f:
        write_md(Results.from_json(json.load(f)), src)
    shutil.copyfile(src, dst)
    log(f'copied {src} to {dst}')
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    for opt in ('source-dir', 'build-dir', 'out-dir', 'bench', 'raw-verb', 'sofvfio', 'emu',
                'guest', 'guest-script', 'codecs'):
        ap.add_argument('--' + opt, required=True)
    ap.add_argument('--only', help='comma list of steps: ' + ','.join(STEPS))
    ap.add_argument('--skip', help='comma list of steps to leave out')
    ap.add_argument('--quick', action='store_true', help='fewer repetitions (a smoke run)')
    ap.add_argument('--publish', action='store_true',
                    help='copy results.md to docs/bench-results.md afterwards')
    ap.add_argument('--publish-only', action='store_true', help='only copy the last results')
    argv = sys.argv[1:] + shlex.split(os.environ.get('SOFVFIO_BENCH_OPTS', ''))
    a = ap.parse_args(argv)
    if a.publish_only:
        return publish(a)

    steps = set(STEPS)
    if a.only:
        steps = set(a.only.split(','))
    if a.skip:
        steps -= set(a.skip.split(','))
    unknown = steps - set(STEPS)
    if unknown:
        ap.error(f"unknown step(s) {','.join(sorted(unknown))}: use {','.join(STEPS)}")
    q = {'reps': 7, 'count': 300, 'qtest_count': 200, 'guest_count': 1000, 'region_count': 1000,
         'irq_count': 200, 'dumps': 3, 'dma_reps': 5, 'dma_seconds': 10, 'mem_reps': 3,
         'mem_seconds': 10, 'boot_reps': 3,
         'suite_reps': {'unit': 3, 'mock': 1, 'qtest': 1, 'guest': 1}}
    if a.quick:
        q.update({'reps': 3, 'count': 100, 'qtest_count': 50, 'guest_count': 300,
                  'region_count': 200, 'irq_count': 50, 'dumps': 1, 'dma_reps': 2,
                  'dma_seconds': 5, 'mem_reps': 1, 'boot_reps': 1,
                  'suite_reps': {'unit': 1}})

    res = Results()
    res.env = environment(a)
    res.env['steps'] = sorted(steps)
    res.env['quick'] = a.quick
    r = Runner(a, res)
    t0 = time.monotonic()
    # Short, timing-sensitive steps first; the long ones (guest, suites) last.
    order = [('mock', step_mock), ('peer', step_peer), ('dumps', step_dumps),
             ('qtest', step_qtest),
             ('transport', step_transport), ('guest', step_guest), ('memory', step_memory),
             ('suites', step_suites)]
    try:
        for name, fn in order:
            if name not in steps:
                continue
            log(f'{name} ...')
            t = time.monotonic()
            try:
                fn(r, res, q)
            except RuntimeError as e:
                res.note('verb' if name in ('mock', 'qtest') else 'bringup', f'{name}: {e}')
            log(f'{name}: {time.monotonic() - t:.1f} s')
    finally:
        shutil.rmtree(r.tmp, ignore_errors=True)
    derive(res)
    res.env['load_after'] = ' '.join(open('/proc/loadavg').read().split()[:3])
    res.env['seconds'] = time.monotonic() - t0

    os.makedirs(a.out_dir, exist_ok=True)
    out = {'environment': res.env, 'targets': res.targets, 'figures': list(res.figures.values()),
           'ratios': list(res.ratios.values()), 'notes': res.notes, 'records': res.records}
    with open(os.path.join(a.out_dir, 'results.json'), 'w') as f:
        json.dump(out, f, indent=1)
    md = os.path.join(a.out_dir, 'results.md')
    write_md(res, md)
    with open(md) as f:
        print(f.read())
    log(f"results: {os.path.join(a.out_dir, 'results.json')}, {md}")
    if a.publish:
        return publish(a)
    return 0


if __name__ == '__main__':
    sys.exit(main())
