import Testing

@testable import SlackAuditLogs

/// The raw scanner (`RawLogsPage`, `RawLogEntry`) and the typed reader (`LogsResponse`, `AuditLogEntry`) are both public,
/// and the collector writes what the scanner accepts: they must accept the same pages and read the same entries.
@Suite("Parser and scanner agree: the same pages accepted, the same entries, the same cursor")
struct ParserScannerAgreementTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("a lone surrogate escape is read as U+FFFD by every reader, and the raw bytes are kept")
    func loneSurrogates() throws {
        let entry = #"{"id":"e1","details":{"":"\uD800\u0041","b":"\uDC00","c":"\uD83D"}}"#
        let body = Self.bytes(#"{"entries":[\#(entry)]}"#)
        let value = try JSONValue(parsing: body)
        #expect(value["entries"]?[0]?["details"]?[""]?.stringValue == "\u{FFFD}A")
        #expect(value["entries"]?[0]?["details"]?["b"]?.stringValue == "\u{FFFD}")
        let page = try RawLogsPage(body: body)
        #expect(page.entries.map { Array($0.bytes) } == [Self.bytes(entry)])
        let typed = try LogsResponse(parsing: body)
        #expect(typed.entries.map(\.id) == ["e1"])
        #expect(try RawLogEntry(parsing: Self.bytes(entry)).id == "e1")
    }

    @Test(
        "entries that are not objects, or not a list, refuse the page in both readers",
        arguments: [
            #"{"entries":[7,"str",null]}"#,
            #"{"entries":[{"id":"a"},[]]}"#,
            #"{"entries":{"id":"a"}}"#,
            #"{"entries":"a"}"#,
            #"{"entries":[{"id":"a"}],"entries":[true]}"#,
        ]
    )
    func nonObjectEntries(body: String) {
        #expect(throws: JSONParseError.self) { _ = try RawLogsPage(body: Self.bytes(body)) }
        #expect(throws: JSONParseError.self) { _ = try LogsResponse(parsing: Self.bytes(body)) }
    }

    @Test("a line that is not an object is not an entry")
    func nonObjectLine() {
        for line in ["7", #""str""#, "null", "[]"] {
            #expect(throws: JSONParseError.self) { _ = try RawLogEntry(parsing: Self.bytes(line)) }
        }
    }

    @Test(
        "a member given twice: the last one counts, in both readers",
        arguments: [
            (#"{"entries":[{"id":"a"}],"entries":[{"id":"b"},{"id":"c"}]}"#, ["b", "c"], nil as String?),
            (#"{"entries":[{"id":"a"}],"entries":null}"#, [], nil),
            (
                #"{"entries":[],"response_metadata":{"next_cursor":"one"},"response_metadata":{"next_cursor":"two"}}"#,
                [], "two"
            ),
            (#"{"response_metadata":{"next_cursor":"one"},"response_metadata":{}}"#, [], nil),
            (#"{"entries":[{"id":"a","id":"b"}]}"#, ["b"], nil),
        ]
    )
    func duplicateMembers(body: String, ids: [String], cursor: String?) throws {
        let page = try RawLogsPage(body: Self.bytes(body))
        let typed = try LogsResponse(parsing: Self.bytes(body))
        #expect(page.entries.map(\.id) == ids)
        #expect(typed.entries.map(\.id) == ids)
        #expect(page.nextCursor == cursor)
        #expect(typed.nextCursor == cursor)
    }

    @Test("member names that differ in bytes stay apart, though Swift's String calls them equal (NFC and NFD)")
    func canonicallyEquivalentKeys() throws {
        let composed = "\u{E9}"  // é as one scalar
        let decomposed = "e\u{301}"  // e and a combining accent
        #expect(composed == decomposed, "what Swift's String says")
        let text = #"{"\#(composed)":1,"\#(decomposed)":2,"x":{"\#(composed)":3,"\#(decomposed)":4}}"#
        let value = try JSONValue(parsing: text)
        #expect(value.objectValue?.count == 3)
        #expect(value[composed] == 1)
        #expect(value[decomposed] == 2)
        #expect(try JSONValue(parsing: value.jsonBytes()) == value)
        let entry = try AuditLogEntry(parsing: Self.bytes(#"{"id":"a","details":\#(text)}"#))
        #expect(entry.jsonValue["details"] == value, "the typed model keeps both members")
        #expect(entry.jsonValue["details"]?["x"]?.objectValue?.count == 2)
    }

    // MARK: Differential

    /// Random pages, then random damage to their bytes: whatever the input, both readers agree.
    @Test(
        "random pages and damaged pages: both readers accept the same ones and read the same entries",
        arguments: 0..<8
    )
    func differential(seed: UInt64) throws {
        var rng = SeededGenerator(seed: 0xA11CE + seed)
        var accepted = 0
        for _ in 0..<300 {
            var body = Self.bytes(Self.randomPage(using: &rng))
            // Half the time, damage the bytes: flip, cut, duplicate or insert.
            if Bool.random(using: &rng) { Self.damage(&body, using: &rng) }
            let raw = Result { () throws(JSONParseError) in try RawLogsPage(body: body) }
            let typed = Result { () throws(JSONParseError) in try LogsResponse(parsing: body) }
            switch (raw, typed) {
            case (.success(let page), .success(let response)):
                accepted += 1
                #expect(page.entries.count == response.entries.count, "\(String(decoding: body, as: UTF8.self))")
                #expect(page.entries.map(\.id) == response.entries.map(\.id))
                #expect(page.entries.map(\.dateCreate) == response.entries.map(\.dateCreate))
                #expect(page.nextCursor == response.nextCursor)
                // Every slice is one entry on its own, in order, inside the body.
                var previousEnd = 0
                for (slice, entry) in zip(page.entries, response.entries) {
                    #expect(slice.bytes.startIndex >= previousEnd)
                    previousEnd = slice.bytes.endIndex
                    let alone = try AuditLogEntry(parsing: slice.bytes)
                    #expect(alone == entry)
                }
            case (.failure, .failure):
                continue
            case (.success, .failure(let error)):
                Issue.record("scanner accepts, parser refuses (\(error)): \(String(decoding: body, as: UTF8.self))")
            case (.failure(let error), .success):
                Issue.record("parser accepts, scanner refuses (\(error)): \(String(decoding: body, as: UTF8.self))")
            }
        }
        #expect(accepted > 50, "enough valid pages to compare")
    }

    static func randomPage(using rng: inout SeededGenerator) -> String {
        var members: [String] = []
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0, 1, 2:
                let entries = (0..<Int.random(in: 0...4, using: &rng)).map { _ in randomEntry(using: &rng) }
                members.append(#""entries":[\#(entries.joined(separator: ","))]"#)
            case 3:
                let cursor = [#""c1""#, #""""#, "null", "7", #""abc+/=""#].randomElement(using: &rng) ?? "null"
                members.append(#""response_metadata":{"next_cursor":\#(cursor)}"#)
            case 4:
                members.append(#""ok":\#(["true", "false", "1", #""yes""#].randomElement(using: &rng) ?? "true")"#)
            default:
                members.append(#""\#(randomKey(using: &rng))":\#(randomValue(depth: 0, using: &rng))"#)
            }
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func randomEntry(using rng: inout SeededGenerator) -> String {
        // Now and then something that is not an object.
        if Int.random(in: 0..<12, using: &rng) == 0 { return randomValue(depth: 2, using: &rng) }
        var members: [String] = []
        if Bool.random(using: &rng) {
            members.append(#""id":\#([#""e\#(rng.next() % 100)""#, "5", "null"].randomElement(using: &rng) ?? "null")"#)
        }
        if Bool.random(using: &rng) {
            let date = ["1700000000", #""1700000000""#, "1.5", "-3"].randomElement(using: &rng) ?? "0"
            members.append(#""date_create":\#(date)"#)
        }
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            members.append(#""\#(randomKey(using: &rng))":\#(randomValue(depth: 1, using: &rng))"#)
        }
        members.shuffle(using: &rng)
        return "{" + members.joined(separator: ",") + "}"
    }

    static func randomKey(using rng: inout SeededGenerator) -> String {
        ["action", "actor", "context", "details", "x", "", "id", #"\u00e9"#, "e\u{301}", #"\uD800\u0041"#]
            .randomElement(using: &rng) ?? "x"
    }

    static func randomValue(depth: Int, using rng: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<(depth > 2 ? 5 : 8), using: &rng) {
        case 0: return "null"
        case 1: return Bool.random(using: &rng) ? "true" : "false"
        case 2: return String(Int64.random(in: -1_000_000...1_000_000, using: &rng))
        case 3: return ["1.5", "-0", "1e400", "12345678901234567890", "0.1e-2"].randomElement(using: &rng) ?? "1"
        case 4:
            let pieces = ["a", #"\n"#, #"\u00e9"#, #"\uD83D\uDE00"#, #"\uD800"#, #"\"#, "日", "é"]
            return "\""
                + (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                    pieces.randomElement(using: &rng) ?? "a"
                }.joined() + "\""
        case 5:
            let elements = (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                randomValue(depth: depth + 1, using: &rng)
            }
            return "[" + elements.joined(separator: ",") + "]"
        default:
            let members = (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                #""\#(randomKey(using: &rng))":\#(randomValue(depth: depth + 1, using: &rng))"#
            }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    static func damage(_ body: inout [UInt8], using rng: inout SeededGenerator) {
        guard !body.isEmpty else { return }
        let at = Int.random(in: 0..<body.count, using: &rng)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0:
            body[at] =
                [UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: "\""), 0x5C, 0xFF]
                .randomElement(using: &rng) ?? 0
        case 1: body.removeSubrange(at...)
        case 2: body.insert(contentsOf: body[at...].prefix(8), at: at)
        default: body.insert([UInt8(ascii: " "), UInt8(ascii: "\n"), 0x00].randomElement(using: &rng) ?? 0x20, at: at)
        }
    }
}
