//! Signal numbers and the masks of /proc/PID/status, decoded to names.

/// `(libc::NAME, "NAME")` for each name: a signal is named as its constant.
macro_rules! by_name {
    ($($name:ident),* $(,)?) => {
        &[$((libc::$name, stringify!($name))),*]
    };
}

/// The classic signals, numbered as on this architecture.
const CLASSIC: &[(i32, &str)] = by_name![
    SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGKILL, SIGUSR1, SIGSEGV,
    SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGSTKFLT, SIGCHLD, SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN,
    SIGTTOU, SIGURG, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGWINCH, SIGIO, SIGPWR, SIGSYS,
];

/// glibc keeps 32 and 33 for its threads, so the SIGRTMIN that programs and
/// `kill -l` use is 34.
const RTMIN: u32 = 34;
const RTMAX: u32 = 64;

/// The name of signal `number`, as `kill -l` spells it.
pub fn name(number: u32) -> String {
    if let Some((_, name)) = CLASSIC
        .iter()
        .find(|(n, _)| u32::try_from(*n).is_ok_and(|n| n == number))
    {
        return (*name).to_string();
    }
    match number {
        RTMIN => "SIGRTMIN".to_string(),
        RTMAX => "SIGRTMAX".to_string(),
        n if n > RTMIN && n <= (RTMIN + RTMAX) / 2 => format!("SIGRTMIN+{}", n - RTMIN),
        n if n > RTMIN && n < RTMAX => format!("SIGRTMAX-{}", RTMAX - n),
        n => format!("SIG{n}"),
    }
}

/// The names of the signals set in a status mask (bit N-1 stands for signal N),
/// in increasing signal order.
pub fn names_in(mask: u64) -> Vec<String> {
    (1..=64u32)
        .filter(|n| mask & (1u64 << (n - 1)) != 0)
        .map(name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_decode_to_names() {
        let mask = 1 << (libc::SIGTERM - 1) | 1 << (libc::SIGUSR1 - 1) | 1 << (libc::SIGHUP - 1);
        assert_eq!(names_in(mask), ["SIGHUP", "SIGUSR1", "SIGTERM"]);
        assert!(names_in(0).is_empty());
    }

    #[test]
    fn realtime_signals_are_named_like_kill_l() {
        assert_eq!(name(34), "SIGRTMIN");
        assert_eq!(name(35), "SIGRTMIN+1");
        assert_eq!(name(49), "SIGRTMIN+15");
        assert_eq!(name(50), "SIGRTMAX-14");
        assert_eq!(name(64), "SIGRTMAX");
        assert_eq!(name(32), "SIG32");
    }
}
