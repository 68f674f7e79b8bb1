//! Linux capabilities by name, as capabilities(7) and capsh spell them.

/// Capability N is bit N of the masks in /proc/PID/status.
const NAMES: [&str; 41] = [
    "cap_chown",
    "cap_dac_override",
    "cap_dac_read_search",
    "cap_fowner",
    "cap_fsetid",
    "cap_kill",
    "cap_setgid",
    "cap_setuid",
    "cap_setpcap",
    "cap_linux_immutable",
    "cap_net_bind_service",
    "cap_net_broadcast",
    "cap_net_admin",
    "cap_net_raw",
    "cap_ipc_lock",
    "cap_ipc_owner",
    "cap_sys_module",
    "cap_sys_rawio",
    "cap_sys_chroot",
    "cap_sys_ptrace",
    "cap_sys_pacct",
    "cap_sys_admin",
    "cap_sys_boot",
    "cap_sys_nice",
    "cap_sys_resource",
    "cap_sys_time",
    "cap_sys_tty_config",
    "cap_mknod",
    "cap_lease",
    "cap_audit_write",
    "cap_audit_control",
    "cap_setfcap",
    "cap_mac_override",
    "cap_mac_admin",
    "cap_syslog",
    "cap_wake_alarm",
    "cap_block_suspend",
    "cap_audit_read",
    "cap_perfmon",
    "cap_bpf",
    "cap_checkpoint_restore",
];

/// The names of the capabilities in `mask`, lowest first; a bit newer than
/// kps reads as `cap_N`.
pub fn names_in(mask: u64) -> Vec<String> {
    (0..64)
        .filter(|bit| mask & (1 << bit) != 0)
        .map(|bit| match NAMES.get(bit) {
            Some(name) => name.to_string(),
            None => format!("cap_{bit}"),
        })
        .collect()
}

/// A mask as text: `none`, the names joined by commas, `all` when it holds
/// every capability kps knows, or `all except cap_x` when it lacks only a few.
pub fn text(mask: u64) -> String {
    let all = (1u64 << NAMES.len()) - 1;
    let lacking = all & !mask;
    match mask {
        0 => "none".to_string(),
        m if m & all == all => names_in(m & !all)
            .into_iter()
            .fold("all".to_string(), |text, extra| text + "," + &extra),
        m if m & !all == 0 && lacking.count_ones() <= 8 => {
            format!("all except {}", names_in(lacking).join(","))
        }
        m => names_in(m).join(","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_by_name() {
        assert_eq!(text(0), "none");
        assert_eq!(text((1 << 12) | (1 << 19)), "cap_net_admin,cap_sys_ptrace");
        assert_eq!(text(0x1ff_ffff_ffff), "all");
        assert_eq!(text(0x1ff_feff_ffff), "all except cap_sys_resource");
        assert_eq!(names_in(1 << 50), vec!["cap_50"]);
        assert_eq!(NAMES[40], "cap_checkpoint_restore");
    }
}
