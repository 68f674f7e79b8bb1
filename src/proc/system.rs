//! Facts about the machine that every row needs, read once per run.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};
use crate::proc::root::ProcRoot;
use crate::render::timefmt::LocalTime;

#[derive(Debug, Clone)]
pub struct SystemInfo {
    /// Clock ticks per second (`USER_HZ`), the unit of stat's times.
    pub ticks_per_sec: u64,
    pub page_size_kib: u64,
    /// Wall-clock boot time, seconds since the epoch (`btime` of /proc/stat).
    pub boot_time: u64,
    /// Seconds since boot, as /proc/uptime says at snapshot time.
    pub uptime: f64,
    /// Seconds since the epoch at snapshot time.
    pub now: i64,
    /// `now` in local time, which every START/STIME cell compares against.
    pub now_local: LocalTime,
    /// `MemTotal` of /proc/meminfo, KiB.
    pub mem_total_kib: u64,
}

impl SystemInfo {
    pub fn read(root: &ProcRoot) -> Result<SystemInfo> {
        let boot_time = read_boot_time(root)?;
        let uptime = read_uptime(root)?;
        let mem_total_kib = read_mem_total_kib(root)?;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Ok(SystemInfo {
            ticks_per_sec: procfs::ticks_per_second().max(1),
            page_size_kib: (procfs::page_size() / 1024).max(1),
            boot_time,
            uptime,
            now,
            now_local: LocalTime::at(now),
            mem_total_kib,
        })
    }

    /// Start time of a process as seconds since the epoch.
    pub fn start_epoch(&self, start_ticks: u64) -> i64 {
        (self.boot_time + start_ticks / self.ticks_per_sec) as i64
    }
}

/// A machine file under the proc root, whose absence makes any listing wrong.
fn read_machine_file(root: &ProcRoot, name: &str) -> Result<(String, String)> {
    let path = root.path(name);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::new(format!("cannot read {path}: {e}")))?;
    Ok((text, path))
}

/// `btime` of /proc/stat: the wall-clock boot time.
fn read_boot_time(root: &ProcRoot) -> Result<u64> {
    let (text, path) = read_machine_file(root, "stat")?;
    text.lines()
        .find_map(|line| line.strip_prefix("btime ")?.trim().parse().ok())
        .ok_or_else(|| Error::new(format!("cannot read the boot time from {path}")))
}

fn read_uptime(root: &ProcRoot) -> Result<f64> {
    let (text, path) = read_machine_file(root, "uptime")?;
    text.split_whitespace()
        .next()
        .and_then(|s| s.parse::<f64>().ok())
        .ok_or_else(|| Error::new(format!("cannot parse {path}")))
}

/// `MemTotal` of /proc/meminfo, in KiB.
fn read_mem_total_kib(root: &ProcRoot) -> Result<u64> {
    let (text, path) = read_machine_file(root, "meminfo")?;
    text.lines()
        .find_map(|line| {
            let value = line.strip_prefix("MemTotal:")?;
            value.split_whitespace().next()?.parse().ok()
        })
        .ok_or_else(|| Error::new(format!("cannot parse {path}")))
}

/// The controlling terminal (stat `tty_nr`, 0 for none) and effective uid of
/// kps itself, from the running system's /proc whatever `--proc` says.
pub fn own_tty_and_euid() -> (i32, u32) {
    let tty = procfs::process::Process::myself()
        .and_then(|p| crate::proc::process::read_stat(&p))
        .map(|s| s.tty_nr)
        .unwrap_or(0);
    // SAFETY: geteuid has no preconditions and cannot fail.
    let euid = unsafe { libc::geteuid() };
    (tty, euid)
}

/// Digits of the largest PID the kernel hands out (`/proc/sys/kernel/pid_max`),
/// 5 if unknown: ps sizes its process-id columns by it. This is the running
/// system's even under `--proc` (the man page says so): pid_max belongs to
/// the reader's PID namespace, and ps' layout is the reader's.
pub fn pid_max_digits() -> usize {
    static DIGITS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *DIGITS.get_or_init(|| {
        std::fs::read_to_string("/proc/sys/kernel/pid_max")
            .ok()
            .map(|s| s.lines().next().unwrap_or("").len())
            .filter(|&n| n > 0)
            .unwrap_or(5)
    })
}

/// The NUMA node of a CPU (from /sys/devices/system/cpu/cpuN/nodeM), -1 when
/// the kernel does not say, as ps shows it with libnuma.
pub fn numa_node_of_cpu(cpu: i32) -> i32 {
    static NODES: std::sync::OnceLock<Vec<i32>> = std::sync::OnceLock::new();
    let nodes = NODES.get_or_init(|| {
        (0..)
            .map_while(|cpu| {
                let dir = std::fs::read_dir(format!("/sys/devices/system/cpu/cpu{cpu}")).ok()?;
                let node = dir
                    .flatten()
                    .filter_map(|entry| {
                        entry
                            .file_name()
                            .to_str()?
                            .strip_prefix("node")?
                            .parse()
                            .ok()
                    })
                    .next();
                Some(node.unwrap_or(-1))
            })
            .collect()
    });
    usize::try_from(cpu)
        .ok()
        .and_then(|cpu| nodes.get(cpu).copied())
        .unwrap_or(-1)
}
