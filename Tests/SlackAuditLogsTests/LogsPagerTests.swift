import Testing

@testable import SlackAuditLogs

/// The pager's cursor policy on its own: pages are built from JSON, no server involved.
@Suite("Pager: one cursor policy, expired cursors restarted without duplicates")
struct LogsPagerTests {
    /// A page of entries `(id, second)`, newest first, with a next cursor or none.
    static func page(_ entries: [(String, Int64)], next: String?) throws -> RawLogsPage {
        let items = entries.map { #"{"id":"\#($0.0)","date_create":\#($0.1),"action":"user_login"}"# }
        let cursor = next.map { #""\#($0)""# } ?? "null"
        let body = #"{"entries":[\#(items.joined(separator: ","))],"response_metadata":{"next_cursor":\#(cursor)}}"#
        return try RawLogsPage(body: Array(body.utf8))
    }

    static let query = LogsQuery(latest: 200, oldest: 100, limit: 2)

    static func invalidCursor() -> AuditLogsError {
        AuditLogsError(code: .invalidCursor, message: "invalid_cursor", httpStatus: 400, slackError: "invalid_cursor")
    }

    @Test("the filters and bounds go with every cursor; the last page ends paging")
    func followsCursors() throws {
        var pager = LogsPager(query: Self.query)
        #expect(pager.nextRequest == LogsPager.Request(query: Self.query, cursor: nil))
        _ = try pager.received(try Self.page([("a", 190), ("b", 180)], next: "c1"))
        #expect(pager.nextRequest == LogsPager.Request(query: Self.query, cursor: "c1"))
        #expect(pager.position == LogsPager.Position(cursor: "c1", watermark: 180, boundaryIDs: ["b"]))
        _ = try pager.received(try Self.page([("c", 180), ("d", 150)], next: nil))
        #expect(pager.isFinished)
        #expect(pager.nextRequest == nil)
    }

    @Test("after invalid_cursor: asked again from the watermark second, leaving out the entries already yielded")
    func restartFromWatermark() throws {
        var pager = LogsPager(query: Self.query)
        _ = try pager.received(try Self.page([("a", 190), ("b", 180), ("c", 180)], next: "c1"))
        try pager.failed(Self.invalidCursor())
        #expect(pager.restarts == 1)
        var restarted = Self.query
        restarted.latest = 180
        #expect(pager.nextRequest == LogsPager.Request(query: restarted, cursor: nil))
        // The second 180 comes again, with an entry that was not yielded before (Slack split the second).
        let page = try pager.received(try Self.page([("c", 180), ("b", 180), ("e", 180), ("f", 170)], next: nil))
        #expect(page.entries.map(\.id) == ["e", "f"])
        #expect(page.body.count > 0, "the body stays as received")
        #expect(pager.isFinished)
    }

    @Test("restarts that bring nothing new give up with the error; restarts that progress go on")
    func boundedRestarts() throws {
        var pager = LogsPager(query: Self.query)
        _ = try pager.received(try Self.page([("a", 190)], next: "c1"))
        for attempt in 1...LogsPager.maximumRestartsWithoutProgress {
            try pager.failed(Self.invalidCursor())
            // Slack answers the restart with what was already yielded, and a cursor that then expires again.
            _ = try pager.received(try Self.page([("a", 190)], next: "again-\(attempt)"))
        }
        #expect(throws: AuditLogsError.self) { try pager.failed(Self.invalidCursor()) }
        #expect(pager.isFinished)

        var progressing = LogsPager(query: Self.query)
        for step in 0..<10 {
            let second = Int64(199 - step * 5)
            _ = try progressing.received(try Self.page([("id\(step)", second)], next: "c\(step)"))
            try progressing.failed(Self.invalidCursor())
        }
        #expect(progressing.restarts == 10)
        #expect(!progressing.isFinished)
    }

    @Test("a cursor seen twice stops paging with repeatedCursor; other errors end paging as they are")
    func repeatedCursorAndOtherErrors() throws {
        var pager = LogsPager(query: Self.query)
        _ = try pager.received(try Self.page([("a", 190)], next: "same"))
        let error = #expect(throws: AuditLogsError.self) {
            _ = try pager.received(try Self.page([("b", 180)], next: "same"))
        }
        #expect(error?.code == .repeatedCursor)
        #expect(pager.nextRequest == nil)

        var other = LogsPager(query: Self.query)
        _ = try other.received(try Self.page([("a", 190)], next: "c1"))
        let timeout = AuditLogsError(code: .timeout, message: "timed out")
        #expect(throws: AuditLogsError.self) { try other.failed(timeout) }
        #expect(other.isFinished)
    }

    @Test("resuming a saved position: with its cursor, or from its watermark when the cursor is gone")
    func resume() throws {
        let saved = LogsPager.Position(cursor: "c9", watermark: 150, boundaryIDs: ["x"])
        let withCursor = LogsPager(query: Self.query, position: saved)
        #expect(withCursor.nextRequest == LogsPager.Request(query: Self.query, cursor: "c9"))
        var withoutCursor = LogsPager(
            query: Self.query,
            position: LogsPager.Position(watermark: 150, boundaryIDs: ["x"])
        )
        var restarted = Self.query
        restarted.latest = 150
        #expect(withoutCursor.nextRequest == LogsPager.Request(query: restarted, cursor: nil))
        let page = try withoutCursor.received(try Self.page([("x", 150), ("y", 120)], next: nil))
        #expect(page.entries.map(\.id) == ["y"])
    }

    @Test("entries outside the query's bounds never move the watermark")
    func outsideBounds() throws {
        var pager = LogsPager(query: Self.query)
        _ = try pager.received(try Self.page([("late", 250), ("a", 190), ("early", 50)], next: "c1"))
        #expect(pager.position.watermark == 190)
    }
}
