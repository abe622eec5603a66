# SPDX-License-Identifier: GPL-2.0-or-later
"""bench_results.py - figures, ratios, targets and notes of one benchmark run
(run-bench.py), their statistics, and the results.md table."""

import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys

SECTIONS = {
    'verb': '1. Verb round trip',
    'bringup': '2. Bring-up and enumeration',
    'transport': '3. vfio-user transport',
    'irq': '4. Interrupt latency',
    'memory': '5. Memory',
    'suites': '6. Suite cost',
    'dsp': '7. DSP boot',
}


def log(msg):
    print(f'bench: {msg}', file=sys.stderr, flush=True)


def summarize(samples):
    """median, min, max, quartiles and n of a list of numbers (None when empty)."""
    xs = sorted(float(x) for x in samples)
    if not xs:
        return None
    if len(xs) >= 2:
        q1, _, q3 = statistics.quantiles(xs, n=4, method='inclusive')
    else:
        q1 = q3 = xs[0]
    return {'median': statistics.median(xs), 'min': xs[0], 'max': xs[-1],
            'q1': q1, 'q3': q3, 'n': len(xs)}


def fmt(v, unit=''):
    if v is None:
        return '-'
    a = abs(v)
    if a >= 1000:
        s = f'{v:,.0f}'
    elif a >= 100:
        s = f'{v:.0f}'
    elif a >= 10:
        s = f'{v:.1f}'
    elif a >= 1:
        s = f'{v:.2f}'
    else:
        s = f'{v:.3f}'
    return f'{s} {unit}'.strip()


class Results:
    def __init__(self):
        self.figures = {}   # id -> figure (in insertion order)
        self.ratios = {}    # id -> ratio
        self.targets = []
        self.notes = []     # (section, text)
        self.records = []   # every raw JSON line from the programs
        self.env = {}

    @classmethod
    def from_json(cls, data):
        """The results of an earlier run, as written to results.json."""
        res = cls()
        res.env = data.get('environment', {})
        res.targets = data.get('targets', [])
        res.figures = {f['id']: f for f in data.get('figures', [])}
        res.ratios = {x['id']: x for x in data.get('ratios', [])}
        res.notes = data.get('notes', [])
        res.records = data.get('records', [])
        return res

    def note(self, section, text):
        log(f'note ({section}): {text}')
        self.notes.append({'section': section, 'text': text})

    def figure(self, fid, section, title, unit, samples, method, **extra):
        st = summarize(samples)
        if st is None:
            self.note(section, f'{title}: no samples')
            return None
        fig = {'id': fid, 'section': section, 'title': title, 'unit': unit,
               'method': method, 'samples': [float(x) for x in samples], **st, **extra}
        self.figures[fid] = fig
        return fig

    def ratio(self, rid, section, title, num, den, target=None, baseline=None, paired=False):
        """num over den.  paired: the i-th samples of both were taken side by side
        (interleaved): the ratio is the median of the per-pair ratios and the
        range their min-max.  Otherwise: median over median, and the range the
        quartiles allow (q1/q3 .. q3/q1).  target: (op, value), op '<=' or '>='."""
        a, b = self.figures.get(num), self.figures.get(den)
        r = None
        if a and b and paired and a['n'] == b['n'] and min(b['samples']) > 0:
            pr = sorted(x / y for x, y in zip(a['samples'], b['samples']))
            r = {'ratio': statistics.median(pr), 'low': pr[0], 'high': pr[-1],
                 'range': f'min-max of {len(pr)} paired ratios'}
        elif a and b and b['median'] and b['q1'] and b['q3']:
            r = {'ratio': a['median'] / b['median'], 'low': a['q1'] / b['q3'],
                 'high': a['q3'] / b['q1'], 'range': 'quartiles'}
        if r:
            r.update({'id': rid, 'section': section, 'title': title, 'num': num, 'den': den,
                      'baseline': baseline or b['title']})
            self.ratios[rid] = r
        if target:
            self.target(section, title, target, r['ratio'] if r else None, 'x',
                        r and f"{r['ratio']:.2f}x ({r['range']}: {r['low']:.2f}-"
                        f"{r['high']:.2f}x)")
        return r

    def difference(self, fid, section, title, num, den, method):
        """A figure num - den from two figures with paired samples (same n)."""
        a, b = self.figures.get(num), self.figures.get(den)
        if not a or not b:
            return None
        if a['n'] != b['n']:
            self.note(section, f'{title}: {a["n"]} and {b["n"]} samples cannot be paired')
            return None
        return self.figure(fid, section, title, a['unit'],
                           [x - y for x, y in zip(a['samples'], b['samples'])],
                           method + ' (paired differences, one per repetition)')

    def target(self, section, title, target, value, unit, shown=None):
        op, want = target
        met = None if value is None else (value <= want if op == '<=' else value >= want)
        self.targets.append({'section': section, 'title': title,
                             'target': f'{op} {want:g}{unit}', 'value': value,
                             'shown': shown or (fmt(value, unit) if value is not None else None),
                             'met': met})


def derive(res):
    derive_dsp(res)
    # Verbs in register round trips: the same run's 4-byte read is the unit.
    for be in ('mock', 'qtest', 'qemu'):
        rd = f'transport.{be}.read'
        for mode in ('msi', 'poll', 'immediate'):
            res.ratio(f'verb.{be}.{mode}.vs_read', 'verb',
                      f'{be} verb ({mode}) in 4-byte register round trips',
                      f'verb.{be}.{mode}', rd, baseline=f'{be} 4-byte register read',
                      target=('<=', 3) if (be, mode) == ('mock', 'msi') else None)
    # The transport against the floor measured in the same run.
    for be, target in (('mock', ('<=', 1.5)), ('qemu', None)):
        res.ratio(f'transport.{be}.read.vs_floor', 'transport',
                  f'{be}: 4-byte REGION_READ in socketpair ping-pongs (floor)',
                  f'transport.{be}.read', f'transport.{be}.floor', target=target, paired=True,
                  baseline='4-byte socketpair ping-pong between two processes, same '
                  'repetitions')
    # Interrupt estimate: the interrupt path minus the polled path of the same driver
    # (the modes were interleaved repetition by repetition: paired).
    for be in ('mock', 'qtest', 'guest'):
        res.difference(f'irq.{be}.estimate', 'irq',
                       f'{be}: estimate = verb with MSI - verb polled (driver)',
                       f'verb.{be}.msi', f'verb.{be}.poll', 'section 1 figures')
    res.difference('irq.guest.raw-estimate', 'irq',
                   'guest: estimate = raw-verb MSI - raw-verb spin (no driver)',
                   'verb.guest.raw-msi', 'verb.guest.raw-spin', 'section 1 figures')


def derive_dsp(res):
    # DSP boots in units of the same run's floor: the payload through one stream.
    for kind in ('cold', 'imr'):
        res.ratio(f'dsp.mock.{kind}.vs_floor', 'dsp',
                  f'mock: {kind} boot of sof-cnl.ri in payload-through-a-stream times',
                  f'dsp.mock.{kind}', 'dsp.mock.floor', paired=True,
                  baseline='the payload through one playback stream (same run)')


def write_md(res, path):
    e = res.env
    L = ['# Benchmark results', '',
         f"Generated by `ninja -C {e.get('build_dir', 'build')} bench` on {e.get('date')}; "
         f"commit {e.get('commit')}; "
         f"{e.get('cpus')} CPUs, {e.get('machine')}, Linux {e.get('kernel')}, "
         f"{e.get('qemu')}; build type {e.get('buildtype')}.  Load average "
         f"{e.get('load_before')} before, {e.get('load_after')} after; "
         f"{e.get('seconds', 0):.0f} s in all.",
         'How each figure is measured: [benchmarks.md](benchmarks.md).  Medians over '
         'repetitions; spread = min-max and the interquartile range (IQR).  Ratios are '
         'taken within the same run: for interleaved measurements the median of the '
         'paired ratios (range: their min-max), otherwise median over median (range: '
         'what the quartiles allow).',
         '', '## Targets', '', '| target | required | measured | met |', '|---|---|---|---|']
    for t in res.targets:
        met = {True: 'yes', False: '**no**', None: 'not measured'}[t['met']]
        L.append(f"| {t['title']} | {t['target']} | {t['shown'] or '-'} | {met} |")
    for sec, title in SECTIONS.items():
        figs = [f for f in res.figures.values() if f['section'] == sec]
        rats = [x for x in res.ratios.values() if x['section'] == sec]
        notes = [n['text'] for n in res.notes if n['section'] == sec]
        L += ['', f'## {title}', '']
        if figs:
            L += ['| figure | median | min - max | IQR | n | extra |', '|---|---|---|---|---|---|']
            for f in figs:
                u = f['unit']
                rng = (f"{fmt(f['min'])} - {fmt(f['max'])}" if f['min'] is not None else '-')
                extra = []
                if f.get('p99') is not None:
                    extra.append(f"p99 of all events {fmt(f['p99'])} {u}")
                if f.get('verbs'):
                    extra.append(f"{f['verbs']} verbs, {fmt(f.get('us_per_verb'))} us/verb, "
                                 f"{fmt(f.get('verbs_per_s'))} verbs/s")
                if f.get('widgets'):
                    extra.append(f"{f['widgets']} widgets")
                if f.get('mib_per_s'):
                    extra.append(f"{fmt(f['mib_per_s'])} MiB/s")
                if f.get('results'):
                    extra.append(', '.join(f'{k} {v}' for k, v in f['results'].items() if v))
                L.append(f"| {f['title']} | {fmt(f['median'], u)} | {rng} | "
                         f"{fmt(f['q1'])} - {fmt(f['q3'])} | {f['n']} | {'; '.join(extra)} |")
        if rats:
            L += ['', '| comparison | ratio | range | baseline (same run) |', '|---|---|---|---|']
            for x in rats:
                L.append(f"| {x['title']} | {x['ratio']:.2f}x | {x['low']:.2f} - "
                         f"{x['high']:.2f}x ({x['range']}) | {x['baseline']} |")
        if not figs and not rats and not notes:
            L.append('Not measured in this run.')
        if notes and (figs or rats):
            L.append('')
        for n in notes:
            L.append(f'- {n}')
    L.append('')
    with open(path, 'w') as f:
        f.write('\n'.join(L))


def build_option(build_dir, name):
    try:
        with open(os.path.join(build_dir, 'meson-info', 'intro-buildoptions.json')) as f:
            for o in json.load(f):
                if o.get('name') == name:
                    return o.get('value')
    except (OSError, ValueError):
        pass
    return None


def environment(a):
    e = {'date': datetime.datetime.now().astimezone().isoformat(timespec='seconds'),
         'kernel': platform.release(), 'machine': platform.machine(),
         'cpus': os.cpu_count(), 'python': platform.python_version(),
         'load_before': ' '.join(open('/proc/loadavg').read().split()[:3]),
         'build_dir': os.path.basename(os.path.normpath(a.build_dir)),
         'buildtype': build_option(a.build_dir, 'buildtype'),
         'b_sanitize': build_option(a.build_dir, 'b_sanitize')}
    try:
        e['commit'] = subprocess.run(['git', '-C', a.source_dir, 'rev-parse', '--short', 'HEAD'],
                                     capture_output=True, text=True).stdout.strip() or None
    except OSError:
        e['commit'] = None
    qemu = shutil.which(os.environ.get('SOFVFIO_QEMU', 'qemu-system-x86_64'))
    if qemu:
        out = subprocess.run([qemu, '--version'], capture_output=True, text=True).stdout
        e['qemu'] = out.splitlines()[0] if out else None
    return e
