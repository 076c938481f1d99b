import Foundation
import Testing

@testable import SlackAuditLogs
@testable import SlackAuditLogsSimulator

@Suite("Simulator internals: cursors, rate limit, query decoding, HTTP dates")
struct CursorAndLimitTests {
    @Test("cursors round-trip, contain + / and =, and reject tampering and other secrets")
    func cursors() throws {
        let cursor = LogsCursor(
            dateCreate: 1_700_000_000,
            id: EventID(high: 0xDEAD_BEEF, low: 42),
            issuedAt: 1_700_000_100
        )
        let text = cursor.encoded(secret: 99)
        #expect(text.contains("+") && text.contains("/") && text.hasSuffix("="))
        #expect(LogsCursor(decoding: text, secret: 99) == cursor)
        #expect(LogsCursor(decoding: text, secret: 100) == nil)
        var bytes = Array(text.utf8)
        bytes[20] = bytes[20] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(LogsCursor(decoding: String(decoding: bytes, as: UTF8.self), secret: 99) == nil)
        // What a client that forgets to percent-encode sends: `+` becomes a space on the server.
        #expect(LogsCursor(decoding: text.replacingOccurrences(of: "+", with: " "), secret: 99) == nil)
        #expect(LogsCursor(decoding: "", secret: 99) == nil)
        #expect(LogsCursor(decoding: "not base64!", secret: 99) == nil)
    }

    @Test("the token bucket allows the burst, then one call per interval, and says how long to wait")
    func tokenBucket() {
        let start = ContinuousClock.now
        var bucket = TokenBucket(limit: .perMinute(60, burst: 3), now: start)
        #expect(bucket.take(now: start) == nil)
        #expect(bucket.take(now: start) == nil)
        #expect(bucket.take(now: start) == nil)
        let wait = bucket.take(now: start)
        #expect(wait != nil && wait ?? .zero <= .seconds(1) && wait ?? .zero > .milliseconds(900))
        #expect(bucket.take(now: start + .milliseconds(1001)) == nil)
        #expect(bucket.take(now: start + .milliseconds(1002)) != nil)
        var unlimited = TokenBucket(limit: .unlimited, now: start)
        #expect((0..<10_000).allSatisfy { _ in unlimited.take(now: start) == nil })
    }

    @Test("query parameters are percent-decoded and + stays a plus")
    func queryDecoding() {
        let parameters = QueryParameters.parse("cursor=a%2Bb%2Fc%3D&actor=a%20b&raw=a+b&bad=%zz&empty=&flag")
        #expect(parameters["cursor"] == "a+b/c=")
        #expect(parameters["actor"] == "a b")
        #expect(parameters["raw"] == "a+b")
        #expect(parameters["bad"] == "%zz")
        #expect(parameters["empty"] == "")
        #expect(parameters["flag"] == "")
        #expect(QueryParameters.parse(nil).isEmpty)
    }

    @Test(
        "HTTP dates written by the simulator are read back by the client",
        arguments: [
            Int64(0), 784_111_777, 1_700_000_000, 1_835_481_599, 4_102_444_800,
        ]
    )
    func httpDates(_ seconds: Int64) {
        let text = HTTPDateFormatter.format(seconds)
        #expect(HTTPDate.parse(text) == seconds, "\(text)")
    }

    @Test("a known date is formatted as RFC 9110 shows it")
    func knownDate() {
        #expect(HTTPDateFormatter.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }
}

@Suite("Event store: order, paging, filters, seconds never split")
struct EventStoreTests {
    static func event(
        _ date: Int64,
        _ id: UInt64,
        action: UInt16 = 0,
        actor: UInt32 = 0,
        visibleFrom: Int64? = nil
    )
        -> SimulatedEvent
    {
        SimulatedEvent(
            id: EventID(high: id, low: id),
            dateCreate: date,
            visibleFrom: visibleFrom ?? date,
            action: action,
            actor: actor,
            entity: EntityReference(kind: .user, index: actor),
            variant: id
        )
    }

    @Test("events are kept newest first, ties by ID, also after appends")
    func order() {
        let store = EventStore([Self.event(10, 3), Self.event(20, 1), Self.event(10, 1)])
        store.append([Self.event(15, 9), Self.event(10, 2), Self.event(30, 5)])
        let keys = store.all.map { "\($0.dateCreate):\($0.id.low)" }
        #expect(keys == ["30:5", "20:1", "15:9", "10:1", "10:2", "10:3"])
    }

    @Test("paging returns every event once, never splitting a second, even past the limit")
    func paging() {
        // 1,000 events in bursts: many share a second.
        var events: [SimulatedEvent] = []
        for index in 0..<1000 { events.append(Self.event(Int64(2000 - index / 37), UInt64(index))) }
        let store = EventStore(events)
        var position: (dateCreate: Int64, id: EventID)?
        var seen: [UInt64] = []
        var pages = 0
        repeat {
            let page = store.page(filter: EventFilter(), from: position, limit: 10, now: 10_000)
            pages += 1
            #expect(page.events.count >= 10 || page.next == nil)
            if let last = page.events.last, let next = page.next { #expect(next.dateCreate < last.dateCreate) }
            seen += page.events.map(\.id.low)
            position = page.next
        } while position != nil
        #expect(seen.count == 1000)
        #expect(Set(seen).count == 1000)
        #expect(seen == store.all.map(\.id.low))
        #expect(pages == 28)
    }

    @Test("filters: oldest and latest inclusive, actions, actor, invisible late events")
    func filters() {
        let store = EventStore([
            Self.event(100, 1, action: 1, actor: 7), Self.event(200, 2, action: 2, actor: 7),
            Self.event(300, 3, action: 1, actor: 8), Self.event(400, 4, action: 1, actor: 7, visibleFrom: 1000),
        ])
        func ids(_ filter: EventFilter, now: Int64 = 500) -> [UInt64] {
            store.matching(filter: filter, now: now).map(\.id.low)
        }
        #expect(ids(EventFilter(oldest: 200, latest: 300)) == [3, 2])
        #expect(ids(EventFilter(actions: [1])) == [3, 1])
        #expect(ids(EventFilter(actor: 7)) == [2, 1])
        #expect(ids(EventFilter(actor: 7), now: 1000) == [4, 2, 1])
        #expect(ids(EventFilter(matchesNothing: true)).isEmpty)
    }

    @Test("a cursor position survives events appended before it")
    func positionIsStable() {
        let store = EventStore((0..<20).map { Self.event(Int64(100 - $0), UInt64($0)) })
        let first = store.page(filter: EventFilter(), from: nil, limit: 5, now: 1000)
        store.append([Self.event(200, 99), Self.event(98, 98)])
        let second = store.page(filter: EventFilter(), from: first.next, limit: 5, now: 1000)
        #expect(first.events.map(\.id.low) == [0, 1, 2, 3, 4])
        // The event added at second 98 sorts before the cursor's position (second 95), so a reader that has passed
        // that second never sees it: the late-arrival pitfall collectors must handle.
        #expect(second.events.map(\.id.low) == [5, 6, 7, 8, 9])
    }
}
