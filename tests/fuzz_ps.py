#!/usr/bin/env python3
"""Differential fuzzer: random ps command lines, run by procps ps and by kps.

Usage: cargo build --release && sudo python3 tests/fuzz_ps.py [--seed S] [--cases N]
       [--kps PATH] [--verbose]

Run by hand, as root (one fixture runs as nobody), not by CI. A case is a random
command line in UNIX, BSD and GNU syntax or a mix, with valid and wrong values
(specifiers from `ps L`), under a random PS_PERSONALITY, PS_FORMAT, COLUMNS,
LC_ALL, LIBPROC_HIDE_KERNEL..., with stdout piped or on a pty. It runs ps, kps
(through a link named ps, so that its own row has ps' name), ps, and compares
the exit status, whether stderr is empty, error messages (ps' first `error:`
line must be in kps' `kps: MESSAGE`), the header, whether the program lists
itself, and the rows identical in both ps runs (but rows that mention the pid
of ps, kps or the fuzzer). A mismatch must persist in three more runs; it is
then shrunk (variables, words, list items, cluster letters dropped one at a
time) to a minimal reproducer, and grouped by signature: its kind and, for exit
and stderr kinds, what both programs said, else the shape of its command line.

Fixtures, killed on exit: a renamed sleeper, a plain one, a niced one, a
stopped one, a zombie and its parent, one as nobody, a session with two
children on a pty of its own. Many cases select only them. No network is used.

Not mismatches (procps' own bugs, or kps' deliberate choices):
  - ps killed by a signal (`ps -ml`, `ps -m -o wchan`), or two ps runs that
    disagree on the exit status; `fix bigness error` (widths above 131072);
  - rows under -m / m / M with PSR, CPUID, PRI, NI, CLS, WCHAN, RTPRIO, SCH,
    POL or I/O counter columns: ps prints garbage there in thread rows;
  - the text of --help and --version.
On a machine that forks a lot, rows of busy processes and --forest bars (a
sibling seen by ps but not by kps) can differ persistently: check by hand.
"""
import argparse
import collections
import fcntl
import os
import random
import re
import select
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PS = shutil.which("ps") or "/usr/bin/ps"
TIMEOUT = 20
PERSONALITIES = """linux bsd sunos sunos4 aix hpux hp irix sgi posix svr4 sysv unix95 unix98 unix
    gnu default old debian tru64 digital compaq os390 390 s390 sco solaris2 unknown BSD
    NoSuchOne""".split() + [""]
COMMON_SPECS = """pid ppid comm args cmd user uid ruser group stat s tty tname ni nice pri rss vsz
    sz time etime start lstart pgid sid sess tid lwp nlwp psr wchan cls %cpu %mem f flags ucomm
    label size trs sgi_p c util maj_flt bsdtime stime rtprio policy euid egid""".split()
AIX = "%C %G %P %U %a %c %g %n %p %r %t %u %x %y %z %q %% % x".split()
OLD_SORT = "cCfgGjJkKmMnNoOpPrRsStTuUvy"  # BSD O's one-letter sort keys
BSD_LETTERS, UNIX_LETTERS = "auxjlsvmfcehrSnwHMXZTgC", "AadefFlLjyHmTcPwxMNZ"
BSD_WORDS = "aux ax axjf axf u x j l s v m e f c h S n w ww H M X Z axm".split()
UNIX_WORDS = """-e -ef -eF -el -ely -ej -ejH -elf -eLf -f -l -j -F -L -T -m -M -Z -H -c -y -w
    -ww -P""".split()
FLAGS = """--no-headers --no-heading --headers --forest --cumulative --context --deselect -N -w
    h c e n S f H m -m -L -T M""".split()
BAD_ITEMS = ["", "x", "0", "-1", "4294967296", "18446744073709551616", "99999999999999999999",
             " "]
NUMBERS = ["0", "1", "5", "40", "80", "132", "1000", "131072", "131073", "99999999999", "-1",
           "abc", "", " 80"]
GARBAGE = ["", ","] + """--bogus -Q - -- Q 1,,2 + % pid -o --sort --forest=x -p W -y
    --version=1 -Y""".split()
THREAD_GARBAGE = {"PSR", "CPUID", "PRI", "NI", "CLS", "WCHAN", "RTPRIO", "SCH", "POL",
                  "RCHARS", "WCHARS", "RBYTES", "WBYTES", "ROPS", "WOPS"}
KINDS = ["timeout", "status", "message", "stderr", "header", "self", "missing", "extra", "order"]
ROW_KINDS = {"missing", "extra", "order"}
# Options whose value is the next word (when not attached), per syntax.
GNU_ARG = {"--sort", "--pid", "--ppid", "--format", "--cols", "--columns", "--width", "--rows",
           "--lines", "--user", "--User", "--group", "--Group", "--sid", "--tty", "--quick-pid"}
UNIX_ARG, BSD_ARG = set("CGgOopqstUuk"), set("OopqtUk")


# ---------------------------------------------------------------- fixtures ---

def proc_stat(pid):
    """(comm, state, ppid, starttime) of `pid`; Nones once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            name, rest = f.read().split(" (", 1)[1].rsplit(") ", 1)
        rest = rest.split()
        return name, rest[0], int(rest[1]), rest[19]
    except (OSError, IndexError, ValueError):
        return None, None, None, None


def children(pid):
    return sorted(int(n) for n in os.listdir("/proc") if n.isdigit() and proc_stat(n)[2] == pid)


def wait_until(done, what):
    end = time.monotonic() + 10
    while not done():
        if time.monotonic() > end:
            sys.exit(f"fixture setup: timed out waiting for {what}")
        time.sleep(0.02)


class Fixtures:
    """Detached processes, so that the fuzzer's pid in a row (as PPID) only
    ever stands for the fuzzer, ps or kps. Each leads its process group."""

    def __init__(self):
        self.leaders, self.master, self.desc = {}, None, {}

    def spawn(self, argv, argv0=None, nice=0, tty=None):
        r, w = os.pipe()
        middle = os.fork()
        if middle == 0:  # forks the fixture, reports its pid and exits
            try:
                os.close(r)
                pid = os.fork()
                if pid == 0:
                    null = os.open(os.devnull, os.O_RDWR)
                    for fd in (0, 1, 2):
                        os.dup2(null, fd)
                    if tty is None:
                        os.setpgid(0, 0)
                    else:  # a session with `tty` as controlling terminal
                        os.setsid()
                        os.dup2(tty, 0)
                        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
                    os.nice(nice)
                    os.execvp(argv[0], [argv0 or argv[0]] + argv[1:])
                os.write(w, str(pid).encode())
            finally:
                os._exit(0)
        os.close(w)
        with os.fdopen(r) as f:
            pid = int(f.read())
        os.waitpid(middle, 0)
        self.leaders[pid] = proc_stat(pid)[3]
        return pid

    def start(self):
        add = self.desc.__setitem__
        add(self.spawn(["sleep", "7301"], argv0="fz-sleeper"), "sleep 7301 named fz-sleeper")
        add(self.spawn(["sleep", "7302"]), "sleep 7302")
        add(self.spawn(["sleep", "7303"], nice=7), "sleep 7303 at nice 7")
        stopped = self.spawn(["sleep", "7304"])
        os.kill(stopped, signal.SIGSTOP)
        wait_until(lambda: proc_stat(stopped)[1] == "T", "the stopped sleeper")
        add(stopped, "sleep 7304, stopped")
        zparent = self.spawn(["sh", "-c", "sleep 0 & exec sleep 7305"])
        zombies = lambda: [c for c in children(zparent) if proc_stat(c)[1] == "Z"]  # noqa
        wait_until(lambda: zombies() and proc_stat(zparent)[0] == "sleep", "the zombie")
        add(zparent, "sleep 7305 (the zombie's parent)")
        add(zombies()[0], "zombie")
        nobody = self.spawn(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                             "sleep", "7306"])
        wait_until(lambda: proc_stat(nobody)[0] == "sleep", "the sleeper as nobody")
        add(nobody, "sleep 7306 as nobody")
        self.master, slave = os.openpty()
        self.tty = os.ttyname(slave)[len("/dev/"):]
        leader = self.spawn(["sh", "-c", "sleep 7307 & sleep 7308 & wait"], tty=slave)
        os.close(slave)
        wait_until(lambda: [proc_stat(c)[0] for c in children(leader)] == ["sleep"] * 2,
                   "the session")
        add(leader, f"sh leading a session on {self.tty}")
        for c in children(leader):
            add(c, "sleep in that session")
        self.pids, self.sid, self.parents = list(self.desc), leader, [zparent, leader]

    def stop(self):
        for pid, start in self.leaders.items():
            if start and proc_stat(pid)[3] == start:  # not a reused pid
                try:
                    os.killpg(pid, signal.SIGKILL)
                except OSError:
                    pass
        self.leaders = {}
        if self.master is not None:
            os.close(self.master)
            self.master = None


# --------------------------------------------------------------- generator ---

class Case:
    def __init__(self, argv, env, pty=None):
        self.argv, self.env, self.pty = list(argv), dict(env), pty  # pty: (rows, cols)

    def key(self):
        return tuple(self.argv), tuple(sorted(self.env.items())), self.pty

    def shell(self):
        env = "".join(f"{k}={shlex.quote(v)} " for k, v in sorted(self.env.items()))
        tty = f"   [stdout on a {self.pty[1]}x{self.pty[0]} pty]" if self.pty else ""
        return f"{env}ps {shlex.join(self.argv)}{tty}"


class Generator:
    def __init__(self, rng, specs, fx):
        self.r, self.specs, self.fx = rng, specs, fx

    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return self.r.choice(seq)

    def some(self, make, most):
        return [make() for _ in range(self.r.randint(1, most))]

    def spec(self):
        if self.chance(0.05):
            return self.pick(["bogus", "PID", "", "pid ", "%p"])
        name = self.pick(COMMON_SPECS if self.chance(0.6) else self.specs)
        if self.chance(0.15):
            name += ":" + self.pick(["0", "1", "2", "5", "8", "20", "x", "", "4294967297",
                                     "99999999999"])
        if self.chance(0.08):
            name += "=" + self.pick(["", "X", "Long Header", "Größe", "a,b"])
        return name

    def fmt(self):
        if self.chance(0.1):
            return " ".join(self.some(lambda: self.pick(AIX), 4))
        if self.chance(0.03):
            return self.pick(["", ",", "DefBSD", "DefSysV"])
        text = (" " if self.chance(0.1) else ",").join(self.some(self.spec, 5))
        if self.chance(0.05):
            text = self.pick([",", ",,", ""]) + text + self.pick([",", ""])
        return text

    def sort(self):
        if self.chance(0.05):
            return self.pick(["", ",", "pid,,ppid", "bogus", "+", "-"])
        return ",".join(self.some(lambda: self.pick(["", "+", "-"]) + self.pick(
            COMMON_SPECS if self.chance(0.7) else self.specs), 3))

    def pid_list(self, pool=None):
        pool = pool or self.fx.pids
        items = [str(p) for p in self.r.sample(pool, self.r.randint(1, min(3, len(pool))))]
        if self.chance(0.1):
            items.append(self.pick(items))  # a repeated pid
        if self.chance(0.12):
            items.insert(self.r.randint(0, len(items)), self.pick(BAD_ITEMS))
        if self.chance(0.05):
            items.append(self.pick(["1", str(os.getpid())]))
        return (" " if self.chance(0.1) else ",").join(items)

    def with_value(self, forms, value):
        """One of the options `forms` with `value`: as its own word, attached,
        or after `=` (GNU options, whose names start with --)."""
        opt = self.pick(forms.split())
        if opt.startswith("--") and self.chance(0.5):
            return [f"{opt}={value}"]
        return [opt + value] if not opt.startswith("--") and self.chance(0.2) else [opt, value]

    def fixture_selection(self):
        fx, pick = self.fx, self.pick
        if self.chance(0.08):
            return [str(pick(fx.pids))]
        forms, value = pick([
            ("-p p --pid", self.pid_list), ("-p p --pid", self.pid_list),
            ("-q q --quick-pid", self.pid_list),
            ("-s --sid -g", lambda: pick([str(fx.sid)] * 4 + ["0", "1", "x,", "1,,2"])),
            ("--ppid", lambda: self.pid_list(fx.parents)),
            ("-t t --tty", lambda: pick([fx.tty, "/dev/" + fx.tty, fx.tty.split("/")[-1], "?",
                                         "-", "no-such-tty", fx.tty + ",?"])),
            ("-u -U U --user --User", lambda: pick(["nobody", "65534", "nobody,no-such-user",
                                                    "4294967296"])),
            ("-G --Group --group", lambda: pick(["nogroup", "65534", "no-such-group"]))])
        return self.with_value(forms, value())

    def system_selection(self):
        return self.pick([["-e"], ["-A"], ["ax"], ["a"], ["x"], ["-a"], ["-d"], ["-x"], ["g"],
                          ["r"], ["T"], ["-C", "sleep"], ["-C", "sleep,sh"], ["-u", "root"],
                          ["U", "root"], ["-U", "0"], ["-G", "0"], ["--group", "root"],
                          ["-g", "0"], ["-t", "?"], ["t", "-"], ["--ppid", "1"],
                          ["-N", "-u", self.pick(["root", "4294967296", "no-such-user"])],
                          ["-N", "-p", self.pid_list()], ["--deselect", "-C", "sleep"]])

    def cluster(self, letters, dash, words):
        word = (self.pick(words) if self.chance(0.5)
                else dash + "".join(self.r.sample(letters, self.r.randint(1, 3))))
        if not dash and self.chance(0.08):  # BSD letters then digits: a pid
            word += self.pick(["1", str(self.pick(self.fx.pids))])
        return [word]

    def option(self):
        c = self.r.randint(0, 19)
        if c <= 3:
            return self.cluster(BSD_LETTERS, "", BSD_WORDS)
        if c <= 7:
            return self.cluster(UNIX_LETTERS, "-", UNIX_WORDS)
        if c <= 11:
            return self.with_value("-o o -O O --format", self.fmt())
        if c <= 13:
            if self.chance(0.25):  # BSD O with the old sort letters
                return ["O" + "".join(self.some(lambda: self.pick(["", "", "+", "-"])
                                                + self.pick(OLD_SORT), 3))]
            return self.with_value("--sort k -k", self.sort())
        if c == 14:
            return self.with_value("--cols --columns --width --rows --lines",
                                   self.pick(NUMBERS))
        if c <= 17:
            return [self.pick(FLAGS)]
        if c == 18 and self.chance(0.2):
            return [self.pick(["--help", "-V", "V", "--version", "L", "--info", "--help=all"])]
        return [self.pick(GARBAGE)]

    def env(self):
        rare = self.pick(["CMD_ENV", "_XPG", "I_WANT_A_BROKEN_PS", "LINES", "POSIXLY_CORRECT"])
        return {key: make() for key, p, make in [
            ("LC_ALL", 1, lambda: self.pick(["C", "C.UTF-8"])),
            ("PS_PERSONALITY", 0.6, lambda: self.pick(PERSONALITIES)),
            ("PS_FORMAT", 0.15, self.fmt), ("COLUMNS", 0.4, lambda: self.pick(NUMBERS)),
            ("LIBPROC_HIDE_KERNEL", 0.1, lambda: self.pick(["1", "", "0", "yes"])),
            (rare, 0.05, lambda: self.pick(["1", "bsd", "irix", "", "24"]))] if self.chance(p)}

    def case(self):
        parts, r = [], self.r.random()
        if r < 0.6:
            parts += self.some(self.fixture_selection, 2)
        elif r < 0.88:
            parts.append(self.system_selection())
        parts += [self.option() for _ in range(self.r.randint(0, 3))]
        self.r.shuffle(parts)
        pty = (self.r.randint(10, 60), self.r.randint(20, 250)) if self.chance(0.12) else None
        return Case([w for p in parts for w in p], self.env(), pty)


# ------------------------------------------------------------------ runner ---

class Run:
    def __init__(self, rc, out=b"", err=b"", pid=0):
        self.rc, self.pid = rc, pid
        self.out, self.err = (t.decode("utf-8", "replace") for t in (out, err))


def run(prog, case, cwd):
    """`prog` run as `ps ARGV` (argv[0] is ps) with only PATH and the case's
    environment, stdout piped or on a pty of the case's size."""
    env = dict(case.env, PATH=os.environ.get("PATH", "/usr/bin:/bin"))
    opts = dict(executable=prog, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                cwd=cwd)
    if case.pty is None:
        p = subprocess.Popen(["ps"] + case.argv, stdout=subprocess.PIPE, **opts)
        try:
            out, err = p.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            return Run("timeout", pid=p.pid)
        return Run(p.returncode, out, err, p.pid)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *case.pty, 0, 0))
    p = subprocess.Popen(["ps"] + case.argv, stdout=slave, **opts)
    os.close(slave)
    chunks, end, data = [], time.monotonic() + TIMEOUT, b"-"
    try:
        while data and time.monotonic() < end:
            if select.select([master], [], [], 0.5)[0]:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the slave side is closed everywhere
                    data = b""
                chunks.append(data)
    finally:
        os.close(master)
    if data:
        p.kill()
    err = p.stderr.read()
    p.stderr.close()
    p.wait()
    if data:
        return Run("timeout", pid=p.pid)
    return Run(p.returncode, b"".join(chunks).replace(b"\r\n", b"\n"), err, p.pid)


def ps_message(err):
    """The message of ps' first `error:` line, or of its first line that is
    not a warning (or of its first line)."""
    lines = [l for l in err.splitlines() if l.strip()]
    line = next((l for l in lines if "error: " in l), None) or next(
        (l for l in lines if not re.match(r"warning:|your .* is bogus", l)), (lines or [""])[0])
    return line.split("error: ", 1)[-1].strip().rstrip(".)")


def kps_message(err):
    """kps' message: its first line that is not a warning (procps' own, of a
    bogus screen size, included), less `kps: error: `."""
    lines = [re.sub(r"^(kps: )?(error: )?", "", l) for l in err.splitlines() if l.strip()]
    return next((l for l in lines if not re.match(r"warning:|your .* is bogus", l)),
                (lines or [""])[0])


def mentions(line, pid):
    return re.search(rf"(?<!\d){pid}(?!\d)", line) is not None


def own_rows(out, pids):
    """The rows (header left out) but the program's own, and whether it had
    any: rows that mention one of `pids`, and thread rows (first field `-`)
    right after one."""
    keep, mine, after = [], False, False
    for line in out.splitlines()[1:]:
        if any(mentions(line, p) for p in pids):
            mine = after = True
        elif not (after and line.split()[:1] == ["-"]):
            keep.append(line)
            after = False
    return keep, mine


def thread_m(argv):
    """Whether -m, BSD m or M (threads after their process) is among the options."""
    skip = False
    for word in argv:
        if skip or word.startswith("--"):
            skip = not skip and word in GNU_ARG
            continue
        unix = word.startswith("-")
        letters = word[1:] if unix else word
        for i, ch in enumerate(letters if letters[:1].isalpha() else ""):
            if ch == "m" or ch == "M" and not unix:
                return True
            if ch in (UNIX_ARG if unix else BSD_ARG):
                skip = i == len(letters) - 1
                break
    return False


def compare(case, kps, cwd):
    """Runs ps, kps, ps. Returns (reason it does not count, or None; the
    mismatches as {kind: set of details}; the runs)."""
    ps1, ours, ps2 = run(PS, case, cwd), run(kps, case, cwd), run(PS, case, cwd)
    runs = (ps1, ours, ps2)
    if any(isinstance(r.rc, int) and r.rc < 0 or "caught by ps" in r.err for r in (ps1, ps2)):
        return "procps crash", {}, runs
    if "fix bigness error" in ps1.err + ps1.out:
        return "fix bigness error", {}, runs
    if ps1.rc != ps2.rc or ps1.rc == "timeout":
        return "ps unstable", {}, runs
    if ours.rc == "timeout":
        return None, {"timeout": {"timeout"}}, runs
    kinds = {}
    if ours.rc != ps1.rc:
        kinds["status"] = {f"exit {ps1.rc} vs {ours.rc}"}
    has_err = bool(ps1.err.strip())
    if has_err == bool(ps2.err.strip()) != bool(ours.err.strip()):
        kinds["stderr"] = {"ps has stderr" if has_err else "kps has stderr"}
    if ps1.rc != 0 and ours.rc != 0 and ps_message(ps1.err) not in kps_message(ours.err):
        kinds["message"] = {f"ps: {ps_message(ps1.err)!r}"}  # kps' own shows in its run
    if ps1.out.startswith("ps from procps") or "Usage:\n" in ps1.out:
        return None, kinds, runs  # --version, --help: kps has its own text
    p1, k, p2 = (r.out.splitlines() for r in runs)
    # A first line with digits is a row (no header), maybe of ps itself.
    if p1 and p1[:1] == p2[:1] != k[:1] and not re.search(r"\d", p1[0]):
        kinds["header"] = {"header"}
    me = os.getpid()
    (r1, mine1), (r2, _) = (own_rows(r.out, [r.pid, me]) for r in (ps1, ps2))
    # kps reads /proc in a few threads: their ids follow its pid.
    rk, mine_k = own_rows(ours.out, [ours.pid + i for i in range(4)] + [me])
    self1, self_k, self2 = (any(mentions(l, r.pid) for l in r.out.splitlines()[1:])
                            for r in runs)
    if self1 == self2 != self_k:
        kinds["self"] = {"ps lists itself" if self1 else "kps lists itself"}
    s1, sk, s2 = set(r1), set(rk), set(r2)
    stable = s1 & s2
    # With neither a pid nor a ppid column, the rows of ps and kps themselves
    # cannot be told: allow for them (a process row and its thread rows).
    if len(stable - sk) > (0 if mine1 else 2):
        kinds["missing"] = stable - sk
    if len(sk - s1 - s2) > len(s1 ^ s2) + (0 if mine_k else 4):
        kinds["extra"] = sk - s1 - s2
    # Order among the rows stable to ps and found once in each output.
    counts = [collections.Counter(r) for r in (r1, rk, r2)]
    comparable = {l for l in stable & sk if all(c[l] == 1 for c in counts)}
    o1, ok, o2 = ([l for l in r if l in comparable] for r in (r1, rk, r2))
    if o1 == o2 != ok:
        kinds["order"] = {"order"}
    if thread_m(case.argv) and (not p1 or set(p1[0].split()) & THREAD_GARBAGE):
        kinds = {k: v for k, v in kinds.items() if k not in ROW_KINDS}
    return None, kinds, runs


# ----------------------------------------------------------------- fuzzing ---

def candidates(case):
    """Smaller cases: an environment variable, the pty, two words (an option
    and its value), a word, a list item or a letter of a cluster dropped."""
    argv, env, pty = case.argv, case.env, case.pty
    for key in env:
        yield Case(argv, {k: v for k, v in env.items() if k != key}, pty)
    if pty:
        yield Case(argv, env)
    for n in (2, 1):
        for i in range(len(argv) - n + 1):
            yield Case(argv[:i] + argv[i + n:], env, pty)
    for i, word in enumerate(argv):
        items, dash = word.split(","), word.startswith("-")
        smaller = [",".join(items[:j] + items[j + 1:]) for j in range(len(items))]
        if re.fullmatch(r"-?[A-Za-z]+\d*", word) and len(word) > 1 + dash:
            smaller = [word[:j] + word[j + 1:] for j in range(dash, len(word))]
        for w in smaller if len(smaller) > 1 else []:
            yield Case(argv[:i] + [w] + argv[i + 1:], env, pty)
    items = env.get("PS_FORMAT", "").split(",")
    for j in range(len(items) if len(items) > 1 else 0):
        yield Case(argv, dict(env, PS_FORMAT=",".join(items[:j] + items[j + 1:])), pty)


def signature(kind, case, runs):
    """What the programs said for kinds about exit and stderr, or else the
    shape of the command line (variables without values); digits written N,
    quoted text '…'."""
    ps1, ours, _ = runs
    if kind in ("status", "message", "stderr"):
        text = (f"{kind}: " + (f"ps: {ps_message(ps1.err)}" if ps1.err.strip() else
                               f"ps exit {ps1.rc}") + " | " +
                (f"kps: {kps_message(ours.err)}" if ours.err.strip() else f"kps exit {ours.rc}"))
    else:
        env = "".join(f"{k}=… " for k in sorted(case.env) if k != "LC_ALL")
        text = f"{kind}: {env}ps {shlex.join(case.argv)}" + (" [pty]" if case.pty else "")
    return re.sub(r"\d+", "N", re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", text))


class Fuzzer:
    def __init__(self, kps, cwd, verbose):
        self.kps, self.cwd, self.verbose = kps, cwd, verbose
        self.groups = {}  # signature -> finding
        self.counts = collections.Counter()

    def check(self, case):
        return compare(case, self.kps, self.cwd)

    def persists(self, case, kind, keys, times):
        """`kind` shows in `times` comparisons, with details in common (and
        in common with `keys` but for row kinds, whose rows change)."""
        common = None if kind in ROW_KINDS else set(keys)
        for _ in range(times):
            found = set(self.check(case)[1].get(kind, ()))
            common = found if common is None else common & found
            if not common:
                return False
        return True

    def shrink(self, case, kind, keys):
        times, seen, budget, progress = 2 if kind in ROW_KINDS else 1, {case.key()}, 80, True
        while progress and budget > 0:
            progress = False
            for cand in candidates(case):
                if cand.key() in seen or budget <= 0:
                    continue
                seen.add(cand.key())
                budget -= 1
                if self.persists(cand, kind, keys, times):
                    case, progress = cand, True
                    break
        return case

    def covered(self, case, kind):
        """The signature of a group whose reproducer is part of `case`."""
        words = collections.Counter(case.argv)
        for sig, group in self.groups.items():
            for small, _, _ in group["examples"]:
                if (group["kind"] == kind and not collections.Counter(small.argv) - words
                        and small.env.items() <= case.env.items()
                        and small.pty in (None, case.pty)):
                    return sig
        return None

    def fuzz(self, case):
        excluded, kinds, _ = self.check(case)
        if excluded or not kinds:
            self.counts["excluded: " + excluded if excluded else "same"] += 1
            return
        for _ in range(3):  # reproduce: the same details, three more times
            again = self.check(case)[1]
            kinds = {k: v & set(again.get(k, ())) for k, v in kinds.items()}
        kind = next((k for k in KINDS if kinds.get(k)), None)
        self.counts["transient" if kind is None else "mismatch"] += 1
        if kind is None:
            return
        sig = self.covered(case, kind)
        if sig is None:
            small = self.shrink(case, kind, kinds[kind])
            final = self.check(small)
            if not final[1].get(kind):
                small, final = case, self.check(case)
            sig = signature(kind, small, final[2])
            group = self.groups.setdefault(sig, {"kind": kind, "examples": [], "count": 0})
            if len(group["examples"]) < 3 and small.key() not in [
                    e[0].key() for e in group["examples"]]:
                group["examples"].append((small, case, final))
        self.groups[sig]["count"] += 1
        if self.verbose:
            print(f"  mismatch [{sig}]", file=sys.stderr)


def abbreviate(name, r, lines=4, width=110):
    out = [f"  {name}: exit {r.rc}"]
    for stream, text in (("stdout", r.out), ("stderr", r.err)):
        body = text.splitlines()
        out += [f"    {stream}| {l[:width]}" for l in body[:lines]]
        if len(body) > lines:
            out.append(f"    {stream}| ... ({len(body)} lines)")
    return out


def report(fz, fx, args, elapsed):
    print(f"\nfuzz_ps: seed {args.seed}, {args.cases} cases in {elapsed:.0f}s, kps {args.kps}")
    for what, n in sorted(fz.counts.items()):
        print(f"  {what}: {n}")
    print("fixtures: " + ", ".join(f"{p} {d}" for p, d in fx.desc.items()))
    print(f"{len(fz.groups)} groups of confirmed mismatches")
    for n, (sig, group) in enumerate(fz.groups.items(), 1):
        print(f"\n[{n}] {sig}   ({group['count']} cases)")
        for small, original, _ in group["examples"]:
            print(f"  reproducer: {small.shell()}")
            if original.key() != small.key():
                print(f"    found as: {original.shell()}")
        _, kinds, (ps1, ours, _) = group["examples"][0][2]
        detail = sorted(kinds.get(group["kind"], ()))
        if detail:
            more = f" (+{len(detail) - 1})" if len(detail) > 1 else ""
            print(f"  {group['kind']}: {detail[0][:150]!r}{more}")
        print("\n".join(abbreviate("ps", ps1) + abbreviate("kps", ours)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=random.randrange(1 << 32))
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--kps", default=os.path.join(HERE, "..", "target", "release", "kps"))
    parser.add_argument("--verbose", "-v", action="store_true", help="print every case")
    args = parser.parse_args()
    args.kps = os.path.abspath(args.kps)
    if not os.access(args.kps, os.X_OK):
        sys.exit(f"build first: cargo build --release ({args.kps} not found)")
    listing = subprocess.run([PS, "L"], capture_output=True, text=True, check=True).stdout
    specs = [l.split()[0] for l in listing.splitlines() if l.strip()]
    tmp = tempfile.mkdtemp(prefix="fuzz_ps.")
    cwd, link = os.path.join(tmp, "cwd"), os.path.join(tmp, "ps")
    os.mkdir(cwd)  # empty: no one-letter file stands for a tty
    os.symlink(args.kps, link)
    fx, fz, n = Fixtures(), Fuzzer(link, cwd, args.verbose), 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    started = time.monotonic()
    try:
        fx.start()
        gen = Generator(random.Random(args.seed), specs, fx)
        for n in range(args.cases):
            case = gen.case()
            if args.verbose:
                print(f"case {n}: {case.shell()}", file=sys.stderr)
            fz.fuzz(case)
            if (n + 1) % 50 == 0:
                print(f"... {n + 1} cases, {len(fz.groups)} groups, "
                      f"{time.monotonic() - started:.0f}s", file=sys.stderr)
    except KeyboardInterrupt:  # report what was found so far
        args.cases = n
    finally:
        fx.stop()
        shutil.rmtree(tmp, True)
    report(fz, fx, args, time.monotonic() - started)


if __name__ == "__main__":
    main()
