# SPDX-License-Identifier: GPL-2.0-or-later
"""bench_host.py - the steps of run-bench.py that run on the host: the mock
(sofvfio-emu), the real codec dumps, qtest, the vfio-user transport and memory."""

import os
import statistics

import subprocess

from bench_procs import Emu, QemuPeer, play_fields, run_capture, vm_hwm_kib

REALTIME_BPS = 48000 * 2 * 2  # 48 kHz, 16 bit, stereo
MIB = 1024 * 1024


VERB_TITLES = {
    'msi': '%s: CORB/RIRB + MSI',
    'intx': '%s: CORB/RIRB + INTx',
    'poll': '%s: CORB/RIRB, polled',
    'immediate': '%s: immediate command (ICOI/ICII)',
    'raw-msi': '%s: raw-verb CORB/RIRB + MSI (baseline)',
    'raw-spin': '%s: raw-verb CORB/RIRB, spinning on RIRBWP (baseline)',
    'raw-immediate': '%s: raw-verb immediate command (baseline)',
}


def add_verbs(res, backend, recs):
    """Figures from the records of one interleaved `sofvfio-bench verb` run."""
    for rec in recs:
        mode = rec.get('mode')
        if mode in VERB_TITLES:
            res.figure(f'verb.{backend}.{mode}', 'verb', VERB_TITLES[mode] % backend, 'us',
                       rec['samples'], 'sofvfio-bench verb (modes interleaved)',
                       irq=rec.get('irq'), cmd=rec.get('cmd'), count=rec.get('count'))
        if rec.get('fell_back_to'):
            res.note('verb', f'{backend} {mode}: the interrupt path died; the driver polled')


def p99(rec):
    ev = sorted(rec.get('events', []))
    return ev[min(len(ev) - 1, int(len(ev) * 0.99))] if ev else None


def add_bringup(res, key, label, rec, method='sofvfio-bench bringup'):
    res.figure(f'bringup.{key}', 'bringup', f'{label}: open + bring-up + enumeration', 'ms',
               rec['samples'], method, codecs=rec.get('codecs'), widgets=rec.get('widgets'))
    for part in ('open', 'controller', 'enumerate'):
        if rec.get(part) and max(rec[part]) > 0.01:
            res.figure(f'bringup.{key}.{part}', 'bringup', f'{label}: {part} only', 'ms',
                       rec[part], method)


def add_region(res, key, label, rec, method):
    """REGION_READ/WRITE figures and the floor measured in the same repetitions."""
    res.figure(f'transport.{key}.read', 'transport', f'REGION_READ, 4 bytes ({label})', 'us',
               rec['read'], method + ': sv_region_read() of GCAP')
    res.figure(f'transport.{key}.write', 'transport', f'REGION_WRITE, 4 bytes ({label})', 'us',
               rec['write'], method + ': sv_region_write() of CORBLBASE')
    if rec.get('floor'):
        res.figure(f'transport.{key}.floor', 'transport',
                   f'floor: 4-byte socketpair ping-pong between two processes (with {label})',
                   'us', rec['floor'], 'sofvfio-bench region, the floor series: the same '
                   'repetitions, write + the echo process\'s read and write + read')


MOCK_ENV = {'SOFVFIO_BENCH_SERVER': 'mock'}


def step_mock(r, res, q):
    reps, count = q['reps'], q['count']
    with Emu(r, name='mock') as emu:
        d = emu.device
        add_verbs(res, 'mock', r.bench('verb', 'verb', '-d', d, '--count', str(count),
                                       '--reps', str(reps), env=MOCK_ENV))
        rec = r.one('transport', 'region', '-d', d, '--count', str(q['region_count']),
                    '--reps', str(reps), env=MOCK_ENV)
        if rec:
            add_region(res, 'mock', 'mock', rec, 'sofvfio-bench region')
        rec = r.one('irq', 'irq', '--mode', 'trigger', '-d', d, '--reps', str(reps),
                    '--count', str(q['irq_count']))
        if rec:
            res.figure('irq.mock.trigger', 'irq',
                       'mock: SET_IRQS trigger message -> emu writes eventfd -> wake-up', 'us',
                       rec['samples'], 'sofvfio-bench irq --mode trigger', p99=p99(rec))
        rec = r.one('bringup', 'bringup', '-d', d, '--reps', str(reps))
        if rec:
            add_bringup(res, 'mock', 'mock hda-duplex', rec)
    if emu.status not in (0, None):
        res.note('verb', f'sofvfio-emu exited with status {emu.status}: {emu.log_tail()}')
    step_dsp(r, res, q)
    # The floor under the mock's interrupts: another process writes the eventfd.
    rec = r.one('irq', 'irq', '--mode', 'process', '--reps', str(reps),
                '--count', str(q['irq_count']))
    if rec:
        res.figure('irq.host.process', 'irq',
                   'host: eventfd written by another process -> wake-up (mock floor)', 'us',
                   rec['samples'], 'sofvfio-bench irq --mode process', p99=p99(rec))
    rec = r.one('irq', 'irq', '--mode', 'thread', '--reps', str(reps),
                '--count', str(q['irq_count']))
    if rec:
        res.figure('irq.host.thread', 'irq',
                   'host: eventfd written by another thread -> wake-up (qtest floor)', 'us',
                   rec['samples'], 'sofvfio-bench irq --mode thread', p99=p99(rec))


DSP_FIRMWARE = '/lib/firmware/intel/sof/sof-cnl.ri'
DSP_TITLES = {
    'cold': 'mock --dsp cnl: open + cold boot of sof-cnl.ri + close',
    'imr': 'mock --dsp cnl: IMR boot (PM_CTX_SAVE, cores off, ROM_CONTROL, FW_READY)',
    'floor': 'mock: the same payload through one playback stream (floor)',
}


def step_dsp(r, res, q):
    """DSP cold and IMR boot on the mock's model, and the same run's floor."""
    if not os.path.exists(DSP_FIRMWARE):
        res.note('dsp', f'{DSP_FIRMWARE} is not installed (ci/setup: firmware-sof-signed)')
        return
    # --pace fast: the floor stream moves as fast as DMA goes, like the code loader
    with Emu(r, '--dsp', 'cnl', '--pace', 'fast', name='mock-dsp') as emu:
        rec = r.one('dsp', 'dsp', '-d', emu.device, '--firmware', DSP_FIRMWARE,
                    '--reps', str(max(3, q['reps'] // 2)))
        if rec:
            for kind, title in DSP_TITLES.items():
                res.figure(f'dsp.mock.{kind}', 'dsp', title, 'ms', rec[kind],
                           'sofvfio-bench dsp (interleaved per repetition)',
                           payload_bytes=rec.get('payload_bytes'))


def largest_dumps(folder, n):
    """(nodes, file, section index) of the @n largest codec sections (most "Node"
    lines), one per codec vendor/device id, so that a codec found in several
    machines' dumps is timed once."""
    found = []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    for name in names:
        path = os.path.join(folder, name)
        if not os.path.isfile(path) or name.endswith('.md'):
            continue
        try:
            with open(path, errors='replace') as f:
                lines = f.read().splitlines()
        except OSError:
            continue
        sections = []   # [nodes, vendor id]
        for line in lines:
            if line.startswith('Codec:'):
                sections.append([0, None])
            elif sections and line.startswith('Node 0x'):
                sections[-1][0] += 1
            elif sections and line.startswith('Vendor Id:') and sections[-1][1] is None:
                sections[-1][1] = line.split(':', 1)[1].strip()
        found += [(cnt, path, i, vid) for i, (cnt, vid) in enumerate(sections)]
    found.sort(key=lambda t: (-t[0], t[1], t[2]))
    chosen, seen = [], set()
    for cnt, path, i, vid in found:
        if vid in seen:
            continue
        seen.add(vid)
        chosen.append((cnt, path, i))
        if len(chosen) == n:
            break
    return chosen


def step_dumps(r, res, q):
    dumps = largest_dumps(r.a.codecs, q['dumps'])
    if not dumps:
        res.note('bringup', f'no codec dumps in {r.a.codecs}: the dump figures are missing')
        return
    for nodes, path, idx in dumps:
        spec = f'dump:{path}#{idx}'
        label = f'mock {os.path.basename(path)}#{idx}'
        key = f'dump.{os.path.basename(path)}.{idx}'
        verbs = None
        # One traced bring-up counts the verbs; the timed runs go without the trace.
        trace = os.path.join(r.tmp, 'trace.txt')
        try:
            with Emu(r, '--codec', spec, '--trace', trace, name='trace') as emu:
                r.bench('bringup', 'bringup', '-d', emu.device, '--keep-open', '--reps', '1',
                        '--warmup', '0')
            with open(trace) as f:
                verbs = sum(1 for line in f if line.startswith('verb '))
            with Emu(r, '--codec', spec, name='dump') as emu:
                rec = r.one('bringup', 'bringup', '-d', emu.device, '--keep-open',
                            '--reps', str(q['reps']))
        except (RuntimeError, OSError) as e:
            res.note('bringup', f'{label}: {e}')
            continue
        if not rec:
            continue
        fig = res.figure(f'bringup.{key}', 'bringup',
                         f'{label} ({nodes} nodes): bring-up + enumeration', 'ms',
                         rec['samples'], 'sofvfio-bench bringup --keep-open; verbs from the '
                         'emu --trace of one extra bring-up', codecs=rec.get('codecs'),
                         widgets=rec.get('widgets'), verbs=verbs)
        if fig and verbs:
            fig['verbs_per_s'] = verbs / (fig['median'] / 1e3)
            fig['us_per_verb'] = fig['median'] * 1e3 / verbs


def step_qtest(r, res, q):
    reps, count = q['reps'], q['qtest_count']
    d = 'qtest:'
    add_verbs(res, 'qtest', r.bench('verb', 'verb', '-d', d, '--count', str(count),
                                    '--reps', str(reps)))
    rec = r.one('transport', 'region', '-d', d, '--count', str(q['region_count'] // 2),
                '--reps', str(reps))
    if rec:
        res.figure('transport.qtest.read', 'transport',
                   'qtest register read, 4 bytes (context)', 'us', rec['read'],
                   'sofvfio-bench region on qtest: one qtest readl round trip')
    rec = r.one('irq', 'irq', '--mode', 'trigger', '-d', d, '--reps', str(reps),
                '--count', str(q['irq_count']))
    if rec:
        res.figure('irq.qtest.trigger', 'irq',
                   'qtest: backend trigger (eventfd from another thread) -> wake-up', 'us',
                   rec['samples'], 'sofvfio-bench irq --mode trigger', p99=p99(rec))
    rec = r.one('bringup', 'bringup', '-d', d, '--reps', str(reps))
    if rec:
        add_bringup(res, 'qtest', 'qtest intel-hda + hda-duplex (QEMU start included)', rec)


def qemu_binary(r):
    """The cached QEMU with its vfio-user server, or None (ci/build-qemu-vfio-user)."""
    script = os.path.join(r.a.source_dir, 'ci', 'build-qemu-vfio-user')
    try:
        p = subprocess.run([script, '--print-path'], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True, timeout=30)
    except OSError:
        return None
    path = p.stdout.strip()
    return path if p.returncode == 0 and os.access(path, os.X_OK) else None


QEMU_ENV = {'SOFVFIO_BENCH_SERVER': 'qemu'}


def step_peer(r, res, q):
    """The same client against QEMU's own vfio-user server, when the cache has it."""
    qemu = qemu_binary(r)
    if not qemu or not os.access('/dev/kvm', os.R_OK | os.W_OK):
        res.note('transport', 'QEMU with x-vfio-user-server is not cached (or no /dev/kvm): '
                 'run ci/build-qemu-vfio-user for the qemu figures')
        return
    reps = q['reps']
    with QemuPeer(r, qemu) as peer:
        rec = r.one('transport', 'region', '-d', peer.device, '--count',
                    str(q['region_count']), '--reps', str(reps), env=QEMU_ENV)
    if rec:
        add_region(res, 'qemu', "QEMU's x-vfio-user-server", rec,
                   'sofvfio-bench region against QEMU 7.2 x-remote + intel-hda')
    with QemuPeer(r, qemu) as peer:
        add_verbs(res, 'qemu', r.bench('verb', 'verb', '-d', peer.device, '--count',
                                       str(q['count']), '--reps', str(reps), env=QEMU_ENV))


def step_transport(r, res, q):
    configs = [('p10', [], '10 ms periods x 16 (default)'),
               ('p100', ['--period-ms', '100', '--periods', '8'], '100 ms periods x 8')]
    samples = {}
    try:
        with Emu(r, '--pace', 'fast', name='fast') as emu:
            for rep in range(q['dma_reps']):
                # Alternate the two DMA paths so that drift hits both alike.
                for cfg, extra, _ in configs:
                    for dma in ('shm', 'message'):
                        env = dict(os.environ)
                        if dma == 'message':
                            env['SOFVFIO_VFU_DMA'] = 'message'
                        st, out, _, _ = run_capture(
                            [r.a.sofvfio, 'play', '-d', emu.device, '--tone', '1000',
                             '--duration', str(q['dma_seconds']), *extra], env=env)
                        f = play_fields(out)
                        if st != 0 or 'elapsed' not in f or 'bytes' not in f:
                            res.note('transport', f'play ({dma}, {cfg}) exit {st}: '
                                     + ' | '.join(out.strip().splitlines()[-2:]))
                            continue
                        samples.setdefault((cfg, dma), []).append(f['bytes'] / f['elapsed'])
    except RuntimeError as e:
        res.note('transport', str(e))
        return
    for cfg, _, label in configs:
        for dma in ('shm', 'message'):
            s = samples.get((cfg, dma))
            if not s:
                continue
            what = 'shared memory (memfd)' if dma == 'shm' else 'DMA_READ messages'
            res.figure(f'transport.dma.{cfg}.{dma}', 'transport',
                       f'playback DMA, {what}, {label}', 'x realtime',
                       [x / REALTIME_BPS for x in s],
                       'sofvfio play --tone against sofvfio-emu --pace fast: dma bytes / '
                       'elapsed, over 192000 B/s (48 kHz 16-bit stereo)',
                       mib_per_s=statistics.median(s) / MIB)
        res.ratio(f'transport.dma.{cfg}.message_vs_shm', 'transport',
                  f'message path / shared memory, {label}', f'transport.dma.{cfg}.message',
                  f'transport.dma.{cfg}.shm', baseline='shared-memory DMA, same run',
                  paired=True)
    fig = res.figures.get('transport.dma.p10.shm')
    res.target('transport', 'playback DMA (shared memory, default periods) >= 200x real time',
               ('>=', 200), fig['median'] if fig else None, 'x')


def step_memory(r, res, q):
    play_kib, emu_kib = [], []
    for _ in range(q['mem_reps']):
        try:
            with Emu(r, name='mem') as emu:
                st, out, peaks, _ = run_capture(
                    [r.a.sofvfio, 'play', '-d', emu.device, '--tone', '1000',
                     '--duration', str(q['mem_seconds'])], timeout=q['mem_seconds'] + 60,
                    hwm_pids=[emu.proc.pid])
                # The emu's last look, before SIGTERM takes it down.
                emu_peak = max(x for x in (peaks.get(emu.proc.pid), vm_hwm_kib(emu.proc.pid))
                               if x is not None) if emu.proc.poll() is None else None
            if st != 0 or peaks['self'] is None:
                res.note('memory', f'play exit {st}: ' + ' | '.join(out.strip().splitlines()[-2:]))
                continue
            play_kib.append(peaks['self'])
            if emu_peak:
                emu_kib.append(emu_peak)
        except (RuntimeError, ValueError) as e:
            res.note('memory', str(e))
            return
    how = (f'VmHWM of /proc/PID/status sampled every 20 ms (the largest seen) over a '
           f'{q["mem_seconds"]} s tone played in real time (emu --pace realtime)')
    for key, label, s, limit in (('play', 'sofvfio play', play_kib, 8),
                                 ('emu', 'sofvfio-emu', emu_kib, 16)):
        fig = res.figure(f'memory.{key}', 'memory', f'peak RSS of {label}', 'MiB',
                         [k / 1024 for k in s], how)
        res.target('memory', f'peak RSS of {label} <= {limit} MiB', ('<=', limit),
                   fig['max'] if fig else None, ' MiB',
                   fig and f"{fig['max']:.2f} MiB (largest of {fig['n']})")
