//! Clock times and durations in the forms ps prints them.

/// Broken-down local time, from the C library like ps, so the zone rules
/// (TZ, /etc/localtime) are the same ones ps applies.
#[derive(Debug, Clone, Copy)]
pub struct LocalTime {
    pub year: i32,
    /// 0..=11
    pub month: usize,
    pub mday: i32,
    /// 0..=6, Sunday first
    pub wday: usize,
    pub yday: i32,
    pub hour: i32,
    pub min: i32,
    pub sec: i32,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// strftime's `%b` in the C library's locale (LC_TIME), for each month:
/// ps formats STIME with strftime but STARTED and lstart with ctime, which
/// is English whatever the locale.
fn locale_month_names() -> &'static [String; 12] {
    static NAMES: std::sync::OnceLock<[String; 12]> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        std::array::from_fn(|month| {
            let mut buffer = [0u8; 64];
            // SAFETY: `tm` is plain data, the format is NUL-terminated, and
            // strftime writes at most `buffer.len()` bytes, returning how many.
            let written = unsafe {
                let mut tm: libc::tm = std::mem::zeroed();
                tm.tm_mon = month as libc::c_int;
                libc::strftime(
                    buffer.as_mut_ptr().cast(),
                    buffer.len(),
                    c"%b".as_ptr(),
                    &tm,
                )
            };
            if written == 0 {
                MONTHS[month].to_string()
            } else {
                String::from_utf8_lossy(&buffer[..written]).into_owned()
            }
        })
    })
}

impl LocalTime {
    pub fn at(epoch_secs: i64) -> LocalTime {
        let t = epoch_secs as libc::time_t;
        // SAFETY: `tm` is plain data; localtime_r only writes into it and is
        // thread-safe, unlike localtime.
        let tm = unsafe {
            let mut tm: libc::tm = std::mem::zeroed();
            if libc::localtime_r(&t, &mut tm).is_null() {
                return LocalTime::epoch();
            }
            tm
        };
        LocalTime {
            year: tm.tm_year + 1900,
            month: tm.tm_mon.clamp(0, 11) as usize,
            mday: tm.tm_mday,
            wday: tm.tm_wday.clamp(0, 6) as usize,
            yday: tm.tm_yday,
            hour: tm.tm_hour,
            min: tm.tm_min,
            sec: tm.tm_sec,
        }
    }

    fn epoch() -> LocalTime {
        LocalTime {
            year: 1970,
            month: 0,
            mday: 1,
            wday: 4,
            yday: 0,
            hour: 0,
            min: 0,
            sec: 0,
        }
    }

    /// The English abbreviation, as ctime gives it.
    pub fn month_name(&self) -> &'static str {
        MONTHS[self.month]
    }

    pub fn weekday_name(&self) -> &'static str {
        WEEKDAYS[self.wday]
    }

    /// `%H:%M`
    pub fn hh_mm(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.min)
    }

    /// `%H:%M:%S`
    pub fn hh_mm_ss(&self) -> String {
        format!("{:02}:{:02}:{:02}", self.hour, self.min, self.sec)
    }

    /// strftime's `%b%d`, like `Nov25`, with the locale's month name.
    pub fn mon_dd(&self) -> String {
        format!("{}{:02}", locale_month_names()[self.month], self.mday)
    }

    /// `%a %b %e %H:%M:%S %Y`, the form of `lstart`.
    pub fn long(&self) -> String {
        format!(
            "{} {} {:>2} {} {}",
            self.weekday_name(),
            self.month_name(),
            self.mday,
            self.hh_mm_ss(),
            self.year
        )
    }
}

/// `[DD-]HH:MM:SS`, the form of `time`/`cputime`.
pub fn dd_hh_mm_ss(secs: u64) -> String {
    let (days, rest) = (secs / 86400, secs % 86400);
    let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
    if days > 0 {
        format!("{days}-{h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

/// `[[DD-]HH:]MM:SS`, the form of `etime`.
pub fn elapsed(secs: u64) -> String {
    let (days, rest) = (secs / 86400, secs % 86400);
    let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
    if days > 0 {
        format!("{days}-{h:02}:{m:02}:{s:02}")
    } else if h > 0 {
        format!("{h:02}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// `MMM:SS`, BSD's minutes-and-seconds form of `bsdtime`.
pub fn minutes_seconds(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(dd_hh_mm_ss(0), "00:00:00");
        assert_eq!(dd_hh_mm_ss(86400 + 3661), "1-01:01:01");
        assert_eq!(elapsed(59), "00:59");
        assert_eq!(elapsed(3600), "01:00:00");
        assert_eq!(elapsed(2 * 86400 + 5), "2-00:00:05");
        assert_eq!(minutes_seconds(125), "2:05");
        assert_eq!(minutes_seconds(6000), "100:00");
    }
}
