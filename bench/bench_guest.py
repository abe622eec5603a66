# SPDX-License-Identifier: GPL-2.0-or-later
"""bench_guest.py - the steps of run-bench.py that boot guests or run meson:
the guest session (kernel vfio-pci against snd-hda-intel and raw-verb), guest
boots, and the meson suites."""

import os
import re
import shutil
import subprocess
import time

from bench_host import VERB_TITLES, add_bringup, p99
from bench_procs import parse_records
from bench_results import build_option, log


def step_guest(r, res, q):
    cmd = [r.a.guest, '--no-bind', '--controller', 'intel-hda', '--codec', 'hda-duplex',
           '--msi', 'on', '--bin', r.a.bench, '--bin', r.a.raw_verb,
           '--bin', r.a.guest_script, '--timeout', '480',
           '--run', f"BENCH_REPS={q['reps']} BENCH_COUNT={q['guest_count']} guest-bench.sh"]
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=540)
    except subprocess.TimeoutExpired:
        res.note('verb', 'guest: the benchmark boot did not finish in 540 s')
        return
    if p.returncode == 77:
        res.note('verb', 'guest: skipped, QEMU or the kernel image is missing: '
                 + p.stderr.strip()[-200:])
        return
    recs = parse_records(p.stdout)
    res.records.extend(recs)
    if p.returncode != 0:
        res.note('verb', f'guest: launcher exit {p.returncode}: '
                 + ' | '.join(p.stderr.strip().splitlines()[-3:]))
    log(f'guest session: {time.monotonic() - t0:.1f} s')
    for rec in recs:
        if rec.get('bench') == 'guest-note':
            res.note('verb', 'guest: ' + rec.get('note', ''))
        elif rec.get('error'):
            res.note('verb', f"guest: {rec.get('bench')}: {rec['error']}")
        elif rec.get('bench') == 'guest-info':
            res.env['guest'] = rec

    def merged(pred, key='samples'):
        out = []
        for rec in recs:
            if not rec.get('error') and pred(rec):
                out += rec.get(key, [])
        return out

    for mode, pred in (
            ('msi', lambda x: x['bench'] == 'verb' and x['mode'] == 'msi'),
            ('poll', lambda x: x['bench'] == 'verb' and x['mode'] == 'poll'),
            ('immediate', lambda x: x['bench'] == 'verb' and x['mode'] == 'immediate'),
            ('raw-msi', lambda x: x['bench'] == 'raw-verb' and x['mode'] == 'msi'),
            ('raw-spin', lambda x: x['bench'] == 'raw-verb' and x['mode'] == 'spin'),
            ('raw-immediate', lambda x: x['bench'] == 'raw-verb' and x['mode'] == 'immediate')):
        s = merged(pred)
        if s:
            res.figure(f'verb.guest.{mode}', 'verb', VERB_TITLES[mode] % 'guest', 'us', s,
                       'raw-verb (raw VFIO ioctls, mmap\'ed BAR0)' if mode.startswith('raw')
                       else 'sofvfio-bench verb (hda_command())', count=q['guest_count'])
    res.ratio('verb.guest.msi.ratio', 'verb',
              'guest verb (CORB/RIRB + MSI): driver / raw-verb <= 1.1x',
              'verb.guest.msi', 'verb.guest.raw-msi', target=('<=', 1.1), paired=True)
    res.ratio('verb.guest.poll.ratio', 'verb', 'guest verb, polled: driver / raw-verb spin',
              'verb.guest.poll', 'verb.guest.raw-spin', paired=True)
    res.ratio('verb.guest.immediate.ratio', 'verb',
              'guest verb, immediate command: driver / raw-verb',
              'verb.guest.immediate', 'verb.guest.raw-immediate', paired=True)

    for rec in recs:
        if rec.get('bench') == 'kprobe' and not rec.get('error'):
            res.figure('bringup.guest.kernel', 'bringup',
                       'guest snd-hda-intel: bind -> /proc/asound/card0/codec#0', 'ms',
                       rec['samples'], f"sofvfio-bench kprobe (sysfs bind, stat() every "
                       f"{rec.get('poll_us')} us)")
        if rec.get('bench') == 'bringup' and not rec.get('error'):
            if rec.get('keep_open'):
                res.figure('bringup.guest.keepopen', 'bringup',
                           'guest vfio-pci: bring-up + enumeration (device already open)',
                           'ms', rec['samples'], 'sofvfio-bench bringup --keep-open')
            else:
                add_bringup(res, 'guest', 'guest vfio-pci', rec)
        if rec.get('bench') == 'irq' and not rec.get('error'):
            if rec.get('mode') == 'trigger':
                res.figure('irq.guest.trigger', 'irq',
                           'guest: VFIO_DEVICE_SET_IRQS trigger (MSI) -> eventfd wake-up', 'us',
                           rec['samples'], 'sofvfio-bench irq --mode trigger', p99=p99(rec))
            elif rec.get('mode') == 'process':
                res.figure('irq.guest.process', 'irq',
                           'guest: eventfd written by another process -> wake-up', 'us',
                           rec['samples'], 'sofvfio-bench irq --mode process', p99=p99(rec))
    res.ratio('bringup.guest.ratio', 'bringup',
              'guest bring-up + enumeration: project / snd-hda-intel <= 0.5x',
              'bringup.guest', 'bringup.guest.kernel', target=('<=', 0.5))


def guest_boots(r, res, q):
    times = []
    for _ in range(q['boot_reps']):
        t0 = time.monotonic()
        p = subprocess.run([r.a.guest, '--run', 'true'], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True, timeout=300)
        if p.returncode == 77:
            res.note('suites', 'guest boot: skipped (QEMU or kernel image missing)')
            return
        if p.returncode != 0:
            res.note('suites', f'guest boot: exit {p.returncode}: {p.stderr.strip()[-200:]}')
            continue
        times.append(time.monotonic() - t0)
    res.figure('suites.guest-boot', 'suites', 'one guest boot (sofvfio-guest --run true)', 's',
               times, 'wall time of the launcher, TCG, cached initramfs')


def step_suites(r, res, q):
    guest_boots(r, res, q)
    san = build_option(r.a.build_dir, 'b_sanitize')
    if san not in (None, 'none'):
        res.note('suites', f'suite times not taken: this build has b_sanitize={san} (the '
                 'figures are for a build without sanitizers)')
        return
    meson = os.environ.get('MESON') or shutil.which('meson')
    if not meson:
        res.note('suites', 'suite times not taken: no meson in PATH')
        return
    for suite in ('unit', 'mock', 'qtest', 'guest'):
        times, counts = [], None
        for _ in range(q['suite_reps'].get(suite, 1)):
            t0 = time.monotonic()
            p = subprocess.run([meson, 'test', '-C', r.a.build_dir, '--no-rebuild',
                                '--suite', suite], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, timeout=1800)
            times.append(time.monotonic() - t0)
            counts = {k.lower(): int(v) for k, v in
                      re.findall(r'^(Ok|Fail|Skipped|Timeout|Expected Fail):\s+(\d+)',
                                 p.stdout, re.M)}
        fig = res.figure(f'suites.{suite}', 'suites', f'meson test --suite {suite}', 's', times,
                         'wall time of meson test --no-rebuild (default parallelism)',
                         results=counts)
        if counts and (counts.get('fail') or counts.get('timeout')):
            res.note('suites', f'suite {suite}: {counts.get("fail", 0)} failed, '
                     f'{counts.get("timeout", 0)} timed out (timed all the same)')
