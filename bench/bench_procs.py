# SPDX-License-Identifier: GPL-2.0-or-later
"""bench_procs.py - running the measuring programs for run-bench.py: JSON-line
programs, sofvfio-emu as a context manager, peak RSS sampling."""

import json
import os
import re
import signal
import subprocess
import tempfile
import threading
import time


class Runner:
    def __init__(self, args, res):
        self.a = args
        self.res = res
        self.tmp = tempfile.mkdtemp(prefix='sofvfio-bench-')

    def records(self, argv, section, env=None, timeout=300, what=None):
        """Run a program that prints JSON lines; return its records (errors become notes)."""
        what = what or ' '.join(os.path.basename(x) if i == 0 else x for i, x in enumerate(argv))
        e = dict(os.environ)
        e.update(env or {})
        try:
            p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e,
                               timeout=timeout, text=True)
        except subprocess.TimeoutExpired:
            self.res.note(section, f'{what}: no result within {timeout} s')
            return []
        recs = parse_records(p.stdout)
        self.res.records.extend(recs)
        for r in recs:
            if r.get('error'):
                self.res.note(section, f"{what}: {r['error']}")
        if p.returncode != 0:
            tail = ' | '.join(p.stderr.strip().splitlines()[-3:])
            self.res.note(section, f'{what}: exit status {p.returncode}: {tail}')
        return [r for r in recs if not r.get('error')]

    def bench(self, section, *args, env=None, timeout=300):
        return self.records([self.a.bench, *args], section, env=env, timeout=timeout)

    def one(self, section, *args, env=None):
        recs = self.bench(section, *args, env=env)
        return recs[0] if recs else None


def parse_records(text):
    recs = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith('{'):
            try:
                recs.append(json.loads(line))
            except json.JSONDecodeError:
                pass
    return recs


def wait4_bounded(pid, timeout):
    """Reap @pid within @timeout s: (exit status, rusage) or None."""
    end = time.monotonic() + timeout
    while True:
        got, status, ru = os.wait4(pid, os.WNOHANG)
        if got == pid:
            return os.waitstatus_to_exitcode(status), ru
        if time.monotonic() > end:
            return None
        time.sleep(0.01)


class QemuPeer:
    """QEMU's own vfio-user server (x-vfio-user-server) exporting intel-hda +
    hda-duplex, one client per lifetime: a fresh one per measurement."""

    def __init__(self, runner, qemu, name='qemu'):
        self.r = runner
        self.qemu = qemu
        self.dir = tempfile.mkdtemp(prefix=name + '-', dir=runner.tmp)
        self.sock = os.path.join(self.dir, 's')
        self.device = 'vfio-user:' + self.sock
        self.proc = None

    def __enter__(self):
        self.logf = open(os.path.join(self.dir, 'qemu.log'), 'w')
        self.proc = subprocess.Popen(
            [self.qemu, '-machine', 'x-remote,vfio-user=on', '-display', 'none', '-nodefaults',
             '-monitor', 'none', '-serial', 'none', '-device', 'intel-hda,id=hda0',
             '-device', 'hda-duplex,audiodev=snd0', '-audiodev', 'none,id=snd0',
             '-object', f'x-vfio-user-server,id=vfu0,type=unix,path={self.sock},device=hda0'],
            stdout=self.logf, stderr=subprocess.STDOUT)
        end = time.monotonic() + 20
        while not os.path.exists(self.sock):
            if self.proc.poll() is not None or time.monotonic() > end:
                self.__exit__()
                raise RuntimeError('QEMU with x-vfio-user-server did not start')
            time.sleep(0.01)
        return self

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            if wait4_bounded(self.proc.pid, 5) is None:
                self.proc.kill()
                wait4_bounded(self.proc.pid, 5)
        self.logf.close()


class Emu:
    """sofvfio-emu on a socket in a temporary directory, stopped and reaped on exit."""

    def __init__(self, runner, *opts, name='emu'):
        self.r = runner
        self.opts = list(opts)
        self.dir = tempfile.mkdtemp(prefix=name + '-', dir=runner.tmp)
        self.sock = os.path.join(self.dir, 'emu.sock')
        self.device = 'vfio-user:' + self.sock
        self.proc = None
        self.status = None

    def __enter__(self):
        self.logf = open(os.path.join(self.dir, 'emu.log'), 'w')
        self.proc = subprocess.Popen([self.r.a.emu, '--socket', self.sock, *self.opts],
                                     stdout=self.logf, stderr=subprocess.STDOUT)
        end = time.monotonic() + 10
        while not os.path.exists(self.sock):
            if self.proc.poll() is not None or time.monotonic() > end:
                self.stop()
                raise RuntimeError(f'sofvfio-emu {" ".join(self.opts)} did not start: '
                                   f'{self.log_tail()}')
            time.sleep(0.01)
        return self

    def log_tail(self):
        try:
            with open(os.path.join(self.dir, 'emu.log')) as f:
                return ' | '.join(f.read().strip().splitlines()[-3:])
        except OSError:
            return ''

    def stop(self):
        if self.proc is None or self.status is not None:
            return
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            got = wait4_bounded(self.proc.pid, 5)
            if got is None:
                self.proc.kill()
                got = wait4_bounded(self.proc.pid, 5)
            if got:
                self.status = got[0]
                self.proc.returncode = self.status
        else:
            self.status = self.proc.returncode
        self.logf.close()

    def __exit__(self, *exc):
        self.stop()
        return False


def vm_hwm_kib(pid):
    """VmHWM (peak RSS of the process's current address space) in KiB, or None."""
    try:
        with open(f'/proc/{pid}/status') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


class HwmSampler:
    """Samples VmHWM of some processes every 20 ms until stopped; keeps the largest.

    Not wait4()'s ru_maxrss: Linux keeps the high-water mark of the address space
    a process had before exec(), and Python's fork/vfork child starts as a copy of
    this (~19 MiB) interpreter, which would be reported for every child."""

    def __init__(self, pids):
        self.pids = list(pids)
        self.peak = {pid: None for pid in self.pids}
        self.stop_ev = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def sample(self):
        for pid in self.pids:
            v = vm_hwm_kib(pid)
            if v is not None and (self.peak[pid] is None or v > self.peak[pid]):
                self.peak[pid] = v

    def _run(self):
        while not self.stop_ev.wait(0.02):
            self.sample()

    def stop(self):
        self.stop_ev.set()
        self.thread.join()
        return self.peak


def run_capture(argv, env=None, timeout=120, hwm_pids=()):
    """Run @argv; return (exit status, output, {pid: peak VmHWM KiB} incl. @argv's, seconds)."""
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         env=env)
    sampler = HwmSampler([p.pid, *hwm_pids])
    try:
        out, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
    peaks = sampler.stop()
    peaks['self'] = peaks.pop(p.pid)
    return p.returncode, out, peaks, time.monotonic() - t0


def play_fields(text):
    """The key: value lines of `sofvfio play`."""
    f = {}
    m = re.search(r'^elapsed: ([0-9.]+) s', text, re.M)
    if m:
        f['elapsed'] = float(m.group(1))
    m = re.search(r'^dma bytes: (\d+)', text, re.M)
    if m:
        f['bytes'] = int(m.group(1))
    m = re.search(r'^interrupts: (\d+)', text, re.M)
    if m:
        f['interrupts'] = int(m.group(1))
    m = re.search(r'^underruns: (\d+)', text, re.M)
    if m:
        f['underruns'] = int(m.group(1))
    return f
