"""Boot the emulated Xen host (Xen + a Linux dom0 under QEMU TCG) once,
run one job in dom0, and return the job's exit status.

Channels between this process and dom0 are three virtio serial ports:
  rx.out  the job's stdout (for `rumpxen run`: the guest console) -> our stdout
  rx.err  the job's stderr -> our stderr
  rx.ctl  dom0 init's progress: "boot", "ready", "exit N", "fail WHY"
The hypervisor's serial line (Xen and dom0 kernel messages, init's own
chatter) goes to a log file that is shown when something goes wrong.

Every exit path kills QEMU's whole process group; QEMU also gets
SIGKILL from the kernel should this process die first.
"""
import ctypes
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time

import dom0_tables
import exits
from newc import NewcWriter

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EMUHOST = os.path.join(TOOLS, "emuhost")
DOM0 = os.path.join(TOOLS, "dom0")
RX_RUN = os.path.join(DOM0, "rx-run")

DOM0_MEM_MIB = 512
BOOT_TIMEOUT = 180  # seconds until dom0 reports "ready"
# spec-ctrl=eager-fpu: QEMU's "max" CPU looks like an AMD part, on which
# Xen switches FPU state lazily; under TCG, lazy switching with XSAVE
# loses register state between domains, and dom0 programs (xl, busybox)
# then crash now and then, most often under network load. Eager
# switching keeps every feature of "max" (SVM for PVH, AVX, XSAVE).
XEN_CMDLINE = (
    "console=com1 com1=115200,8n1 dom0_mem={m}M,max:{m}M loglvl=all guest_loglvl=all "
    "bootscrub=0 dom0_max_vcpus=1 spec-ctrl=eager-fpu"
)
DOM0_CMDLINE = "console=hvc0 earlyprintk=xen pmtmr=0 quiet"

# Where rx-run and its tables live in dom0 (rx-run is on PATH).
DOM0_LIB = "usr/local/lib/rumpxen"


class HostError(Exception):
    """The emulated host could not do its job (exits.ERROR)."""


class Interrupted(Exception):
    pass


def say(msg):
    print(f"rumpxen: {msg}", file=sys.stderr, flush=True)


def assemble():
    """Return the directory of the assembled host (assembling it if needed).
    RUMPXEN_HOST_DIR names an assembled host to use as it is."""
    fixed = os.environ.get("RUMPXEN_HOST_DIR")
    if fixed:
        return fixed
    script = os.path.join(EMUHOST, "assemble.sh")
    done = subprocess.run([script], stdout=subprocess.PIPE, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise HostError("assembling the emulated Xen host failed")
    return lines[-1]


def _die_with_parent():
    os.setpgid(0, 0)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Job:
    """What to run in dom0: files to copy in, disks to attach, a script."""

    def __init__(self, script_text):
        self.script_text = script_text
        self.files = []  # (host path, dom0 path)
        self.blobs = []  # (contents, dom0 path)
        self.disks = []  # (host path, read_only); in dom0: /dev/rxdisk/N
        self.memory_mib = 1536
        self.timeout = 1800  # seconds the job may run once dom0 is ready

    def add_file(self, src, dest):
        self.files.append((src, dest))

    def add_bytes(self, data, dest):
        self.blobs.append((data, dest))

    def add_disk(self, path, read_only):
        self.disks.append((path, read_only))
        return f"/dev/rxdisk/{len(self.disks) - 1}"


def _write_run_cpio(path, job):
    with open(path, "wb") as out:
        w = NewcWriter(out)
        w.add_file("init", os.path.join(DOM0, "init"), mode=0o755)
        w.add_file("etc/rumpxen/udhcpd.conf", os.path.join(DOM0, "udhcpd.conf"))
        w.add_file("etc/xen/xl.conf", os.path.join(DOM0, "xl.conf"))
        w.add_file("etc/xen/scripts/block", os.path.join(DOM0, "block"), mode=0o755)
        w.add_file("etc/xen/scripts/vif-bridge", os.path.join(DOM0, "vif-bridge"), mode=0o755)
        w.add_file(f"{DOM0_LIB}/rx-run", RX_RUN, mode=0o755)
        w.add_file(f"{DOM0_LIB}/rx-options", os.path.join(DOM0, "rx-options"))
        w.add_bytes(f"{DOM0_LIB}/tables.sh", dom0_tables.render().encode())
        w.add_symlink("usr/local/bin/rx-run", f"/{DOM0_LIB}/rx-run")
        w.add_bytes("etc/rumpxen/job", job.script_text.encode(), mode=0o755)
        for src, dest in job.files:
            w.add_file(dest, src)
        for data, dest in job.blobs:
            w.add_bytes(dest, data)
        w.finish()


def _copy(sinks, name, data):
    """Pass output on; a reader that went away (| head) stops only that
    stream, the run goes on to its end."""
    sink = sinks.get(name)
    if sink is None:
        return
    try:
        sink.write(data)
        sink.flush()
    except (BrokenPipeError, OSError):
        sinks[name] = None


class EmulatedHost:
    def __init__(self, job, log_path=None, timing=None):
        self.job = job
        self.timing = timing if timing is not None else {}
        self.workdir = tempfile.mkdtemp(prefix="rumpxen-")
        # A log the caller named is theirs to keep; ours goes on success.
        self.log_named = log_path is not None
        self.log_path = log_path or os.path.join(self.workdir, "host.log")
        self.proc = None

    # -- public -------------------------------------------------------
    def run(self):
        """Boot, run the job, return its status. Raises HostError."""
        old = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}

        def interrupted(signum, frame):
            raise Interrupted()

        for s in old:
            signal.signal(s, interrupted)
        try:
            return self._run()
        finally:
            self._kill()
            for s, h in old.items():
                signal.signal(s, h)
            self._remove_workdir()

    def show_log_tail(self, lines=40):
        if not os.path.exists(self.log_path):
            self.discard_log()  # nothing ran: nothing to keep
            return
        say(f"host log: {self.log_path}")
        try:
            with open(self.log_path, errors="replace") as f:
                tail = f.readlines()[-lines:]
        except OSError:
            return
        try:
            with open(self.log_path + ".qemu", errors="replace") as f:
                tail += ["QEMU: " + line for line in f.readlines()[-5:]]
        except OSError:
            pass
        for line in tail:
            sys.stderr.write("  | " + line)
        sys.stderr.flush()

    # -- steps --------------------------------------------------------
    def _run(self):
        t0 = time.monotonic()
        self.timing["start"] = 0.0
        hostdir = assemble()
        for part, what in (("xen.elf", "Xen hypervisor"), ("vmlinux", "dom0 kernel"),
                           ("dom0-base.cpio", "dom0 userland")):
            if not os.path.isfile(os.path.join(hostdir, part)):
                raise HostError(f"{what} missing from the emulated host: "
                                f"{os.path.join(hostdir, part)} (remove that directory to reassemble)")
        self.timing["assembled"] = time.monotonic() - t0
        initrd = os.path.join(self.workdir, "dom0.cpio")
        with open(initrd, "wb") as out, open(os.path.join(hostdir, "dom0-base.cpio"), "rb") as base:
            while True:
                chunk = base.read(1 << 20)
                if not chunk:
                    break
                out.write(chunk)
        run_cpio = os.path.join(self.workdir, "run.cpio")
        _write_run_cpio(run_cpio, self.job)
        with open(initrd, "ab") as out, open(run_cpio, "rb") as extra:
            while True:
                chunk = extra.read(1 << 20)
                if not chunk:
                    break
                out.write(chunk)
        os.unlink(run_cpio)
        return self._boot(hostdir, initrd, t0)

    def _qemu_command(self, hostdir, initrd, fds):
        qemu = os.environ.get("RUMPXEN_QEMU", "qemu-system-x86_64")
        cmd = [
            qemu, "-accel", "tcg", "-cpu", "max,-smap,-smep", "-smp", "1",
            "-m", str(self.job.memory_mib), "-display", "none", "-monitor", "none",
            "-nodefaults", "-no-reboot", "-net", "none",
            "-serial", "file:" + self.log_path,
            "-device", "virtio-serial-pci,id=vs",
        ]
        for name, fd in fds.items():
            cmd += ["-chardev", f"file,id={name.replace('.', '_')},path=/dev/fd/{fd}",
                    "-device", f"virtserialport,bus=vs.0,chardev={name.replace('.', '_')},name={name}"]
        for i, (path, ro) in enumerate(self.job.disks):
            ro_opt = ",readonly=on" if ro else ""
            cmd += ["-drive", f"file={path},if=none,id=disk{i},format=raw,cache=writeback{ro_opt}",
                    "-device", f"virtio-blk-pci,drive=disk{i},serial=rxdisk{i}"]
        cmd += [
            "-kernel", os.path.join(hostdir, "xen.elf"),
            "-append", XEN_CMDLINE.format(m=DOM0_MEM_MIB),
            "-initrd", f"{os.path.join(hostdir, 'vmlinux')} {DOM0_CMDLINE},{initrd}",
        ]
        return cmd

    def _boot(self, hostdir, initrd, t0):
        pipes = {}
        child_fds = {}
        for name in ("rx.out", "rx.err", "rx.ctl"):
            r, w = os.pipe()
            pipes[name] = r
            child_fds[name] = w
        cmd = self._qemu_command(hostdir, initrd, child_fds)
        try:
            self.proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=open(self.log_path + ".qemu", "wb"),
                pass_fds=list(child_fds.values()), preexec_fn=_die_with_parent)
        except (FileNotFoundError, PermissionError):
            raise HostError(f"QEMU not found: {cmd[0]} (install it with: rumpxen setup)")
        finally:
            for w in child_fds.values():
                os.close(w)
        self.timing["qemu_started"] = time.monotonic() - t0

        sel = selectors.DefaultSelector()
        sinks = {"rx.out": sys.stdout.buffer, "rx.err": sys.stderr.buffer}
        for name, r in pipes.items():
            sel.register(r, selectors.EVENT_READ, name)
        ctl_buf = b""
        status = None
        failure = None
        ready_at = None
        open_fds = len(pipes)
        boot_deadline = time.monotonic() + BOOT_TIMEOUT
        while open_fds:
            now = time.monotonic()
            if ready_at is None and now > boot_deadline:
                raise HostError(f"dom0 did not come up within {BOOT_TIMEOUT} s")
            if ready_at is not None and now > ready_at + self.job.timeout:
                self.timing["timeout"] = now - t0
                say(f"the job in dom0 did not finish within {self.job.timeout} s")
                return exits.TIMEOUT
            for key, _ in sel.select(timeout=0.5):
                data = os.read(key.fd, 65536)
                name = key.data
                if not data:
                    sel.unregister(key.fd)
                    os.close(key.fd)
                    open_fds -= 1
                    continue
                if name == "rx.ctl":
                    ctl_buf += data
                    while b"\n" in ctl_buf:
                        line, ctl_buf = ctl_buf.split(b"\n", 1)
                        line = line.decode(errors="replace").strip()
                        stamp = time.monotonic() - t0
                        if line == "ready":
                            ready_at = time.monotonic()
                            self.timing["dom0_ready"] = stamp
                        elif line == "boot":
                            self.timing["dom0_init"] = stamp
                        elif line.startswith("exit "):
                            status = int(line.split()[1])
                            self.timing["job_done"] = stamp
                        elif line.startswith("fail "):
                            failure = line[5:]
                else:
                    if name == "rx.out" and "first_output" not in self.timing:
                        self.timing["first_output"] = time.monotonic() - t0
                    _copy(sinks, name, data)
            if status is not None or failure is not None:
                break
            if self.proc.poll() is not None and not sel.select(timeout=0):
                break
        # Drain what is still buffered in the pipes.
        for key in list(sel.get_map().values()):
            try:
                while True:
                    data = os.read(key.fd, 65536)
                    if not data or key.data == "rx.ctl":
                        break
                    _copy(sinks, key.data, data)
            except BlockingIOError:
                pass
        if failure is not None:
            raise HostError(f"dom0 set-up failed: {failure}")
        if status is None:
            rc = self.proc.poll()
            raise HostError(f"the emulated host stopped before the job finished (QEMU status {rc})")
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        self.timing["host_gone"] = time.monotonic() - t0
        return status

    def _kill(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            say(f"QEMU (pid {self.proc.pid}) did not die")

    def _remove_workdir(self):
        """Remove the work files; the log (if it lives here) stays."""
        for name in os.listdir(self.workdir):
            path = os.path.join(self.workdir, name)
            if not path.startswith(self.log_path):
                os.unlink(path)
        if not os.listdir(self.workdir):
            os.rmdir(self.workdir)

    def discard_log(self):
        paths = [self.log_path + ".qemu"]
        if not self.log_named:
            paths.append(self.log_path)
        for path in paths:
            try:
                os.unlink(path)
            except OSError:
                pass
        try:
            os.rmdir(self.workdir)
        except OSError:
            pass  # already gone, or holds a log kept elsewhere
