use alloc::string::{String, ToString};
use alloc::vec::Vec;

use proptest::prelude::*;

use super::table::{FromNode, Name, wire_struct};
use super::*;

fn syntax_detail(text: &str) -> &'static str {
    match parse(text) {
        Err(JsonError {
            kind: JsonErrorKind::Syntax(d),
            ..
        }) => d,
        other => panic!("{text:?}: expected a syntax error, got {other:?}"),
    }
}

#[test]
fn accepts_every_kind_of_value() {
    let doc = parse(" {\"a\" : [1, -0.5e+3, true, false, null, \"x\"], \"b\": {}}\r\n").unwrap();
    let Value::Object(members) = doc.value() else {
        panic!("{doc:?}")
    };
    assert_eq!(members.len(), 2);
    let Value::Array(a) = members[0].value.value() else {
        panic!("{doc:?}")
    };
    assert_eq!(a.len(), 6);
    assert!(matches!(a[1].value(), Value::Number("-0.5e+3")));
    assert!(matches!(a[2].value(), Value::Bool(true)));
    assert!(matches!(a[4].value(), Value::Null));
    assert!(matches!(a[5].value(), Value::String(Text::Borrowed("x"))));
    assert_eq!(a[5].offset(), 40);
    assert!(matches!(members[1].value.value(), Value::Object(m) if m.is_empty()));
}

#[test]
fn refuses_what_rfc_8259_refuses() {
    for (text, detail) in [
        ("{\"a\":1,}", "expected a member name in double quotes"),
        ("[1,]", "expected a value"),
        ("[1 2]", "expected ',' or ']' after an array element"),
        ("{\"a\" 1}", "expected ':' after a member name"),
        ("{'a':1}", "expected a member name in double quotes"),
        ("01", "trailing characters after the value"),
        ("1.x", "expected a digit after the decimal point"),
        ("1e+]", "expected a digit in the exponent"),
        ("-a", "expected a digit"),
        ("+1", "expected a value"),
        ("tru]", "expected true, false or null"),
        ("truex", "trailing characters after the value"),
        ("nulL", "expected true, false or null"),
        ("\"a\tb\"", "control character in a string (escape it)"),
        (
            "\"\\x\"",
            "unknown escape (use \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)",
        ),
        (
            "\"\\u12\"",
            "\\u needs 4 hex digits, and a surrogate needs its pair",
        ),
        (
            "\"\\ud800\"",
            "\\u needs 4 hex digits, and a surrogate needs its pair",
        ),
        (
            "\"\\udc00\"",
            "\\u needs 4 hex digits, and a surrogate needs its pair",
        ),
        (
            "\"\\ud800\\u0041\"",
            "\\u needs 4 hex digits, and a surrogate needs its pair",
        ),
        ("// x\n1", "expected a value"),
        ("1 2", "trailing characters after the value"),
    ] {
        assert_eq!(syntax_detail(text), detail, "{text:?}");
    }
    for text in [
        "", "  ", "[", "{\"a\":", "\"abc", "[1,", "\"\\", "1.", "1e", "-",
    ] {
        assert_eq!(
            parse(text).unwrap_err().kind(),
            &JsonErrorKind::Eof,
            "{text:?}"
        );
    }
}

#[test]
fn unescapes_into_a_wiping_buffer_and_borrows_otherwise() {
    let doc = parse(r#"["plain", "a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00z"]"#).unwrap();
    let Value::Array(items) = doc.value() else {
        panic!("{doc:?}")
    };
    assert!(matches!(
        items[0].value(),
        Value::String(Text::Borrowed("plain"))
    ));
    match items[1].value() {
        Value::String(t @ Text::Unescaped(_)) => {
            assert_eq!(t.as_str(), "a\"\\/\u{8}\u{c}\n\r\té😀z");
            // Debug never shows the contents.
            assert_eq!(alloc::format!("{t:?}"), "Text(16 bytes)");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn nesting_is_bounded() {
    let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert!(parse(&ok).is_ok());
    let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    assert_eq!(
        syntax_detail(&deep),
        "objects and arrays nested more than 128 deep"
    );
    // Far deeper than any stack allows for a naive recursive reader: still an error.
    assert!(parse(&"[".repeat(1_000_000)).is_err());
}

wire_struct! {
    #[derive(Debug)]
    struct Loose as "thing", ignore_unknown {
        a: String = "a",
        b: Option<String> = "b",
        d: Option<u32> = "d" | "dee",
    }
}

wire_struct! {
    #[derive(Debug)]
    struct Strict as "thing", deny_unknown {
        a: u32 = "a",
        b: Option<bool> = "b",
    }
}

fn table_error<'a, T: FromNode<'a> + core::fmt::Debug>(text: &'a str) -> String {
    match parse(text).and_then(|doc| T::from_node(&doc, Name::Root)) {
        Err(e) => e.describe(text),
        Ok(t) => panic!("{text}: accepted as {t:?}"),
    }
}

#[test]
fn tables_find_refuse_duplicates_and_optionally_unknowns() {
    let text = r#"{"a":"x","b":null,"c":3,"dee":4}"#;
    let t = Loose::from_node(&parse(text).unwrap(), Name::Root).unwrap();
    assert_eq!((t.a.as_str(), t.b, t.d), ("x", None, Some(4)));
    for (text, want) in [
        (
            r#"{"b":"y"}"#,
            "unexpected structure: missing field \"a\" at line 1 column 1",
        ),
        (
            "{\"a\":\"x\",\n  \"a\":\"y\"}",
            "unexpected structure: duplicate field \"a\" in thing at line 2 column 7",
        ),
        // A name and its alias are the same member.
        (
            r#"{"a":"x","d":1,"dee":2}"#,
            "unexpected structure: duplicate field \"d\" in thing at line 1 column 22",
        ),
        (
            "[]",
            "unexpected structure: thing must be an object at line 1 column 1",
        ),
        (
            r#"{"a":1}"#,
            "unexpected structure: a must be a string at line 1 column 6",
        ),
    ] {
        assert_eq!(table_error::<Loose>(text), want, "{text}");
    }
    for (text, want) in [
        (
            r#"{"a":1,"secretish":"v"}"#,
            "unexpected structure: thing has a field other than \"a\", \"b\" at line 1 column 20",
        ),
        (
            r#"{"a":1,"b":"yes"}"#,
            "unexpected structure: b must be true or false at line 1 column 12",
        ),
    ] {
        assert_eq!(table_error::<Strict>(text), want, "{text}");
        assert!(!want.contains("secretish") && !want.contains("yes"));
    }
    let t = Strict::from_node(&parse(r#"{"a":7,"b":null}"#).unwrap(), Name::Root).unwrap();
    assert_eq!((t.a, t.b), (7, None));
}

#[test]
fn u32_takes_plain_integers_in_range_only() {
    let read =
        |text: &str| parse(text).and_then(|doc| u32::from_node(&doc, Name::Member("minSigners")));
    for (text, want) in [("0", Some(0)), ("4294967295", Some(u32::MAX))] {
        assert_eq!(read(text).ok(), want, "{text}");
    }
    for text in [
        "4294967296",
        "-1",
        "-0",
        "2.0",
        "2e0",
        "\"2\"",
        "true",
        "null",
        "99999999999999999999",
    ] {
        let e = read(text).unwrap_err();
        assert_eq!(
            e.describe(text),
            "unexpected structure: minSigners must be an integer from 0 to 4294967295 at line 1 column 1",
            "{text}"
        );
    }
}

#[test]
fn describe_counts_lines_and_characters() {
    let text = "{\n  \"é\": [1,\n    x]}";
    let e = parse(text).unwrap_err();
    assert_eq!(
        e.describe(text),
        "invalid JSON syntax (expected a value) at line 3 column 5"
    );
    let text = "[\"é\", ]";
    assert_eq!(
        parse(text).unwrap_err().describe(text),
        "invalid JSON syntax (expected a value) at line 1 column 7"
    );
}

#[test]
fn writer_places_commas_and_nests() {
    let mut w = Writer::new();
    w.begin_object();
    w.key("a");
    w.begin_array();
    w.u32(1);
    w.begin_object();
    w.end_object();
    w.begin_array();
    w.end_array();
    w.null();
    w.bool(false);
    w.end_array();
    w.key("b");
    w.string("");
    w.end_object();
    assert_eq!(w.finish(), r#"{"a":[1,{},[],null,false],"b":""}"#);
    // `Default` is an empty writer too (no comma before the first value).
    let mut w = Writer::default();
    w.begin_array();
    w.end_array();
    assert_eq!(w.finish(), "[]");
}

/// Text made of JSON's structural pieces, so random cases are often valid and the invalid
/// ones fail in interesting places.
fn json_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(alloc::vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "\"",
        "\"a\"",
        "\"k\":",
        "\\",
        "\\u",
        "\\n",
        "d83d",
        "\\ude00",
        "00e9",
        "0",
        "1",
        "-",
        ".",
        "e",
        "+",
        "true",
        "false",
        "null",
        "x",
        "\t",
        "\u{1}",
        "é",
        "\"\\ud800\"",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

/// Valid JSON values built from a small grammar, with strings holding any characters.
fn json_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<u32>().prop_map(|n| n.to_string()),
        (-1000i32..1000, 0u32..100).prop_map(|(i, f)| alloc::format!("{i}.{f}e-2")),
        any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap()),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6)
                .prop_map(|v| alloc::format!("[{}]", v.join(","))),
            prop::collection::vec((any::<String>(), inner), 0..6).prop_map(|v| {
                let members: Vec<String> = v
                    .into_iter()
                    .map(|(k, v)| alloc::format!("{}: {v}", serde_json::to_string(&k).unwrap()))
                    .collect();
                alloc::format!("{{ {} }}", members.join(" , "))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// Accept and refuse exactly what serde_json accepts and refuses.
    #[test]
    fn validity_agrees_with_serde_json(text in json_like()) {
        let ours = parse(&text).is_ok();
        let theirs = match serde_json::from_str::<serde_json::Value>(&text) {
            // serde_json reads numbers into f64 and refuses 1e999; keyport keeps the literal.
            Err(e) if e.to_string().starts_with("number out of range") => return Ok(()),
            r => r.is_ok(),
        };
        prop_assert_eq!(ours, theirs, "{:?}", text);
    }

    #[test]
    fn valid_documents_parse(text in json_value()) {
        prop_assert!(parse(&text).is_ok(), "{:?}", text);
    }

    /// Strings read back as serde_json reads them, and write as serde_json writes them.
    #[test]
    fn strings_match_serde_json(s in any::<String>()) {
        let encoded = serde_json::to_string(&s).unwrap();
        let mut w = Writer::new();
        w.string(&s);
        prop_assert_eq!(w.finish(), encoded.clone());
        let doc = parse(&encoded).unwrap();
        prop_assert_eq!(String::from_node(&doc, Name::Root).unwrap(), s);
    }
}

// ---- serde over the reader and the writer ----

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "a thing")]
struct Thing<'a> {
    #[serde(rename = "camelName")]
    name: String,
    #[serde(borrow)]
    lent: &'a str,
    count: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    flag: Option<bool>,
    items: Vec<Inner>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "an inner", deny_unknown_fields)]
struct Inner {
    small: u16,
    secret: Zeroizing<String>,
}

const THING: &str = r#"{"camelName":"n","lent":"l","count":7,"items":[{"small":1,"secret":"s"}]}"#;

fn thing_error(text: &str) -> String {
    match from_str::<Thing<'_>>(text) {
        Err(e) => e.describe(text),
        Ok(t) => panic!("{text}: accepted as {t:?}"),
    }
}

#[test]
fn derive_reads_and_writes_like_serde_json() {
    let t: Thing<'_> = from_str(THING).unwrap();
    assert_eq!(t.lent, "l");
    assert_eq!(t.items[0].secret.as_str(), "s");
    assert_eq!(to_string(&t).unwrap(), THING);
    assert_eq!(serde_json::to_string(&t).unwrap(), THING);
    // Unknown members of a type without deny_unknown_fields are skipped, `null` is `None`.
    let extra =
        r#"{"x":{"y":[1.5e3,null]},"camelName":"n","lent":"l","count":7,"flag":null,"items":[]}"#;
    let t: Thing<'_> = from_str(extra).unwrap();
    assert_eq!((t.flag, t.items.len()), (None, 0));
}

#[test]
fn derive_errors_name_the_field_and_place_never_a_value() {
    for (text, want) in [
        (
            r#"{"camelName":"n","lent":"l","count":7}"#,
            "unexpected structure: missing field \"items\" at line 1 column 1",
        ),
        (
            "{\"camelName\":\"n\",\n\"camelName\":\"secret\"}",
            "unexpected structure: duplicate field \"camelName\" in a thing at line 2 column 13",
        ),
        (
            r#"{"camelName":"n","lent":"l","count":-7,"items":[]}"#,
            "unexpected structure: count must be an integer from 0 to 4294967295 at line 1 column 37",
        ),
        (
            r#"{"camelName":"n","lent":"l","count":7,"items":[{"small":65536,"secret":"s"}]}"#,
            "unexpected structure: small must be an integer from 0 to 65535 at line 1 column 57",
        ),
        (
            r#"{"camelName":"n","lent":"l","count":7,"items":[{"small":1,"secret":"s","secretish":"v"}]}"#,
            "unexpected structure: an inner has a field other than \"small\", \"secret\" at line 1 column 84",
        ),
        (
            r#"{"camelName":"n","lent":"l","count":7,"items":[["small",1]]}"#,
            "unexpected structure: an inner must be an object at line 1 column 48",
        ),
        (
            r#"{"camelName":"n","lent":"l","count":7,"items":{}}"#,
            "unexpected structure: items must be an array at line 1 column 47",
        ),
        (
            r#"{"camelName":7,"lent":"l","count":7,"items":[]}"#,
            "unexpected structure: camelName must be a string at line 1 column 14",
        ),
        (
            r#"{"camelName":"n","lent":"l","count":7,"items":[{"small":1,"secret":null}]}"#,
            "unexpected structure: secret must be a string at line 1 column 68",
        ),
        (
            r#"{"camelName":"n","lent":"l","count":7,"flag":"yes","items":[]}"#,
            "unexpected structure: flag must be true or false at line 1 column 46",
        ),
        // SPEC.md §7.4: never a struct as the array of its fields (serde's derive takes it).
        (
            r#"["n","l",7,null,[]]"#,
            "unexpected structure: a thing must be an object at line 1 column 1",
        ),
        // A borrowed field cannot take an unescaped string: an error, not a copy.
        (
            r#"{"camelName":"n","lent":"\u006c","count":7,"items":[]}"#,
            "unexpected structure: lent must be a borrowed string at line 1 column 25",
        ),
    ] {
        assert_eq!(thing_error(text), want, "{text}");
        assert!(!want.contains("secretish") && !want.contains("yes"));
    }
    // serde_json takes the array form: the one place the derive is stricter here.
    assert!(serde_json::from_str::<Thing<'_>>(r#"["n","l",7,null,[]]"#).is_ok());
}

#[test]
fn serializer_writes_what_keyport_json_can_and_refuses_floats() {
    #[derive(Serialize)]
    enum E {
        Unit,
        New(u8),
    }
    let v = (E::Unit, E::New(3), -5i64, 'x', b"ab".as_slice(), ());
    let ours = to_string(&v).unwrap();
    assert_eq!(ours, serde_json::to_string(&v).unwrap());
    assert_eq!(
        to_string(&1.5f64).unwrap_err().to_string(),
        "unexpected structure: keyport's JSON writer does not write floating-point numbers"
    );
    // Raw JSON is spliced in as it is.
    assert_eq!(
        to_string(&[Raw("{\"a\":1}"), Raw("[]")]).unwrap(),
        "[{\"a\":1},[]]"
    );
}

#[test]
fn writer_grows_past_its_capacity() {
    let mut w = Writer::with_capacity(1);
    w.begin_array();
    for i in 0..100 {
        w.string(&alloc::format!("{i:064}"));
    }
    w.end_array();
    let out = w.finish();
    assert_eq!(out.len(), 2 + 100 * 66 + 99);
    assert!(parse(&out).is_ok());
}
