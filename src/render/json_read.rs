//! Reading JSON that container runtimes keep on disk (their records of
//! container names), into kps' own [`Json`] values. Numbers are kept only as
//! far as kps needs them: whole numbers as integers, the rest as floats.

use super::json::Json;

/// The value `text` holds; `None` if it is not JSON (a record cut short while
/// its runtime rewrote it reads as none). serde_json refuses nesting deeper
/// than 128 levels rather than recursing into it.
pub fn parse(text: &str) -> Option<Json> {
    serde_json::from_str(text).ok().map(from_value)
}

fn from_value(value: serde_json::Value) -> Json {
    use serde_json::Value;
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(b),
        Value::Number(n) => n
            .as_i64()
            .map_or_else(|| Json::Float(n.as_f64().unwrap_or(f64::NAN)), Json::Int),
        Value::String(s) => Json::Str(s),
        Value::Array(items) => Json::Array(items.into_iter().map(from_value).collect()),
        Value::Object(fields) => Json::Object(
            fields
                .into_iter()
                .map(|(key, value)| (key, from_value(value)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_runtimes_write() {
        let value = parse(
            r#" {"ID":"ab","Name":"/web","State":{"Pid":42,"Up":true},"L":[1.5,null,"a\"\u00e9\ud83d\ude00"]} "#,
        )
        .expect("valid JSON");
        assert_eq!(value.get("Name").and_then(Json::as_str), Some("/web"));
        assert_eq!(
            value.get("State").and_then(|s| s.get("Pid")),
            Some(&Json::Int(42))
        );
        assert_eq!(
            value.get("L"),
            Some(&Json::Array(vec![
                Json::Float(1.5),
                Json::Null,
                Json::Str("a\"é😀".into())
            ]))
        );
    }

    #[test]
    fn refuses_what_is_not_json() {
        for text in ["", "{", r#"{"a":}"#, "[1,]", r#"{"a":1} x"#, "\"\\u12"] {
            assert_eq!(parse(text), None, "{text}");
        }
        assert_eq!(parse(&"[".repeat(1000)), None);
    }
}
