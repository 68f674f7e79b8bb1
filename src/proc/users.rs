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

    /// The name ps shows for `uid`; `None` when it has none (or was never
    /// added), and ps shows the number.
    pub fn user(&self, uid: u32) -> Option<&str> {
        shown(self.users.get(&uid))
    }

    /// The name ps shows for `gid`, as [`Names::user`].
    pub fn group(&self, gid: u32) -> Option<&str> {
        shown(self.groups.get(&gid))
    }

    /// The user name of `uid`, or the number when it has none.
    pub fn user_or_id(&self, uid: u32) -> String {
        self.user(uid)
            .map_or_else(|| uid.to_string(), str::to_string)
    }

    /// The group name of `gid`, or the number when it has none.
    pub fn group_or_id(&self, gid: u32) -> String {
        self.group(gid)
            .map_or_else(|| gid.to_string(), str::to_string)
    }
}

/// procps' name cache holds names of up to 32 bytes and shows longer ones,
/// like ids without a name, as the number.
const MAX_NAME: usize = 32;

fn shown(name: Option<&Option<String>>) -> Option<&str> {
    name.and_then(Option::as_deref)
        .filter(|name| name.len() <= MAX_NAME)
}

/// The uid for a user given by number or name, as `-u`/`U` accept it: a
/// number is a uid even when some user has it as a name, as in procps.
pub fn uid_of(name: &str) -> Option<u32> {
    name.parse()
        .ok()
        .or_else(|| users::get_user_by_name(name).map(|user| user.uid()))
}

/// The gid for a group given by number or name, as `-g`/`-G` accept it.
pub fn gid_of(name: &str) -> Option<u32> {
    name.parse()
        .ok()
        .or_else(|| users::get_group_by_name(name).map(|group| group.gid()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_show_as_numbers() {
        let mut names = Names::default();
        names.users.insert(1, Some("a".repeat(32)));
        names.users.insert(2, Some("b".repeat(33)));
        names.groups.insert(3, None);
        assert_eq!(names.user(1), Some("a".repeat(32).as_str()));
        assert_eq!(names.user_or_id(2), "2");
        assert_eq!(names.group_or_id(3), "3");
        assert_eq!(names.user(4), None);
    }

    #[test]
    fn numbers_are_ids_before_names() {
        assert_eq!(uid_of("0"), Some(0));
        assert_eq!(uid_of("root"), Some(0));
        assert_eq!(gid_of("4294967294"), Some(4_294_967_294));
        assert_eq!(uid_of("kps-no-such-user"), None);
    }
}
