//! The arguments of the one-process views: `kps show`, `kps fds`, `kps env`.

use std::path::PathBuf;

use clap::Args;

use super::watch_args::{WatchArgs, parse_sample};
use crate::render::color::ColorChoice;

/// What every one-process view takes: the processes, and when to colour.
#[derive(Debug, Args)]
pub struct ProcessArgs {
    /// Processes to inspect.
    #[arg(value_name = "PID", required = true, value_parser = parse_pid)]
    pub pids: Vec<i32>,

    /// When to colour output: headers, states, high %CPU and %MEM, your own
    /// processes, the same scheme in every view (see COLOUR in kps(1)).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t)]
    pub color: ColorChoice,

    /// Read processes from this mount of the proc file system instead of
    /// /proc, such as a host's /proc mounted in a container. User and
    /// terminal names still come from the running system.
    #[arg(long = "proc", value_name = "DIR", default_value = "/proc")]
    pub proc_root: PathBuf,
}

/// A PID as a word of its own, refused in the words `ps -p` refuses it with.
pub fn parse_pid(word: &str) -> Result<i32, String> {
    let digits = word.strip_prefix('-').unwrap_or(word);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("process ID list syntax error: '{word}'"));
    }
    word.parse::<i32>()
        .ok()
        .filter(|&pid| pid > 0)
        .ok_or_else(|| format!("process ID out of range: '{word}'"))
}

/// Show one process in full, section by section.
///
/// Sections: identity, command, state, CPU, memory (PSS, USS, shared vs
/// private), threads, children, file descriptors, signals, limits, cgroup and
/// namespaces. Fields the caller may not read say `permission denied`.
/// A thread's id (a TID, as `ps -L` lists it) shows that thread's own name,
/// state and CPU time first, then its process.
#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub target: ProcessArgs,

    /// Print one JSON array, an object per process; keys are the JSON keys of
    /// ps' specifiers where ps has one (uid, nice, start). Unreadable fields
    /// are null and listed under `permission_denied`.
    #[arg(long)]
    pub json: bool,

    /// Add a section on the memory shared with the parent since fork: how much
    /// of the resident memory is the very same physical pages as the parent's
    /// (never written since the fork), how much was written and so copied, and
    /// how much is the process' own (where the parent has nothing), with huge
    /// pages and swapped pages apart. Compares the frame numbers in
    /// /proc/PID/pagemap, which needs CAP_SYS_ADMIN; without it the section
    /// gives smaps' shared and private figures, marked as an estimate.
    #[arg(long)]
    pub shared: bool,

    /// Add a section on parallelism, measured over MS milliseconds (200 by
    /// default; under --watch, which adds it too, over each interval between
    /// frames): the cores used, in CPU seconds per second (2.00 is two cores
    /// kept busy the whole time, what top shows as 200%), how many threads
    /// were busy (ran at least a tenth of the time), and per thread its %CPU
    /// and the core it last ran on. Python threads that hold the GIL share
    /// about one core however many of them are busy.
    #[arg(long, value_name = "MS", num_args = 0..=1, require_equals = true,
          default_missing_value = "200", value_parser = parse_sample)]
    pub sample: Option<u64>,

    #[command(flatten)]
    pub watch: WatchArgs,
}

/// List open file descriptors and what they point at, like `lsof -p`.
///
/// First the files used without a descriptor, named as lsof names them: the
/// working directory (cwd), root (rtd), executable (txt) and each mapped file
/// (mem). Then one line per descriptor: its number, access mode (r, w, rw) and
/// flags from fdinfo, its kind, the file position, and what it points at.
/// Pipes, FIFOs and sockets connected on this host name the processes holding
/// the other end (`<-> PID NAME fd N`); TCP and UDP sockets show their
/// addresses and state. A link that may not be read shows `(permission denied)`.
/// A kernel thread or a zombie has no open files: that is said on stderr,
/// with exit status 1.
#[derive(Debug, Args)]
pub struct FdsArgs {
    #[command(flatten)]
    pub target: ProcessArgs,

    /// Print one JSON array, an object per process: its pid, comm,
    /// a `files` array (cwd, rtd, txt, mem) and a `fds` array of its descriptors.
    #[arg(long)]
    pub json: bool,
}

/// Print the environment of processes, one `VAR=value` per line.
///
/// Variables come in the process' own order. Control characters and bytes that
/// are not UTF-8 print as `?`, so a value cannot drive the terminal. With several
/// PIDs, each block starts with a `PID N (name)` line.
/// A kernel thread, a zombie or an empty environment prints nothing: that is
/// said on stderr, with exit status 1.
#[derive(Debug, Args)]
pub struct EnvArgs {
    #[command(flatten)]
    pub target: ProcessArgs,

    /// Print the raw bytes, each variable ended by a NUL, for scripts.
    /// With several PIDs an empty entry (a second NUL) ends each process.
    #[arg(short = '0', long = "null", conflicts_with = "json")]
    pub null: bool,

    /// Print one JSON array, an object per process: its pid, comm
    /// and an `environ` object of the variables in the process' order.
    #[arg(long)]
    pub json: bool,
}
