//! `PS_PERSONALITY`: the other Unix flavours ps can imitate.
//!
//! A personality changes how options are read (`-x`, BSD `h`, `m`, `g`, all
//! options as BSD), the default selection and format, and the lists behind the
//! format letters. Every name procps 4.0.2 knows is in [`NAMES`]; any other
//! name, like no name at all, is the default.

/// What BSD `m` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BsdM {
    /// Threads after each process.
    Threads,
    /// Sort by %MEM (FreeBSD).
    SortByMemory,
    /// The old Linux memory format.
    MemoryFormat,
}

/// What UNIX `-x` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DashX {
    /// An error, which makes ps read the command line again as BSD (`x`).
    Unsupported,
    /// HP-UX: whole command lines, as wide as they are.
    LongCommands,
    /// SVR4: like `-y`.
    NoFlags,
}

/// The lists behind BSD `j`, `l`, `s`, `u`, `v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BsdLists {
    pub jobs: &'static str,
    pub long: &'static str,
    pub signal: &'static str,
    pub user: &'static str,
    pub virtual_memory: &'static str,
}

/// Fixed lists for `-f`, `-f -l`, `-j`, `-l`; `None` builds the list from the
/// UNIX flags and modifiers. A personality with a `-j` list makes `-j` a
/// format of its own rather than a modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SysvLists {
    pub full: Option<&'static str>,
    pub full_long: Option<&'static str>,
    pub jobs: Option<&'static str>,
    pub long: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Personality {
    /// Every option is read as BSD, dash or not.
    pub all_bsd: bool,
    /// BSD defaults for selection and format before any option is read.
    pub prefer_bsd: bool,
    /// BSD `h` repeats the header instead of hiding it.
    pub h_repeats_headers: bool,
    pub bsd_m: BsdM,
    /// BSD `g` (session leaders too) is implied, as everywhere but SunOS 4.
    pub implicit_g: bool,
    pub dash_x: DashX,
    /// `-l` shows the processor (`P`) instead of ADDR.
    pub processor_for_addr: bool,
    /// `-f` shows USER instead of UID.
    pub user_for_uid: bool,
    /// IRIX `-l`: PRI is the kernel priority, and `SZ:RSS` follows SZ.
    pub irix_long: bool,
    pub bsd_lists: BsdLists,
    pub sysv_lists: SysvLists,
}

const OLD_LINUX: BsdLists = BsdLists {
    jobs: "ppid,pid,pgid,sid,tname,tpgid,stat,uid,bsdtime,args",
    long: "flags,uid,pid,ppid,priority,nice,vsz,rss,wchan,stat,tname,bsdtime,args",
    signal: "uid,pid,pending,sig_block,sig_ignore,caught,stat,tname,bsdtime,args",
    user: "user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args",
    virtual_memory: "pid,tname,stat,bsdtime,maj_flt,m_trs,m_drs,rss,pmem,args",
};

/// FreeBSD's lists; FreeBSD has no `s`, so it stays the old Linux one.
const FREEBSD: BsdLists = BsdLists {
    jobs: "user,pid,ppid,pgid,sess,jobc,stat,tt,time,command",
    long: "uid,pid,ppid,cpu,pri,nice,vsz,rss,wchan,stat,tt,time,command",
    user: "user,pid,pcpu,pmem,vsz,rss,tt,stat,start,time,command",
    virtual_memory: "pid,stat,time,sl,re,pagein,vsz,rss,lim,tsiz,pcpu,pmem,command",
    ..OLD_LINUX
};

const DIGITAL_JOBS: &str = "user,pid,ppid,pgid,sess,jobc,state,tname,cputime,command";

const DIGITAL: BsdLists = BsdLists {
    jobs: DIGITAL_JOBS,
    long: "uid,pid,ppid,cp,pri,nice,vsz,rss,wchan,state,tname,cputime,command",
    signal: "uid,pid,cursig,sig,sigmask,sigignore,sigcatch,stat,tname,command",
    user: "uname,pid,pcpu,pmem,vsz,rss,tt,state,start,time,command",
    virtual_memory: "pid,tt,state,time,sl,pagein,vsz,rss,pcpu,pmem,command",
};

/// The old Linux `m` memory format.
pub const MEMORY_LIST: &str =
    "pid,tname,majflt,minflt,m_trs,m_drs,m_size,m_swap,rss,m_share,vm_lib,m_dt,args";
/// The old Linux i386 `X` register format.
pub const REGISTERS_LIST: &str = "pid,stackp,esp,eip,tmout,alarm,stat,tname,bsdtime,args";
/// Old Debian `-j -l` and `-j -f`, whatever the personality's `-j` list.
pub const DEBIAN_LONG_JOBS: &str =
    "flags,state,uid,pid,ppid,priority,nice,wchan,tname,bsdtime,pgid,sid,comm";
pub const DEBIAN_FULL_JOBS: &str = "uid,pid,ppid,start_time,tname,bsdtime,pgid,sid,args";

const GENERATED: SysvLists = SysvLists {
    full: None,
    full_long: None,
    jobs: None,
    long: None,
};

pub const DEFAULT: Personality = Personality {
    all_bsd: false,
    prefer_bsd: false,
    h_repeats_headers: false,
    bsd_m: BsdM::Threads,
    implicit_g: true,
    dash_x: DashX::Unsupported,
    processor_for_addr: false,
    user_for_uid: false,
    irix_long: false,
    bsd_lists: OLD_LINUX,
    sysv_lists: GENERATED,
};

const BSD: Personality = Personality {
    all_bsd: true,
    prefer_bsd: true,
    h_repeats_headers: true,
    bsd_m: BsdM::SortByMemory,
    bsd_lists: FREEBSD,
    ..DEFAULT
};

const OLD: Personality = Personality {
    all_bsd: true,
    prefer_bsd: true,
    bsd_m: BsdM::MemoryFormat,
    ..DEFAULT
};

const DEBIAN: Personality = Personality {
    prefer_bsd: true,
    bsd_m: BsdM::MemoryFormat,
    sysv_lists: SysvLists {
        full: Some("uid,pid,ppid,start_time,tname,bsdtime,args"),
        jobs: Some("pid,tname,state,bsdtime,pgid,sid,comm"),
        long: Some("flags,state,uid,pid,ppid,priority,nice,wchan,tname,bsdtime,comm"),
        ..GENERATED
    },
    ..DEFAULT
};

const LINUX: Personality = Personality {
    processor_for_addr: true,
    user_for_uid: true,
    ..DEFAULT
};

const AIX: Personality = Personality {
    bsd_lists: FREEBSD,
    ..DEFAULT
};

const DIGITAL_UNIX: Personality = Personality {
    prefer_bsd: true,
    h_repeats_headers: true,
    bsd_lists: DIGITAL,
    sysv_lists: SysvLists {
        full: Some("uname,pid,ppid,c,start,tname,time,cmd"),
        full_long: Some("f,state,uid,pid,ppid,pcpu,pri,nice,rss,wchan,start,time,command"),
        jobs: Some(DIGITAL_JOBS),
        long: Some("f,state,uid,pid,ppid,c,pri,nice,addr,sz,wchan,tt,time,ucmd"),
    },
    ..DEFAULT
};

const SUNOS4: Personality = Personality {
    prefer_bsd: true,
    implicit_g: false,
    bsd_lists: FREEBSD,
    ..DEFAULT
};

const IRIX: Personality = Personality {
    irix_long: true,
    ..DEFAULT
};

const OS390: Personality = Personality {
    sysv_lists: SysvLists {
        jobs: Some("pid,sid,pgrp,tname,atime,args"),
        ..GENERATED
    },
    ..DEFAULT
};

const HPUX: Personality = Personality {
    dash_x: DashX::LongCommands,
    ..DEFAULT
};

const SVR4: Personality = Personality {
    dash_x: DashX::NoFlags,
    ..DEFAULT
};

/// Every personality name procps knows, matched without regard to case.
pub const NAMES: &[(&str, Personality)] = &[
    ("390", OS390),
    ("aix", AIX),
    ("bsd", BSD),
    ("compaq", DIGITAL_UNIX),
    ("debian", DEBIAN),
    ("default", DEFAULT),
    ("digital", DIGITAL_UNIX),
    ("gnu", DEBIAN),
    ("hp", HPUX),
    ("hpux", HPUX),
    ("irix", IRIX),
    ("linux", LINUX),
    ("old", OLD),
    ("os390", OS390),
    ("posix", DEFAULT),
    ("s390", OS390),
    ("sco", SVR4),
    ("sgi", IRIX),
    ("solaris2", DEFAULT),
    ("sunos4", SUNOS4),
    ("svr4", SVR4),
    ("sysv", SVR4),
    ("tru64", DIGITAL_UNIX),
    ("unix", DEFAULT),
    ("unix95", DEFAULT),
    ("unix98", DEFAULT),
    ("unknown", DEFAULT),
];

impl Default for Personality {
    fn default() -> Personality {
        DEFAULT
    }
}

impl Personality {
    /// From `PS_PERSONALITY`, else `CMD_ENV`; `I_WANT_A_BROKEN_PS` forces `old`.
    pub fn from_env() -> Personality {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let name = if std::env::var_os("I_WANT_A_BROKEN_PS").is_some() {
            Some("old".to_string())
        } else {
            var("PS_PERSONALITY").or_else(|| var("CMD_ENV"))
        };
        Personality::named(name.as_deref().unwrap_or("unknown"), var("_XPG").as_deref())
    }

    /// The personality called `name`; `xpg` is `$_XPG`, which turns IRIX's
    /// quirks off when it starts with a digit from 1 to 9.
    pub fn named(name: &str, xpg: Option<&str>) -> Personality {
        let found = NAMES
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map_or(DEFAULT, |(_, personality)| *personality);
        let xpg_mode = xpg.is_some_and(|x| x.starts_with(|c: char| ('1'..='9').contains(&c)));
        if found.irix_long && xpg_mode {
            DEFAULT
        } else {
            found
        }
    }

    /// What BSD `m` means when the whole command line is read as BSD: procps
    /// prefers the old Linux memory format over threads there.
    pub fn bsd_m_when_all_bsd(&self) -> BsdM {
        match self.bsd_m {
            BsdM::Threads => BsdM::MemoryFormat,
            other => other,
        }
    }

    /// `-j` selects a format of its own instead of adding PGID and SID.
    pub fn jobs_is_format(&self) -> bool {
        self.sysv_lists.jobs.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_case_insensitive_and_unknown_is_default() {
        assert_eq!(Personality::named("BsD", None), BSD);
        assert_eq!(Personality::named("no-such", None), DEFAULT);
        assert_eq!(Personality::named("", None), DEFAULT);
    }

    #[test]
    fn xpg_turns_irix_off() {
        assert!(Personality::named("sgi", None).irix_long);
        assert!(!Personality::named("irix", Some("1")).irix_long);
        assert!(Personality::named("irix", Some("0")).irix_long);
    }

    #[test]
    fn table_is_sorted_and_complete() {
        assert_eq!(NAMES.len(), 27);
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
