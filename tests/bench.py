#!/usr/bin/env python3
"""Times kps against procps ps, psmisc pstree and fuser, and lsof, on a machine
with thousands of processes, in one run, and prints the ratios (kps time /
reference time). The `who`, `fds` and `show --shared` cases hold their own
fixtures: a listening TCP socket on 127.0.0.1, a process with 10,000
descriptors, and a 1 GiB process with a forked child that rewrote half of it.

Next to each time it prints the peak resident set (ru_maxrss) of kps and of
the reference, and the size of kps' output: kps' memory should follow what it
prints, not the number of processes or descriptors it reads.

Then it measures what a watch costs: CPU per frame of `kps aux --watch` against
`top -b` at the same interval, and the watch's memory over many frames.

Usage: cargo build --release && python3 tests/bench.py [--procs N] [--runs R] [--frames F]
"""
import argparse
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
KPS = os.path.join(HERE, "..", "target", "release", "kps")


def run_once(cmd):
    """Runs `cmd` once, output read and counted; returns the wall time and
    the output's size."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL)
    size = 0
    while chunk := child.stdout.read(1 << 16):
        size += len(chunk)
    child.stdout.close()
    child.wait()
    return time.perf_counter() - start, size


def peak_kib(cmd):
    """The command's peak resident set in KiB, as GNU time reports it. Not
    from our own wait4: exec records the spawning process' high-water mark
    as the child's, so a child of this script never reads below the
    script's own size; time(1) is small and forks the command afresh."""
    with tempfile.NamedTemporaryFile(mode="r") as report:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name] + cmd,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        text = report.read().strip().splitlines()
    return int(text[-1]) if text and text[-1].isdigit() else 0


def timed(cmd, runs):
    """Median wall time of `cmd` over `runs` runs, with its peak RSS (KiB)
    and the largest output (bytes) of those runs."""
    times, sizes = [], []
    for _ in range(runs):
        elapsed, size = run_once(cmd)
        times.append(elapsed)
        sizes.append(size)
    return statistics.median(times), peak_kib(cmd), max(sizes)


def python_child(script):
    """This python running `script` in a session of its own, its stdout a
    pipe to us, on which it says when it is ready."""
    return subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, start_new_session=True)


def many_descriptors(count):
    """A child holding `count` descriptors: files, pipes and socket pairs."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, count + 64))
    script = (
        "import os, resource, socket, sys, time\n"
        f"resource.setrlimit(resource.RLIMIT_NOFILE, ({want}, {hard}))\n"
        f"n = {count}\n"
        "keep = []\n"
        "for i in range(n // 10):\n"
        "    keep.extend(os.pipe())\n"
        "for i in range(n // 20):\n"
        "    keep.extend(socket.socketpair())\n"
        "null = os.open('/dev/null', os.O_RDONLY)\n"
        "while len(os.listdir('/proc/self/fd')) < n:\n"
        "    keep.append(os.dup(null))\n"
        "print('ready', flush=True)\n"
        "time.sleep(3600)\n"
    )
    child = python_child(script)
    child.stdout.readline()
    return child


def forked_gigabyte():
    """A parent that writes 1 GiB and forks a child that rewrites half of it;
    returns the parent and the child's PID."""
    script = (
        "import mmap, os, time\n"
        "size = 1 << 30\n"
        "m = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)\n"
        "for off in range(0, size, 4096):\n"
        "    m[off] = 1\n"
        "if os.fork() == 0:\n"
        "    for off in range(0, size // 2, 4096):\n"
        "        m[off] = 2\n"
        "    print(os.getpid(), flush=True)\n"
        "    time.sleep(3600)\n"
        "time.sleep(3600)\n"
    )
    parent = python_child(script)
    return parent, parent.stdout.readline().decode().strip()


def cpu_per_frame(cmd, frames):
    """CPU time (user + system) the command spends per frame, output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return used / frames


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def watch_costs(frames):
    """A watch runs for hours: its CPU per frame against top's, and its memory
    after 100 frames and after `frames` frames."""
    count = 20
    mine = cpu_per_frame([KPS, "aux", "--watch=0.2", "--count", str(count)], count)
    top = cpu_per_frame(["top", "-b", "-d", "0.2", "-n", str(count)], count)
    print(f"\n{'watch, CPU per frame (user+sys)':40} {'kps ms':>9} {'top ms':>9} {'ratio':>7}")
    print(f"{'aux --watch=0.2 vs top -b -d 0.2':40} {mine * 1000:9.1f} {top * 1000:9.1f}"
          f" {mine / top:7.2f}")

    # Frames are read as they come; the RSS is sampled at frame 100 and at the last.
    child = subprocess.Popen([KPS, "-eo", "pid,comm,rss", "--watch=0.1", "--count", str(frames)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    seen, early, late = 0, 0, 0
    for line in child.stdout:
        if line.startswith(b"--- "):
            seen += 1
            if seen == min(100, frames):
                early = rss_kib(child.pid)
            if seen == frames:
                late = rss_kib(child.pid)
    child.wait()
    print(f"\nwatch memory: RSS {early} KiB at frame 100, {late} KiB at frame {frames}"
          f" ({(late - early) / max(early, 1) * 100:+.1f}%)")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--procs", type=int, default=4000, help="extra processes to start")
    parser.add_argument("--runs", type=int, default=11, help="runs per command (median)")
    parser.add_argument("--frames", type=int, default=1000,
                        help="frames of the watch whose memory is followed")
    args = parser.parse_args()
    if not os.access(KPS, os.X_OK):
        sys.exit(f"build first: cargo build --release ({KPS} not found)")

    sleepers = [
        subprocess.Popen(["sleep", "600"], stdin=subprocess.DEVNULL, start_new_session=True)
        for _ in range(args.procs)
    ]
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = str(listener.getsockname()[1])
    holder = many_descriptors(10000)
    gigabyte, gigabyte_child = forked_gigabyte()
    try:
        total = sum(1 for e in os.listdir("/proc") if e.isdigit())
        probe = str(sleepers[len(sleepers) // 2].pid) if sleepers else "1"
        cases = [
            ("aux", [KPS, "aux"], ["ps", "aux"]),
            ("-ef", [KPS, "-ef"], ["ps", "-ef"]),
            ("-eo pid,ppid,rss,comm --sort=-rss", [KPS, "-eo", "pid,ppid,rss,comm", "--sort=-rss"],
             ["ps", "-eo", "pid,ppid,rss,comm", "--sort=-rss"]),
            ("-p PID", [KPS, "-p", probe], ["ps", "-p", probe]),
            ("tree vs pstree -p", [KPS, "tree"], ["pstree", "-p"]),
            # PSS totals cost one read of each smaps_rollup, spread over the cores.
            ("tree --totals=pss,uss vs cat smaps_rollup", [KPS, "tree", "--totals=pss,uss"],
             ["sh", "-c", "cat /proc/[0-9]*/smaps_rollup"]),
            ("who :PORT vs lsof -n -P -i :PORT", [KPS, "who", ":" + port],
             ["lsof", "-n", "-P", "-i", ":" + port]),
            ("who :PORT vs fuser -n tcp PORT", [KPS, "who", ":" + port],
             ["fuser", "-n", "tcp", port]),
            ("who /tmp vs fuser /tmp", [KPS, "who", "/tmp"], ["fuser", "/tmp"]),
            ("who /tmp vs lsof /tmp", [KPS, "who", "/tmp"], ["lsof", "/tmp"]),
            ("fds PID (10,000 fds) vs lsof -p PID", [KPS, "fds", str(holder.pid)],
             ["lsof", "-p", str(holder.pid)]),
            # The pagemap of both processes over 1 GiB of mappings, against the
            # kernel's own walk of the child's page tables.
            ("show --shared (1 GiB) vs cat smaps", [KPS, "show", "--shared", gigabyte_child],
             ["cat", f"/proc/{gigabyte_child}/smaps"]),


            # --match costs little over the same listing without it.
            ("aux --match . vs kps aux", [KPS, "aux", "--match", "."], [KPS, "aux"]),
        ]
        print(f"{total} processes, median of {args.runs} runs each; peak RSS and output"
              " are from one more run under /usr/bin/time\n")
        print(f"{'command':40} {'kps ms':>9} {'ref ms':>9} {'ratio':>7}"
              f" {'kps MiB':>8} {'ref MiB':>8} {'out KiB':>9}")
        for name, ours, reference in cases:
            mine, peak, size = timed(ours, args.runs)
            theirs, ref_peak, _ = timed(reference, args.runs)
            print(f"{name:40} {mine * 1000:9.1f} {theirs * 1000:9.1f} {mine / theirs:7.2f}"
                  f" {peak / 1024:8.1f} {ref_peak / 1024:8.1f} {size / 1024:9.1f}")
        watch_costs(args.frames)
    finally:
        listener.close()
        holder.kill()
        holder.wait()
        os.killpg(gigabyte.pid, signal.SIGKILL)
        gigabyte.wait()
        for child in sleepers:
            child.send_signal(signal.SIGKILL)
        for child in sleepers:
            child.wait()


if __name__ == "__main__":
    main()
