import SlackAuditLogs
import Testing

@testable import SlackAuditLogsCollector

/// The writer's decisions on their own: which entries of a page are written, skipped or kept for the spool.
@Suite("Collection state: what the writer writes, skips and keeps")
struct CollectionStateTests {
    static func page(_ entries: [(String, Int64)], next: String?) throws -> RawLogsPage {
        let items = entries.map { #"{"id":"\#($0.0)","date_create":\#($0.1)}"# }
        let cursor = next.map { #""\#($0)""# } ?? "null"
        let body = #"{"entries":[\#(items.joined(separator: ","))],"response_metadata":{"next_cursor":\#(cursor)}}"#
        return try RawLogsPage(body: Array(body.utf8))
    }

    static func state(replay: Set<String> = [], workers: Int = 2) -> CollectionState {
        var checkpoint = Checkpoint(filters: [:], start: 1_000)
        checkpoint.replayIDs = replay
        var state = CollectionState(
            checkpoint: checkpoint,
            settings: WindowPlanner.Settings(workers: workers, pageLimit: 3),
            recheckSeconds: nil,
            ledger: DeliveryLedger(replay: replay, remembersRecent: false),
            summary: CollectionSummary(),
            outputSize: 0
        )
        state.beginRound(target: 2_000)
        return state
    }

    @Test("entries an interrupted run wrote are skipped once; entries outside the window are counted, not written")
    func duplicatesAndStrays() throws {
        var state = Self.state(replay: ["b"])
        let assignedTicket = state.assign(idleWorkers: 1)
        let ticket = try #require(assignedTicket)
        let page = try Self.page([("stray", 2_500), ("a", 1_900), ("b", 1_800), ("c", 1_700)], next: "n")
        let position = LogsPager.Position(cursor: "n", watermark: 1_700, boundaryIDs: ["c"])
        let accepted = state.accept(
            page,
            ticket: ticket,
            position: position,
            pagerFinished: false,
            restarts: 0,
            spooling: false,
            outputSize: 0
        )
        let outcome = try #require(accepted)
        #expect(outcome.entries.map(\.id) == ["a", "c"])
        #expect(outcome.outside?.second == 2_500)
        #expect(outcome.goOn)
        #expect(state.summary.duplicatesSkipped == 1)
        #expect(state.summary.outsideWindowSkipped == 1)
        #expect(state.checkpoint(outputSize: 10, now: 0).replayIDs.isEmpty, "b came again: no longer skipped")
    }

    @Test("after a split, the reading window skips the seconds it gave away and stops once past them")
    func splitOverlap() throws {
        var state = Self.state(workers: 2)
        let assignedFirst = state.assign(idleWorkers: 2)
        let first = try #require(assignedFirst)
        // Three entries in the newest 100 s of 1,000: about nine pages left, worth a part for the other worker.
        let opening = try Self.page([("a", 1_999), ("b", 1_950), ("c", 1_900)], next: "n1")
        _ = state.accept(
            opening,
            ticket: first,
            position: LogsPager.Position(cursor: "n1", watermark: 1_900, boundaryIDs: ["c"]),
            pagerFinished: false,
            restarts: 0,
            spooling: false,
            outputSize: 0
        )
        let assignedSecond = state.assign(idleWorkers: 1)
        let second = try #require(assignedSecond)
        let given = try #require(state.window(second))
        let kept = try #require(state.window(first))
        #expect(given.latest + 1 == kept.oldest)
        #expect(kept.queryOldest == 1_000)
        // The reading window's next page reaches into the part it gave away.
        let crossing = try Self.page([("d", kept.oldest + 5), ("e", kept.oldest - 1), ("f", 1_001)], next: "n2")
        let accepted = state.accept(
            crossing,
            ticket: first,
            position: LogsPager.Position(cursor: "n2", watermark: 1_001, boundaryIDs: ["f"]),
            pagerFinished: false,
            restarts: 1,
            spooling: false,
            outputSize: 0
        )
        let outcome = try #require(accepted)
        #expect(outcome.entries.map(\.id) == ["d"])
        #expect(!outcome.goOn, "its seconds are all read")
        #expect(state.summary.outsideWindowSkipped == 0, "the other window's entries are not strays")
        #expect(state.summary.windowsRestarted == 1)
        #expect(state.window(first) == nil, "a read window is forgotten in as-fetched order")
    }

    @Test("spooled pages are checked against the ledger when they are written out, not when they arrive")
    func spoolingDefersTheLedger() throws {
        var state = Self.state(replay: ["b"])
        let assignedTicket = state.assign(idleWorkers: 1)
        let ticket = try #require(assignedTicket)
        let page = try Self.page([("a", 1_900), ("b", 1_800)], next: nil)
        let accepted = state.accept(
            page,
            ticket: ticket,
            position: LogsPager.Position(watermark: 1_800, boundaryIDs: ["b"]),
            pagerFinished: true,
            restarts: 0,
            spooling: true,
            outputSize: 0
        )
        let outcome = try #require(accepted)
        #expect(outcome.entries.map(\.id) == ["a", "b"])
        #expect(!outcome.goOn)
        #expect(state.windowReadyToWrite == ticket, "read, and the oldest: ready to be written out")
        let written = state.admitFromSpool(Array(outcome.entries.reversed()), ticket: ticket, outputSize: 0)
        #expect(written.map(\.id) == ["a"])
        state.finishWriting(ticket)
        #expect(state.planner.isRoundComplete)
    }
}
