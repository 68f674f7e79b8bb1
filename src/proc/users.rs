//! uid/gid to names, resolved once per distinct id.

use std::collections::HashMap;

/// User and group names for the ids of one snapshot. Filled before rendering so
/// the formatters can borrow names without locking or re-querying the database.
#[derive(Default, Debug)]
pub struct Names {
    users: HashMap<u32, Option<String>>,
    groups: HashMap<u32, Option<String>>,
}

impl Names {
    pub fn add_user(&mut self, uid: u32) {
        self.users.entry(uid).or_insert_with(|| {
            users::get_user_by_uid(uid).map(|u| u.name().to_string_lossy().into_owned())
        });
    }

    pub fn add_group(&mut self, gid: u32) {
        self.groups.entry(gid).or_insert_with(|| {
            users::get_group_by_gid(gid).map(|g| g.name().to_string_lossy().into_owned())
        });
    }

    /// The user name of `uid`; `None` when it has none (or was never added).
    pub fn user(&self, uid: u32) -> Option<&str> {
        self.users.get(&uid).and_then(|n| n.as_deref())
    }

    pub fn group(&self, gid: u32) -> Option<&str> {
        self.groups.get(&gid).and_then(|n| n.as_deref())
    }
}

/// The uid for a user given by name or number, as `-u`/`U` accept it.
pub fn uid_of(name: &str) -> Option<u32> {
    if let Some(user) = users::get_user_by_name(name) {
        return Some(user.uid());
    }
    name.parse().ok()
}

/// The gid for a group given by name or number, as `-g`/`-G` accept it.
pub fn gid_of(name: &str) -> Option<u32> {
    if let Some(group) = users::get_group_by_name(name) {
        return Some(group.gid());
    }
    name.parse().ok()
}
