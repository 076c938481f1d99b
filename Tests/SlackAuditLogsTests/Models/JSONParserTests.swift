import Testing

@testable import SlackAuditLogs

@Suite("JSON parser: strict RFC 8259, exact numbers, safe on hostile input")
struct JSONParserTests {
    @Test(
        "numbers keep their type: integers, doubles, and integers too large for 64 bits",
        arguments: [
            ("0", JSONValue.integer(0)),
            ("-0", .integer(0)),
            ("9223372036854775807", .integer(.max)),
            ("-9223372036854775808", .integer(.min)),
            ("9223372036854775808", .double(9_223_372_036_854_775_808)),
            ("1.0", .double(1)),
            ("1e3", .double(1000)),
            ("-2.5E-3", .double(-0.0025)),
        ]
    )
    func numbers(_ text: String, expected: JSONValue) throws {
        #expect(try JSONValue(parsing: text) == expected)
    }

    @Test("strings: escapes, surrogate pairs, raw UTF-8")
    func strings() throws {
        let value = try JSONValue(
            parsing: #"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u65E5", "\ud83d\ude00", "é😀", "\udc00", "\ud800\u0041"]"#
        )
        // A lone surrogate is any \u escape, so valid JSON, but not Unicode: U+FFFD, and the next escape on its own.
        #expect(value == ["a\"b\\c/d\u{08}\u{0C}\n\r\t", "é日", "😀", "é😀", "\u{FFFD}", "\u{FFFD}A"])
        #expect(try JSONValue(parsing: value.jsonBytes()) == value)
    }

    @Test(
        "invalid documents are refused with the offset",
        arguments: [
            "", " ", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "1.", ".5", "-", "1e", "+1", "tru",
            "nul", "\"abc", "\"a\u{01}b\"", "\"\\x\"", "\"\\u12\"", "[1]x", "{\"a\":1}}", "NaN", "Infinity", "'a'",
            "\"\\ud800\\u00\"",
        ]
    )
    func invalid(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test("nesting is limited, so a hostile document cannot exhaust the stack")
    func depthLimit() throws {
        let ok =
            String(repeating: "[", count: JSONParser.maximumDepth)
            + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(throws: Never.self) { try JSONValue(parsing: ok) }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
        #expect(error?.reason.contains("nesting") == true)
    }

    @Test("white space around and inside documents is accepted")
    func whitespace() throws {
        #expect(try JSONValue(parsing: " \n\t{ \"a\" : [ 1 , true , null ] }\r\n") == ["a": [1, true, nil]])
    }

    @Test("the writer escapes control characters and writes sorted keys on request")
    func writer() {
        let value: JSONValue = ["b": "\u{01}\u{1F}\"", "a": [1.5, -3, false, nil]]
        #expect(value.jsonString(sortedKeys: true) == #"{"a":[1.5,-3,false,null],"b":"\u0001\u001f\""}"#)
        #expect(JSONValue.double(.infinity).jsonString() == "null")
    }
}
