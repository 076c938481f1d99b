import Foundation
import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogsShipper

@Suite("Shipper logic: backoff, batches, positions and the journal reader, without a sink")
struct ShipperLogicTests {
    static func line(_ id: String, end: Int64) -> JournalLine {
        JournalLine(
            entry: ShipmentEntry(bytes: Array(#"{"id":"\#(id)"}"#.utf8)[...], id: id, dateCreate: 1, action: nil),
            end: end
        )
    }

    @Test("backoff: full jitter under an exponential ceiling, never below Retry-After, capped")
    func backoff() {
        let backoff = RetryBackoff(initial: .milliseconds(100), maximum: .seconds(2))
        #expect(backoff.delay(afterAttempt: 1, retryAfter: nil, random: { $0.upperBound }) == .milliseconds(100))
        #expect(backoff.delay(afterAttempt: 3, retryAfter: nil, random: { $0.upperBound }) == .milliseconds(400))
        #expect(backoff.delay(afterAttempt: 40, retryAfter: nil, random: { $0.upperBound }) == .seconds(2))
        #expect(backoff.delay(afterAttempt: 3, retryAfter: nil, random: { $0.lowerBound }) == .zero)
        #expect(backoff.delay(afterAttempt: 1, retryAfter: .seconds(30), random: { $0.upperBound }) == .seconds(30))
        for attempt in 1...50 {
            let delay = backoff.delay(afterAttempt: attempt, retryAfter: nil)
            #expect(delay >= .zero && delay <= .seconds(2))
        }
    }

    @Test("a shipment finishes only when every entry is delivered or refused; retries keep journal order")
    func shipment() {
        var shipment = Shipment(lines: (0..<5).map { Self.line("e\($0)", end: Int64($0 + 1) * 10) })
        let first = shipment.apply([
            .delivered, .retry(reason: "busy", after: .seconds(2)), .rejected(reason: "mapping"),
            .retry(reason: "busy", after: .seconds(5)), .delivered,
        ])
        #expect(!shipment.isFinished)
        #expect(first.retrying == 2 && first.retryAfter == .seconds(5))
        #expect(first.rejected.map(\.line.entry.id) == ["e2"])
        #expect(shipment.pendingEntries.map(\.id) == ["e1", "e3"])
        let wrongCount = shipment.apply([.delivered])
        #expect(wrongCount.retrying == 2, "a sink that answers the wrong number of outcomes gets everything again")
        _ = shipment.apply([.delivered, .delivered])
        #expect(shipment.isFinished && shipment.delivered == 4 && shipment.end == 50 && shipment.attempts == 3)
    }

    @Test("positions round-trip, and a damaged one names its field")
    func positions() throws {
        var position = ShipperPosition(sink: "elasticsearch")
        position.offset = 123
        position.delivered = 4
        position.deadLettered = 1
        position.deadLetterOffset = 77
        #expect(try ShipperPosition(json: position.jsonBytes, path: "p") == position)
        for (text, field) in [
            (
                #"{"format_version":1,"sink":"s","offset":-1,"delivered":0,"dead_lettered":0,"dead_letter_offset":0}"#,
                "offset"
            ),
            (
                #"{"format_version":2,"sink":"s","offset":0,"delivered":0,"dead_lettered":0,"dead_letter_offset":0}"#,
                "format_version"
            ),
            (#"{"format_version":1,"offset":0,"delivered":0,"dead_lettered":0,"dead_letter_offset":0}"#, "sink"),
            ("[]", "object"), ("{", "JSON"),
        ] {
            let error = #expect(throws: ShipperError.self) { try ShipperPosition(json: Array(text.utf8), path: "p") }
            #expect(error?.code == .positionCorrupt)
            #expect(error?.message.contains(field) == true, "\(error?.message ?? "")")
        }
    }

    @Test("the reader gives whole lines only, unwraps envelopes, stops at the committed end and reports damaged lines")
    func reader() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/j.ndjson"
            let lines = [
                #"{"id":"a","date_create":10,"action":"user_login"}"#,
                #"{"collected_at":5,"window_oldest":1,"window_latest":9,"entry":{"id":"b","date_create":11}}"#,
                "not json",
                #"{"id":"c","date_create":12}"#,
            ]
            let text = lines.joined(separator: "\n") + "\n" + #"{"id":"torn"#
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let reader = JournalReader(journalPath: path, checkpointPath: nil)
            let end = try reader.committedEnd()
            let read = try reader.read(from: 0, upTo: end, maximumEntries: 10, maximumBytes: 1 << 20)
            #expect(read.lines.map(\.entry.id) == ["a", "b", "c"])
            #expect(read.lines.first?.entry.action == "user_login")
            #expect(String(decoding: read.lines[1].entry.bytes, as: UTF8.self) == #"{"id":"b","date_create":11}"#)
            #expect(read.unreadable.map { String(decoding: $0.bytes, as: UTF8.self) } == ["not json"])
            let wholeLines = Int64(text.utf8.count - #"{"id":"torn"#.utf8.count)
            #expect(read.lines.last?.end == wholeLines, "the torn tail is never read")
            let limited = try reader.read(from: 0, upTo: end, maximumEntries: 1, maximumBytes: 1 << 20)
            #expect(limited.lines.map(\.entry.id) == ["a"])
            let resumed = try reader.read(
                from: limited.lines[0].end,
                upTo: end,
                maximumEntries: 10,
                maximumBytes: 1 << 20
            )
            #expect(resumed.lines.map(\.entry.id) == ["b", "c"])
            let committed = try reader.read(from: 0, upTo: read.lines[0].end, maximumEntries: 10, maximumBytes: 1 << 20)
            #expect(committed.lines.map(\.entry.id) == ["a"], "never past the committed end")
        }
    }
}
