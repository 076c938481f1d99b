import Testing

@testable import SlackAuditLogs

/// The client decodes straight from the bytes; users may decode from a JSONValue. Both must agree exactly.
@Suite("Decoding from bytes and from a JSONValue give the same models")
struct ReaderPathTests {
    static let samples: [FieldFixture.Sample] = (try? FieldFixture.entrySamples()) ?? []

    @Test("every TSV sample", arguments: samples)
    func tsvSamples(_ sample: FieldFixture.Sample) throws {
        let fromTree = AuditLogEntry(jsonObject: try #require(sample.entry.objectValue))
        let fromBytes = try AuditLogEntry(parsing: sample.entry.jsonBytes())
        #expect(fromBytes == fromTree, "\(sample)")
        #expect(fromBytes.jsonValue == sample.entry, "\(sample)")
    }

    @Test("random entries, with unknown members and odd types everywhere", arguments: 0..<10)
    func randomEntries(seed: UInt64) throws {
        var rng = SeededGenerator(seed: 5000 + seed)
        for _ in 0..<200 {
            let json = RoundTripPropertyTests.randomEntry(from: Self.samples, using: &rng)
            let fromBytes = try AuditLogEntry(parsing: json.jsonBytes())
            #expect(fromBytes == AuditLogEntry(jsonObject: json.objectValue ?? [:]), "seed \(seed)")
            #expect(fromBytes.jsonValue == json, "seed \(seed)")
        }
    }

    @Test("a full page with every path, and a 9,999-entry page")
    func pages() throws {
        for json in [try FieldFixture.page(), try RoundTripPropertyTests.bigPage()] {
            let fromBytes = try LogsResponse(parsing: json.jsonBytes())
            #expect(fromBytes == LogsResponse(jsonValue: json))
            #expect(fromBytes.jsonValue == json)
        }
    }

    @Test(
        "duplicate keys: the last value wins, whether it has the field's type or not",
        arguments: [
            (#"{"id":"first","id":"last"}"#, "last", nil),
            (#"{"id":"first","id":5}"#, nil, JSONValue.integer(5)),
            (#"{"id":5,"id":"last"}"#, "last", nil),
            (#"{"id":5,"id":null}"#, nil, JSONValue.null),
        ] as [(String, String?, JSONValue?)]
    )
    func duplicates(_ text: String, id: String?, unknown: JSONValue?) throws {
        let fromBytes = try AuditLogEntry(parsing: Array(text.utf8))
        let fromTree = AuditLogEntry(jsonObject: try #require(try JSONValue(parsing: text).objectValue))
        #expect(fromBytes.id == id)
        #expect(fromBytes.unknownFields["id"] == unknown)
        #expect(fromBytes == fromTree)
    }

    @Test("a page whose entries hold a non-object is refused, as the raw scanner refuses it")
    func oddEntries() throws {
        let text = #"{"entries":[{"id":"a"},7,{"id":"b"}]}"#
        let error = #expect(throws: JSONParseError.self) { try LogsResponse(parsing: Array(text.utf8)) }
        #expect(error?.reason.contains("entries[1] is a number, not an object") == true)
        #expect(throws: JSONParseError.self) { try RawLogsPage(body: Array(text.utf8)) }
    }

    @Test(
        "invalid documents are refused on the typed path too",
        arguments: [
            #"{"entries":[{"id":"a" "action":"x"}]}"#, #"{"entries":[{,"id":"a"}]}"#, #"{"entries":[{"id":"a",}]}"#,
            #"{"entries":[{"id":"a"},]}"#, #"{"entries":[,{"id":"a"}]}"#, #"{"entries":[{"id":"a"}]"#,
            #"{"entries":[{"id":"a"}]} x"#, #"{"entries":[{"date_create":01}]}"#,
            #"{"entries":[{"details":{"reason":[1,]}}]}"#,
            #"{"ok":tru}"#, #"{"entries":[{"actor":{"user":{"id":"\x"}}}]}"#, "[1,2", "",
        ]
    )
    func invalid(_ text: String) {
        #expect(throws: JSONParseError.self) { try LogsResponse(parsing: Array(text.utf8)) }
    }

    @Test("a document that is JSON but not an object is refused with a clear reason")
    func notAnObject() {
        let error = #expect(throws: JSONParseError.self) { try LogsResponse(parsing: Array("[1,2]".utf8)) }
        #expect(error?.reason == "the top level is not a JSON object")
    }

    @Test("deep nesting is refused on the typed path too")
    func depth() {
        let deep =
            #"{"entries":[{"details":{"reason":"# + String(repeating: "[", count: 10_000)
            + String(repeating: "]", count: 10_000) + "}}]}"
        #expect(throws: JSONParseError.self) { try LogsResponse(parsing: Array(deep.utf8)) }
    }
}
