//! Process, user and group ids, and the names of users and groups.

use std::fmt::Write as _;

use super::printer::*;
use super::row::{EFFECTIVE, FS, REAL, SAVED};
use super::{Role, Row, Value};
use crate::proc::snapshot::Needs;
use crate::render::escape;

pub(super) const PROCS: Printer =
    Printer::of(Needs::NONE, |r| Value::Int(r.proc.pid.into())).key("pid");
pub(super) const TASKS: Printer =
    Printer::of(Needs::NONE, |r| Value::Int(r.proc.tid.into())).key("tid");
pub(super) const PPID: Printer = Printer::of(N, |r| Value::Int(r.proc.stat.ppid.into()));
pub(super) const PGID: Printer =
    Printer::of(N, |r| Value::Int(r.proc.stat.pgrp.into())).key("pgid");
pub(super) const SESS: Printer =
    Printer::of(N, |r| Value::Int(r.proc.stat.session.into())).key("sid");
pub(super) const TPGID: Printer = Printer::of(N, |r| Value::Int(r.proc.stat.tpgid.into()));
pub(super) const NLWP: Printer =
    Printer::of(N, |r| Value::Int(r.proc.stat.num_threads)).key("nlwp");

// The effective uid is also the owner of /proc/PID: no need to read status.
pub(super) const EUID: Printer = Printer::of(Needs::OWNER, |r| id_value(r.uid(EFFECTIVE)))
    .key("uid")
    .role(Role::EffectiveUser);
pub(super) const RUID: Printer = Printer::of(ST, |r| id_value(r.uid(REAL)));
pub(super) const SUID: Printer = Printer::of(ST, |r| id_value(r.uid(SAVED))).key("suid");
pub(super) const FUID: Printer = Printer::of(ST, |r| id_value(r.uid(FS))).key("fsuid");
pub(super) const EGID: Printer = Printer::of(ST, |r| id_value(r.gid(EFFECTIVE))).key("gid");
pub(super) const RGID: Printer = Printer::of(ST, |r| id_value(r.gid(REAL)));
pub(super) const SGID: Printer = Printer::of(ST, |r| id_value(r.gid(SAVED))).key("sgid");
pub(super) const FGID: Printer = Printer::of(ST, |r| id_value(r.gid(FS))).key("fsgid");

pub(super) const USERS: Needs = Needs::USER_NAMES;
pub(super) const EUSER: Printer = user::<EFFECTIVE>(Needs::EFFECTIVE_USER_NAME)
    .key("user")
    .role(Role::EffectiveUser);
pub(super) const RUSER: Printer = user::<REAL>(USERS);
pub(super) const SUSER: Printer = user::<SAVED>(USERS).key("suser");
pub(super) const FUSER: Printer = user::<FS>(USERS).key("fsuser");

pub(super) const GROUPS: Needs = Needs::GROUP_NAMES;
pub(super) const EGROUP: Printer = group::<EFFECTIVE>().key("group");
pub(super) const RGROUP: Printer = group::<REAL>();
pub(super) const SGROUP: Printer = group::<SAVED>().key("sgroup");
pub(super) const FGROUP: Printer = group::<FS>().key("fsgroup");

/// The name of the user of one of a process' four uids (`REAL`,
/// `EFFECTIVE`, `SAVED`, `FS`).
const fn user<const WHICH: usize>(needs: Needs) -> Printer {
    Printer::of(needs, |r| user_value(r, WHICH)).text(|r, room, out| user_text(r, WHICH, room, out))
}

/// The name of the group of one of a process' four gids.
const fn group<const WHICH: usize>() -> Printer {
    Printer::of(GROUPS, |r| group_value(r, WHICH))
        .text(|r, room, out| group_text(r, WHICH, room, out))
}

pub(super) const LUID: Printer = Printer::of(Needs::LOGINUID, |r| match r.proc.extra.loginuid {
    Some(uid) if uid != u32::MAX => id_value(Some(uid)),
    _ => Value::Null,
});

pub(super) const SUPGID: Printer = Printer::of(ST, |r| {
    let groups = r.proc.status.as_ref().map_or(&[][..], |s| &s.groups);
    match groups {
        [] => Value::Null,
        _ => Value::Text(join(groups.iter().map(|g| g.to_string()))),
    }
});
pub(super) const SUPGRP: Printer = Printer::of(Needs::SUPPLEMENTARY_GROUP_NAMES, |r| {
    let groups = r.proc.status.as_ref().map_or(&[][..], |s| &s.groups);
    match groups {
        [] => Value::Null,
        _ => Value::Text(join(groups.iter().map(|&g| group_name(r, g)))),
    }
});

/// Ids print as C's `%d` of the unsigned id.
pub(super) fn id_value(id: Option<u32>) -> Value {
    id.map_or(Value::Null, |id| Value::Int((id as i32).into()))
}

pub(super) fn user_name(r: &Row, uid: u32) -> String {
    r.snap.names.user_or_id(uid)
}

pub(super) fn group_name(r: &Row, gid: u32) -> String {
    r.snap.names.group_or_id(gid)
}

pub(super) fn user_value(r: &Row, which: usize) -> Value {
    r.uid(which)
        .map_or(Value::Null, |uid| Value::Text(user_name(r, uid)))
}

pub(super) fn group_value(r: &Row, which: usize) -> Value {
    r.gid(which)
        .map_or(Value::Null, |gid| Value::Text(group_name(r, gid)))
}

pub(super) fn user_text(r: &Row, which: usize, room: usize, out: &mut String) {
    match r.uid(which) {
        Some(uid) => push_name(out, r, &user_name(r, uid), uid, room),
        None => out.push('?'),
    }
}

pub(super) fn group_text(r: &Row, which: usize, room: usize, out: &mut String) {
    match r.gid(which) {
        Some(gid) => push_name(out, r, &group_name(r, gid), gid, room),
        None => out.push('?'),
    }
}

/// A user or group name as ps prints it: whole if it fits `room`, else cut with
/// a `+` at the end; when the cut would split a multi-byte character ps gives
/// up on the name and prints the number (its test is on the byte at the cut).
pub(super) fn push_name(out: &mut String, r: &Row, name: &str, id: u32, room: usize) {
    if r.opts.numeric {
        let _ = write!(out, "{id}");
        return;
    }
    let shown = escape::escaped(name.as_bytes());
    if crate::render::escape::display_width(&shown) <= room {
        out.push_str(&shown);
    } else if room >= 1 && shown.as_bytes().get(room - 1).is_some_and(|b| *b < 127) {
        out.push_str(&shown[..room - 1]);
        out.push('+');
    } else {
        let _ = write!(out, "{id}");
    }
}

pub(super) fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(",")
}
