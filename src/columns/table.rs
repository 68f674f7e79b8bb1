//! Every specifier ps accepts, in procps' table order (the order of `ps L`).

use super::command::*;
use super::container::*;
use super::cpu::*;
use super::ids::*;
use super::memory::*;
use super::misc::*;
use super::parallel::*;
use super::printer::Printer;
use super::sched::*;
use super::signals::*;
use super::state::*;
use super::time::*;
use super::tty::*;
use super::{Align, Class, Sort, Spec};

const fn spec(
    name: &'static str,
    header: &'static str,
    width: usize,
    align: Align,
    class: Class,
    printer: Printer,
) -> Spec {
    Spec {
        name,
        key: if printer.key.is_empty() {
            name
        } else {
            printer.key
        },
        header,
        width,
        pid_like: false,
        align,
        class,
        role: printer.role,
        nop: printer.nop,
        needs: printer.needs,
        value: printer.value,
        text: printer.text,
        sort: printer.sort,
        missing: printer.missing,
        own: None,
    }
}

impl Spec {
    const fn pid_like(self) -> Spec {
        Spec {
            pid_like: true,
            ..self
        }
    }

    /// A specifier of kps' own, which procps does not have: `ps L` leaves it
    /// out and the man page lists it with `about`.
    const fn own(self, about: &'static str) -> Spec {
        Spec {
            own: Some(about),
            ..self
        }
    }

    /// The JSON key of a specifier whose printer names none: aliases of
    /// one specifier that prints nothing share one key too.
    const fn key(self, key: &'static str) -> Spec {
        Spec { key, ..self }
    }

    /// procps sorts these by a data item their printer never fetches, so the
    /// sort silently does nothing.
    const fn unsorted(self) -> Spec {
        Spec {
            sort: Sort::Unsorted,
            ..self
        }
    }
}

// The table's shorthand, as in the procps spec: alignment R(ight) L(eft)
// U(ser) X (unlimited text) W(chan) S(ignal); class PO TO ET AN.
const R: Align = Align::Right;
const L: Align = Align::Left;
const U: Align = Align::User;
const X: Align = Align::Text;
const W: Align = Align::Wchan;
const S: Align = Align::Signal;
const PO: Class = Class::ProcessOnly;
const TO: Class = Class::ThreadOnly;
const ET: Class = Class::EveryTime;
const AN: Class = Class::AsNeeded;

/// Every specifier ps accepts, in procps' table order (the order of `ps L`).
pub static SPECS: &[Spec] = &[
    spec("%cpu", "%CPU", 4, R, ET, PCPU),
    spec("%mem", "%MEM", 4, R, PO, PMEM),
    spec("_left", "LLLLLLLL", 8, L, ET, T_LEFT),
    spec("_left2", "L2L2L2L2", 8, L, ET, T_LEFT2),
    spec("_right", "RRRRRRRRRRR", 11, R, ET, T_RIGHT),
    spec("_right2", "R2R2R2R2R2R", 11, R, ET, T_RIGHT2),
    spec("_unlimited", "U", 16, X, ET, T_UNLIMITED),
    spec("_unlimited2", "U2", 16, X, ET, T_UNLIMITED2),
    spec("acflag", "ACFLG", 5, R, AN, NOP).key("acflag"),
    spec("acflg", "ACFLG", 5, R, AN, NOP).key("acflag"),
    spec("addr", "ADDR", 4, R, AN, NOP),
    spec("addr_1", "ADDR", 1, L, AN, NOP),
    spec("ag_id", "AGID", 5, R, AN, AGID),
    spec("ag_nice", "AGNI", 4, R, AN, AGNICE),
    spec("alarm", "ALARM", 5, R, AN, NOP),
    spec("argc", "ARGC", 4, R, PO, NOP),
    spec("args", "COMMAND", 27, X, PO, ARGS),
    spec("atime", "TIME", 8, R, ET, TIME),
    spec("blocked", "BLOCKED", 9, S, TO, SIGMASK),
    spec("bnd", "BND", 1, R, TO, NOP),
    spec("bsdstart", "START", 6, R, ET, BSDSTART),
    spec("bsdtime", "TIME", 6, R, ET, BSDTIME),
    spec("busy", "BUSY", 4, R, PO, BUSY).own(
        "how many of the process' threads were busy (ran at least a tenth of the \
         time) over the --sample or --watch interval; - without one",
    ),
    spec("c", "C", 2, R, ET, C),
    spec("caught", "CAUGHT", 9, S, TO, SIGCATCH),
    spec("cgname", "CGNAME", 27, X, PO, CGNAME),
    spec("cgroup", "CGROUP", 27, X, PO, CGROUP),
    spec("cgroupns", "CGROUPNS", 10, R, ET, CGROUPNS),
    spec("class", "CLS", 3, L, TO, CLASS),
    spec("cls", "CLS", 3, R, TO, CLASS),
    spec("cmaj_flt", "-", 1, R, AN, NOP),
    spec("cmd", "CMD", 27, X, PO, ARGS),
    spec("cmin_flt", "-", 1, R, AN, NOP),
    spec("cnswap", "-", 1, R, AN, NOP),
    spec("comm", "COMMAND", 15, X, PO, COMM),
    spec("command", "COMMAND", 27, X, PO, ARGS),
    spec("container", "CONTAINER", 19, L, ET, CONTAINER).own(
        "the container the process runs in, as RUNTIME:NAME, or RUNTIME:ID (12 hex digits, as \
         docker ps prints it) where the runtime keeps no readable name; - on the host",
    ),
    spec("context", "CONTEXT", 31, L, ET, CONTEXT),
    spec("cores", "CORES", 5, R, ET, CORES).own(
        "the cores the process kept busy, in CPU seconds per second (1.97: two \
         cores' worth) over the --sample or --watch interval; without one, over its life",
    ),
    spec("cp", "CP", 3, R, ET, CP),
    spec("cpu", "CPU", 3, R, AN, NOP),
    spec("cpuid", "CPUID", 5, R, TO, PSR),
    spec("cputime", "TIME", 8, R, ET, TIME),
    spec("cputimes", "TIME", 8, R, ET, TIMES),
    spec("ctid", "CTID", 5, R, ET, NOP),
    spec("cuc", "%CUC", 7, R, AN, UTILIZATION_C),
    spec("cursig", "CURSIG", 6, R, AN, NOP),
    spec("cutime", "-", 1, R, AN, NOP),
    spec("cuu", "%CUU", 6, R, AN, UTILIZATION),
    spec("cwd", "CWD", 3, L, AN, NOP),
    spec("drs", "DRS", 5, R, PO, DRS),
    spec("dsiz", "DSIZ", 4, R, PO, DSIZ),
    spec("egid", "EGID", 5, R, ET, EGID),
    spec("egroup", "EGROUP", 8, U, ET, EGROUP),
    spec("eip", "EIP", 16, R, TO, EIP),
    spec("emul", "EMUL", 13, L, PO, NOP),
    spec("end_code", "E_CODE", 16, R, PO, NOP),
    spec("environ", "ENVIRONMENT", 11, X, PO, NOP),
    spec("esp", "ESP", 16, R, TO, ESP),
    spec("etime", "ELAPSED", 11, R, ET, ETIME),
    spec("etimes", "ELAPSED", 7, R, ET, ETIMES),
    spec("euid", "EUID", 5, R, ET, EUID),
    spec("euser", "EUSER", 8, U, ET, EUSER),
    spec("exe", "EXE", 27, X, PO, EXE),
    spec("f", "F", 1, R, ET, FLAG),
    spec("fgid", "FGID", 5, R, ET, FGID).unsorted(),
    spec("fgroup", "FGROUP", 8, U, ET, FGROUP),
    spec("flag", "F", 1, R, ET, FLAG),
    spec("flags", "F", 1, R, ET, FLAG),
    spec("fname", "COMMAND", 8, L, PO, FNAME),
    spec("fsgid", "FSGID", 5, R, ET, FGID),
    spec("fsgroup", "FSGROUP", 8, U, ET, FGROUP),
    spec("fsuid", "FSUID", 5, R, ET, FUID),
    spec("fsuser", "FSUSER", 8, U, ET, FUSER),
    spec("fuid", "FUID", 5, R, ET, FUID),
    spec("fuser", "FUSER", 8, U, ET, FUSER),
    spec("gid", "GID", 5, R, ET, EGID),
    spec("group", "GROUP", 8, U, ET, EGROUP),
    spec("ignored", "IGNORED", 9, S, TO, SIGIGNORE),
    spec("inblk", "INBLK", 5, R, AN, NOP).key("inblock"),
    spec("inblock", "INBLK", 5, R, AN, NOP).key("inblock"),
    spec("intpri", "PRI", 3, R, TO, OPRI),
    spec("ipcns", "IPCNS", 10, R, ET, IPCNS),
    spec("jid", "JID", 1, R, PO, NOP),
    spec("jobc", "JOBC", 4, R, AN, NOP),
    spec("ktrace", "KTRACE", 8, R, AN, NOP),
    spec("ktracep", "KTRACEP", 8, R, AN, NOP),
    spec("label", "LABEL", 31, L, ET, CONTEXT),
    spec("lastcpu", "C", 3, R, TO, PSR),
    spec("lim", "LIM", 5, R, AN, LIM),
    spec("login", "LOGNAME", 8, L, AN, NOP).key("logname"),
    spec("logname", "LOGNAME", 8, L, AN, NOP).key("logname"),
    spec("longtname", "TTY", 8, L, PO, TTY8),
    spec("lsession", "SESSION", 11, L, ET, SD_SESSION),
    spec("lstart", "STARTED", 24, R, ET, LSTART),
    spec("luid", "LUID", 5, R, ET, LUID),
    spec("luser", "LUSER", 8, U, ET, NOP),
    spec("lwp", "LWP", 5, R, TO, TASKS).pid_like(),
    spec("lxc", "LXC", 8, L, ET, LXCNAME),
    spec("m_drs", "DRS", 5, R, PO, DRS),
    spec("m_dt", "DT", 4, R, PO, NOP),
    spec("m_lrs", "LRS", 5, R, PO, NOP),
    spec("m_resident", "RES", 5, R, PO, NOP).key("resident"),
    spec("m_share", "SHRD", 5, R, PO, NOP),
    spec("m_size", "SIZE", 5, R, PO, M_SIZE),
    spec("m_swap", "SWAP", 5, R, PO, NOP),
    spec("m_trs", "TRS", 5, R, PO, TRS),
    spec("machine", "MACHINE", 31, L, ET, SD_MACHINE),
    spec("maj_flt", "MAJFL", 6, R, AN, MAJFLT),
    spec("majflt", "MAJFLT", 6, R, AN, MAJFLT),
    spec("min_flt", "MINFL", 6, R, AN, MINFLT),
    spec("minflt", "MINFLT", 6, R, AN, MINFLT),
    spec("mntns", "MNTNS", 10, R, ET, MNTNS),
    spec("msgrcv", "MSGRCV", 6, R, AN, NOP),
    spec("msgsnd", "MSGSND", 6, R, AN, NOP),
    spec("mwchan", "MWCHAN", 6, W, TO, NOP),
    spec("netns", "NETNS", 10, R, ET, NETNS),
    spec("ni", "NI", 3, R, TO, NICE),
    spec("nice", "NI", 3, R, TO, NICE),
    spec("nivcsw", "IVCSW", 5, R, AN, NOP),
    spec("nlwp", "NLWP", 4, R, PO, NLWP),
    spec("nsignals", "NSIGS", 5, R, AN, NOP).key("nsignals"),
    spec("nsigs", "NSIGS", 5, R, AN, NOP).key("nsignals"),
    spec("nspid", "NSPID", 5, R, PO, NSPID).pid_like().own(
        "the process ID as the process' own PID namespace sees it (the innermost of NStgid): \
         the PID a ps inside its container shows",
    ),
    spec("nswap", "NSWAP", 5, R, AN, NOP),
    spec("numa", "NUMA", 4, R, AN, NUMA),
    spec("nvcsw", "VCSW", 5, R, AN, NOP),
    spec("nwchan", "WCHAN", 6, R, TO, NOP),
    spec("oom", "OOM", 4, R, TO, OOM),
    spec("oomadj", "OOMADJ", 5, R, TO, OOM_ADJ),
    spec("opri", "PRI", 3, R, TO, OPRI),
    spec("osz", "SZ", 2, R, PO, NOP),
    spec("oublk", "OUBLK", 5, R, AN, NOP).key("oublock"),
    spec("oublock", "OUBLK", 5, R, AN, NOP).key("oublock"),
    spec("ouid", "OWNER", 5, L, ET, SD_OUID),
    spec("p_ru", "P_RU", 6, R, AN, NOP),
    spec("paddr", "PADDR", 6, R, AN, NOP),
    spec("pagein", "PAGEIN", 6, R, AN, MAJFLT),
    spec("pcpu", "%CPU", 4, R, ET, PCPU),
    spec("pending", "PENDING", 9, S, ET, SIG),
    spec("pgid", "PGID", 5, R, PO, PGID).pid_like(),
    spec("pgrp", "PGRP", 5, R, PO, PGID).pid_like(),
    spec("pid", "PID", 5, R, PO, PROCS).pid_like(),
    spec("pidns", "PIDNS", 10, R, ET, PIDNS),
    spec("pmem", "%MEM", 4, R, PO, PMEM),
    spec("poip", "-", 1, R, AN, NOP),
    spec("policy", "POL", 3, L, TO, CLASS),
    spec("ppid", "PPID", 5, R, PO, PPID).pid_like(),
    spec("pri", "PRI", 3, R, TO, PRI),
    spec("pri_api", "API", 3, R, TO, PRI_API),
    spec("pri_bar", "BAR", 3, R, TO, PRI_BAR),
    spec("pri_baz", "BAZ", 3, R, TO, PRI_BAZ),
    spec("pri_foo", "FOO", 3, R, TO, PRI_FOO),
    spec("priority", "PRI", 3, R, TO, PRIORITY),
    spec("prmgrp", "PRMGRP", 12, R, PO, NOP),
    spec("prmid", "PRMID", 12, R, PO, NOP),
    spec("project", "PROJECT", 12, L, PO, NOP),
    spec("projid", "PROJID", 5, R, PO, NOP),
    spec("pset", "PSET", 4, R, TO, NOP),
    spec("psr", "PSR", 3, R, TO, PSR),
    spec("pss", "PSS", 5, R, PO, PSS),
    spec("psxpri", "PPR", 3, R, TO, NOP),
    spec("rbytes", "RBYTES", 5, R, TO, RBYTES),
    spec("rchars", "RCHARS", 5, R, TO, RCHARS),
    spec("re", "RE", 3, R, AN, NOP),
    spec("resident", "RES", 5, R, PO, NOP).key("resident"),
    spec("rgid", "RGID", 5, R, ET, RGID),
    spec("rgroup", "RGROUP", 8, U, ET, RGROUP),
    spec("rlink", "RLINK", 8, R, AN, NOP),
    spec("rops", "ROPS", 5, R, TO, ROPS),
    spec("rss", "RSS", 5, R, PO, RSS),
    spec("rssize", "RSS", 5, R, PO, RSS),
    spec("rsz", "RSZ", 5, R, PO, RSS),
    spec("rtprio", "RTPRIO", 6, R, TO, RTPRIO),
    spec("ruid", "RUID", 5, R, ET, RUID),
    spec("ruser", "RUSER", 8, U, ET, RUSER),
    spec("s", "S", 1, L, TO, STATE),
    spec("sched", "SCH", 3, R, TO, SCHED),
    spec("scnt", "SCNT", 4, R, AN, NOP),
    spec("scount", "SC", 4, R, AN, NOP),
    spec("seat", "SEAT", 11, L, ET, SD_SEAT),
    spec("sess", "SESS", 5, R, PO, SESS).pid_like(),
    spec("session", "SESS", 5, R, PO, SESS).pid_like(),
    spec("sgi_p", "P", 1, R, TO, SGI_P),
    spec("sgi_rss", "RSS", 4, L, PO, RSS),
    spec("sgid", "SGID", 5, R, ET, SGID),
    spec("sgroup", "SGROUP", 8, U, ET, SGROUP),
    spec("share", "-", 1, R, PO, NOP),
    spec("sid", "SID", 5, R, PO, SESS).pid_like(),
    spec("sig", "PENDING", 9, S, ET, SIG),
    spec("sig_block", "BLOCKED", 9, S, TO, SIGMASK),
    spec("sig_catch", "CATCHED", 9, S, TO, SIGCATCH),
    spec("sig_ignore", "IGNORED", 9, S, TO, SIGIGNORE),
    spec("sig_pend", "SIGNAL", 9, S, ET, SIG),
    spec("sigcatch", "CAUGHT", 9, S, TO, SIGCATCH),
    spec("sigignore", "IGNORED", 9, S, TO, SIGIGNORE),
    spec("sigmask", "BLOCKED", 9, S, TO, SIGMASK),
    spec("size", "SIZE", 5, R, PO, SIZE),
    spec("sl", "SL", 3, R, AN, NOP),
    spec("slice", "SLICE", 31, L, ET, SD_SLICE),
    spec("spid", "SPID", 5, R, TO, TASKS).pid_like(),
    spec("stackp", "STACKP", 16, R, PO, STACKP),
    spec("start", "STARTED", 8, R, ET, START),
    spec("start_code", "S_CODE", 16, R, PO, NOP),
    spec("start_stack", "STACKP", 16, R, PO, STACKP),
    spec("start_time", "START", 5, R, ET, STIME),
    spec("stat", "STAT", 4, L, TO, STAT),
    spec("state", "S", 1, L, TO, STATE),
    spec("status", "STATUS", 6, R, AN, NOP),
    spec("stime", "STIME", 5, R, ET, STIME),
    spec("suid", "SUID", 5, R, ET, SUID),
    spec("supgid", "SUPGID", 20, X, PO, SUPGID),
    spec("supgrp", "SUPGRP", 40, X, PO, SUPGRP),
    spec("suser", "SUSER", 8, U, ET, SUSER),
    spec("svgid", "SVGID", 5, R, ET, SGID),
    spec("svgroup", "SVGROUP", 8, U, ET, SGROUP),
    spec("svuid", "SVUID", 5, R, ET, SUID),
    spec("svuser", "SVUSER", 8, U, ET, SUSER),
    spec("systime", "SYSTEM", 6, R, ET, NOP),
    spec("sz", "SZ", 5, R, PO, SZ),
    spec("taskid", "TASKID", 5, R, TO, NOP).pid_like(),
    spec("tdev", "TDEV", 4, R, AN, NOP),
    spec("tgid", "TGID", 5, R, PO, PROCS).pid_like(),
    spec("thcount", "THCNT", 5, R, PO, NLWP),
    spec("tid", "TID", 5, R, TO, TASKS).pid_like(),
    spec("time", "TIME", 8, R, ET, TIME),
    spec("timens", "TIMENS", 10, R, ET, TIMENS),
    spec("timeout", "TMOUT", 5, R, AN, NOP).key("timeout"),
    spec("times", "TIME", 8, R, ET, TIMES),
    spec("tmout", "TMOUT", 5, R, AN, NOP).key("timeout"),
    spec("tname", "TTY", 8, L, PO, TTY8),
    spec("tpgid", "TPGID", 5, R, PO, TPGID).pid_like(),
    spec("trs", "TRS", 4, R, PO, TRS),
    spec("trss", "TRSS", 4, R, PO, TRS),
    spec("tsess", "TSESS", 5, R, PO, NOP)
        .key("tsession")
        .pid_like(),
    spec("tsession", "TSESS", 5, R, PO, NOP)
        .key("tsession")
        .pid_like(),
    spec("tsid", "TSID", 5, R, PO, NOP).pid_like(),
    spec("tsig", "PENDING", 9, S, ET, TSIG),
    spec("tsiz", "TSIZ", 4, R, PO, TSIZ),
    spec("tt", "TT", 8, L, PO, TTY8),
    spec("tty", "TT", 8, L, PO, TTY8),
    spec("tty4", "TTY", 4, L, PO, TTY4).unsorted(),
    spec("tty8", "TTY", 8, L, PO, TTY8),
    spec("u_procp", "UPROCP", 6, R, AN, NOP).key("uprocp"),
    spec("ucmd", "CMD", 15, X, PO, COMM),
    spec("ucomm", "COMMAND", 15, X, PO, COMM),
    spec("uid", "UID", 5, R, ET, EUID),
    spec("uid_hack", "UID", 8, U, ET, EUSER),
    spec("umask", "UMASK", 5, R, AN, NOP),
    spec("uname", "USER", 8, U, ET, EUSER),
    spec("unit", "UNIT", 31, L, ET, SD_UNIT),
    spec("upr", "UPR", 3, R, TO, NOP).key("usrpri"),
    spec("uprocp", "UPROCP", 8, R, AN, NOP).key("uprocp"),
    spec("user", "USER", 8, U, ET, EUSER),
    spec("userns", "USERNS", 10, R, ET, USERNS),
    spec("usertime", "USER", 4, R, ET, NOP),
    spec("usrpri", "UPR", 3, R, TO, NOP).key("usrpri"),
    spec("uss", "USS", 5, R, PO, USS),
    spec("util", "C", 2, R, ET, C),
    spec("utime", "UTIME", 6, R, ET, NOP),
    spec("utsns", "UTSNS", 10, R, ET, UTSNS),
    spec("uunit", "UUNIT", 31, L, ET, SD_UUNIT),
    spec("vm_data", "DATA", 5, R, PO, NOP),
    spec("vm_exe", "EXE", 5, R, PO, NOP),
    spec("vm_lib", "LIB", 5, R, PO, NOP),
    spec("vm_lock", "LCK", 3, R, PO, NOP),
    spec("vm_stack", "STACK", 5, R, PO, NOP),
    spec("vsize", "VSZ", 6, R, PO, VSZ).unsorted(),
    spec("vsz", "VSZ", 6, R, PO, VSZ),
    spec("wbytes", "WBYTES", 5, R, TO, WBYTES),
    spec("wcbytes", "WCBYTES", 5, R, TO, WCBYTES),
    spec("wchan", "WCHAN", 6, W, TO, WCHAN),
    spec("wchars", "WCHARS", 5, R, TO, WCHARS),
    spec("wname", "WCHAN", 6, W, TO, WCHAN),
    spec("wops", "WOPS", 5, R, TO, WOPS),
    spec("xstat", "XSTAT", 5, R, AN, NOP),
    spec("zone", "ZONE", 31, L, ET, CONTEXT),
    spec("zoneid", "ZONEID", 31, R, ET, NOP),
];
