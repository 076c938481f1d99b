import SlackAuditLogs
import Testing

@testable import SlackAuditLogsCollector

@Suite("Checkpoint format: version 2 written, version 1 read, every field checked")
struct CheckpointFormatTests {
    static func sample() -> Checkpoint {
        var checkpoint = Checkpoint(filters: ["action": "user_login"], start: 1_700_000_000)
        checkpoint.coveredUntil = 1_700_100_000
        var split = WindowProgress(oldest: 1_700_050_000, latest: 1_700_099_999)
        split.queryOldest = 1_700_000_000
        split.position = LogsPager.Position(
            cursor: "dXNlcjpVMEc5V0ZYTlo=",
            watermark: 1_700_060_000,
            boundaryIDs: ["b", "a"]
        )
        var spooled = WindowProgress(oldest: 1_700_000_000, latest: 1_700_049_999)
        spooled.isRead = true
        spooled.spool = SpoolProgress(bytes: 9_000, emitted: 4_000)
        checkpoint.openWindows = [spooled, split]
        checkpoint.outputOffset = 123_456
        checkpoint.recheckOffset = 100_000
        checkpoint.replayIDs = ["r1", "r2"]
        checkpoint.delivered = 4_567
        checkpoint.updatedAt = 1_700_200_000
        return checkpoint
    }

    @Test("what is written reads back the same")
    func roundTrip() throws {
        let checkpoint = Self.sample()
        let read = try Checkpoint(json: checkpoint.jsonBytes, path: "c.json")
        #expect(read == checkpoint)
        #expect(String(decoding: checkpoint.jsonBytes, as: UTF8.self).contains(#""format_version":2"#))
    }

    @Test("a version 1 checkpoint (fixed windows) resumes: each window's query is its own range")
    func readsVersionOne() throws {
        let text = #"""
            {"covered_until":1700043200,"delivered":1200,"filters":{},"format_version":1,"open_windows":[{"boundary_ids":["e1"],"cursor":"abc=","latest":1700043199,"oldest":1700021600,"watermark":1700030000}],"output_offset":900000,"replay_ids":[],"start":1700000000,"updated_at":1700050000}
            """#
        let checkpoint = try Checkpoint(json: Array(text.utf8), path: "v1.json")
        #expect(checkpoint.coveredUntil == 1_700_043_200)
        let window = try #require(checkpoint.openWindows.first)
        #expect(window.queryOldest == window.oldest)
        #expect(window.position == LogsPager.Position(cursor: "abc=", watermark: 1_700_030_000, boundaryIDs: ["e1"]))
        #expect(window.spool == nil && !window.isRead)
        #expect(checkpoint.completeUntil == 1_700_021_600)
    }

    struct Damage: Sendable, CustomTestStringConvertible {
        var name: String
        var from: String
        var to: String
        var mentions: String
        var testDescription: String { name }
    }

    static let damages: [Damage] = [
        Damage(
            name: "newer version",
            from: #""format_version":2"#,
            to: #""format_version":9"#,
            mentions: "version is 9"
        ),
        Damage(
            name: "start at Int64.min",
            from: #""start":1700000000"#,
            to: #""start":-9223372036854775808"#,
            mentions: "start is -9223372036854775808"
        ),
        Damage(
            name: "covered before start",
            from: #""covered_until":1700100000"#,
            to: #""covered_until":5"#,
            mentions: "covered_until is 5"
        ),
        Damage(
            name: "window at Int64.min",
            from: #""oldest":1700000000"#,
            to: #""oldest":-9223372036854775808"#,
            mentions: "open_windows[0]: oldest"
        ),
        Damage(
            name: "delivered at Int64.max",
            from: #""delivered":4567"#,
            to: #""delivered":9223372036854775807"#,
            mentions: "delivered is 9223372036854775807"
        ),
        Damage(
            name: "negative recheck offset",
            from: #""recheck_offset":100000"#,
            to: #""recheck_offset":-1"#,
            mentions: "recheck_offset is -1"
        ),
        Damage(
            name: "recheck past the output",
            from: #""recheck_offset":100000"#,
            to: #""recheck_offset":200000"#,
            mentions: "recheck_offset is 200000"
        ),
        Damage(
            name: "spool emitted past its size",
            from: #""emitted":4000"#,
            to: #""emitted":9001"#,
            mentions: "spool: emitted is 9001"
        ),
        Damage(
            name: "watermark outside the window",
            from: #""watermark":1700060000"#,
            to: #""watermark":1800000000"#,
            mentions: "watermark is 1800000000"
        ),
        Damage(
            name: "a string for a number",
            from: #""output_offset":123456"#,
            to: #""output_offset":"123456""#,
            mentions: "output_offset is not an integer"
        ),
        Damage(
            name: "a query after the window",
            from: #""query_oldest":1700000000"#,
            to: #""query_oldest":1700070000"#,
            mentions: "query_oldest is 1700070000"
        ),
    ]

    @Test("a damaged field is refused with checkpointCorrupt naming the field", arguments: damages)
    func damagedField(_ damage: Damage) throws {
        let text = String(decoding: Self.sample().jsonBytes, as: UTF8.self)
        #expect(text.contains(damage.from), "the sample holds \(damage.from)")
        let damaged = text.replacingOccurrences(of: damage.from, with: damage.to)
        let error = #expect(throws: CollectorError.self) {
            _ = try Checkpoint(json: Array(damaged.utf8), path: "damaged.json")
        }
        #expect(error?.code == .checkpointCorrupt)
        #expect(error?.path == "damaged.json")
        #expect(error?.message.contains(damage.mentions) == true, "\(error?.message ?? "")")
    }

    @Test("overlapping windows are refused")
    func overlappingWindows() throws {
        var checkpoint = Self.sample()
        checkpoint.openWindows[1].oldest = 1_700_040_000
        let error = #expect(throws: CollectorError.self) {
            _ = try Checkpoint(json: checkpoint.jsonBytes, path: "c.json")
        }
        #expect(error?.message.contains("overlap") == true)
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
