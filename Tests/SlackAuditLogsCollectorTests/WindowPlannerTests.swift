import SlackAuditLogs
import Testing

@testable import SlackAuditLogsCollector

/// The planner on its own, driven by a model of `/logs` over synthetic event times: pages newest first, never split
/// inside a second, cursors that keep the query's bounds. No I/O, so every distribution runs in milliseconds.
@Suite("Window planner: calls near the optimum for every density")
struct WindowPlannerTests {
    /// Event seconds, newest first, and what the planner spent collecting them.
    struct Org {
        let name: String
        /// Every event's second, newest first (several events may share one).
        let seconds: [Int64]
        let start: Int64
        let end: Int64

        /// The events of `oldest...latest` strictly older than `watermark`, newest first, as a page of `limit`
        /// extended to the end of its last second; and whether more come after it.
        func page(oldest: Int64, latest: Int64, below watermark: Int64?, limit: Int) -> (page: [Int64], more: Bool) {
            let upper = min(latest, (watermark ?? Int64.max) - 1)
            var page: [Int64] = []
            var index = seconds.firstIndex { $0 <= upper } ?? seconds.count
            while index < seconds.count, seconds[index] >= oldest {
                if page.count >= limit, page.last != seconds[index] { return (page, true) }
                page.append(seconds[index])
                index += 1
            }
            return (page, false)
        }
    }

    struct Outcome {
        var calls = 0
        var delivered: [Int64: Int] = [:]
        var windowsOpened = 0
    }

    /// Collects `org` with `workers` workers taking turns page by page, the way the writer hands out work.
    static func collect(_ org: Org, workers: Int, limit: Int) -> Outcome {
        var planner = WindowPlanner(
            settings: WindowPlanner.Settings(workers: workers, pageLimit: limit),
            coveredUntil: org.start,
            openWindows: []
        )
        planner.beginRound(target: org.end)
        var outcome = Outcome()
        var running: [Int] = []
        var rounds = 0
        while true {
            while running.count < workers, let ticket = planner.assign(idleWorkers: workers - running.count) {
                running.append(ticket)
            }
            guard !running.isEmpty else { break }
            rounds += 1
            guard rounds < 100_000 else {
                Issue.record("The planner does not finish")
                break
            }
            for ticket in running {
                guard let window = planner.window(ticket) else { continue }
                let (page, more) = org.page(
                    oldest: window.queryOldest,
                    latest: window.latest,
                    below: window.position.watermark,
                    limit: limit
                )
                outcome.calls += 1
                for second in page where second >= window.oldest { outcome.delivered[second, default: 0] += 1 }
                var position = window.position
                if let oldest = page.last { position.watermark = oldest }
                position.cursor = more ? "cursor-\(outcome.calls)" : nil
                let goOn = planner.recordPage(
                    ticket,
                    position: position,
                    pagerFinished: !more,
                    entriesInQuery: page.count
                )
                if !goOn {
                    running.removeAll { $0 == ticket }
                    planner.remove(ticket)
                }
            }
        }
        outcome.windowsOpened = planner.splits
        #expect(planner.isRoundComplete, "\(org.name): the round is complete")
        return outcome
    }

    static let year: Int64 = 366 * 86_400
    static let end: Int64 = 1_750_000_000

    /// Seconds spread as `shape` says (a density over the span, 0 = oldest), drawn by rejection from two
    /// low-discrepancy sequences: the same organizations on every run, without a random generator.
    static func org(_ name: String, count: Int, span: Int64, bursts: Bool = false, _ shape: (Double) -> Double) -> Org {
        var seconds: [Int64] = []
        seconds.reserveCapacity(count)
        var step = 0
        while seconds.count < count {
            step += 1
            let x = (Double(step) * 0.618_033_988_749_895).truncatingRemainder(dividingBy: 1)
            let accept = (Double(step) * 0.414_213_562_373_095).truncatingRemainder(dividingBy: 1)
            guard accept <= shape(x) else { continue }
            let second = end - span + Int64(x * Double(span))
            let run = bursts && step % 50 == 0 ? 2 + step % 400 : 1
            for _ in 0..<min(run, count - seconds.count) { seconds.append(second) }
        }
        return Org(name: name, seconds: seconds.sorted(by: >), start: end - span, end: end + 1)
    }

    static let organizations: [Org] = [
        org("small org, a year, uniform", count: 20_000, span: year) { _ in 1 },
        org("30 days, uniform", count: 300_000, span: 30 * 86_400) { _ in 1 },
        org("30 days, bursty", count: 300_000, span: 30 * 86_400, bursts: true) { _ in 1 },
        org("grew over a year", count: 100_000, span: year) { x in x },
        org("sparse, three years", count: 3_000, span: 3 * year) { _ in 1 },
        org("quiet then a storm", count: 200_000, span: 30 * 86_400) { x in x > 0.97 ? 1 : 0.002 },
    ]

    @Test(
        "Every event once, and calls at most ceil(N / 9999) × 1.05 + workers + 2",
        arguments: organizations,
        [1, 4]
    )
    func callsNearTheOptimum(org: Org, workers: Int) {
        let limit = LogsQuery.maximumLimit
        let outcome = Self.collect(org, workers: workers, limit: limit)
        let expected = Dictionary(org.seconds.map { ($0, 1) }, uniquingKeysWith: +)
        #expect(outcome.delivered == expected, "\(org.name): every event exactly once")
        let optimum = (org.seconds.count + limit - 1) / limit
        let bound = Int((Double(optimum) * 1.05).rounded(.down)) + workers + 2
        #expect(outcome.calls <= bound, "\(org.name), \(workers) workers: \(outcome.calls) calls, optimum \(optimum)")
        print("planner: \(org.name), \(workers) worker(s): \(outcome.calls) calls, optimum \(optimum)")
    }

    @Test(
        "On a sparse range extra workers spend no extra calls",
        arguments: organizations.filter { $0.seconds.count < 50_000 }
    )
    func sparseRangesDoNotSplit(org: Org) {
        let single = Self.collect(org, workers: 1, limit: LogsQuery.maximumLimit)
        let parallel = Self.collect(org, workers: 4, limit: LogsQuery.maximumLimit)
        #expect(parallel.calls == single.calls)
    }

    /// A planner in a round over `range`, and the window it gives the first worker.
    static func firstWindow(workers: Int, limit: Int, range: Range<Int64>) throws -> (WindowPlanner, Int) {
        var planner = WindowPlanner(
            settings: WindowPlanner.Settings(workers: workers, pageLimit: limit),
            coveredUntil: range.lowerBound,
            openWindows: []
        )
        planner.beginRound(target: range.upperBound)
        let assigned = planner.assign(idleWorkers: workers)
        return (planner, try #require(assigned))
    }

    @Test("On a dense range the first page is split into one part per worker, the reading window keeping the newest")
    func denseRangeSplitsForEveryWorker() throws {
        let (initial, first) = try Self.firstWindow(workers: 4, limit: 100, range: 1_000..<101_000)
        var planner = initial
        #expect(planner.window(first) == WindowProgress(oldest: 1_000, latest: 100_999))
        // Three more workers: nothing to give before the first page says how dense the range is.
        let early = planner.assign(idleWorkers: 3)
        #expect(early == nil)
        // 100 entries in the newest 1,000 seconds: 99,000 seconds left hold about 99 pages.
        var position = LogsPager.Position(cursor: "next", watermark: 100_000, boundaryIDs: ["a"])
        let goesOn = planner.recordPage(first, position: position, pagerFinished: false, entriesInQuery: 100)
        #expect(goesOn)
        var parts: [WindowProgress] = []
        while let ticket = planner.assign(idleWorkers: 3 - parts.count) {
            parts.append(try #require(planner.window(ticket)))
        }
        #expect(parts.count == 3)
        let reading = try #require(planner.window(first))
        #expect(reading.latest == 100_999 && reading.queryOldest == 1_000, "the reading window keeps its query")
        #expect(reading.oldest == 75_250)
        #expect(parts.map(\.oldest) == [1_000, 25_750, 50_500])
        #expect(parts.map(\.latest) == [25_749, 50_499, 75_249])
        #expect(parts.allSatisfy { $0.queryOldest == $0.oldest && !$0.hasStarted })
        // The round's allowance is spent: one window per worker until pages come back full.
        let more = planner.assign(idleWorkers: 1)
        #expect(more == nil)
        // The reading window's next page crosses into the part it gave away: it is read.
        position.watermark = 75_100
        let crossed = planner.recordPage(first, position: position, pagerFinished: false, entriesInQuery: 100)
        #expect(!crossed)
    }

    @Test("A page that reaches the end of a sparse range leaves nothing to split")
    func sparseFirstPage() throws {
        let (initial, first) = try Self.firstWindow(workers: 4, limit: 9999, range: 0..<1_000_000)
        var planner = initial
        // 5,000 entries over the newest 600,000 seconds: the 400,000 left hold about a third of a page.
        let position = LogsPager.Position(cursor: "next", watermark: 400_000)
        let goesOn = planner.recordPage(first, position: position, pagerFinished: false, entriesInQuery: 5_000)
        #expect(goesOn)
        let split = planner.assign(idleWorkers: 3)
        #expect(split == nil)
        #expect(planner.splits == 0)
    }

    @Test("Resumed windows go first, oldest first; then the rest of the range as one window")
    func resumedWindowsFirst() throws {
        var resumed = WindowProgress(oldest: 500, latest: 599)
        resumed.position = LogsPager.Position(cursor: "c", watermark: 550, boundaryIDs: ["x"])
        let untouched = WindowProgress(oldest: 100, latest: 499)
        var planner = WindowPlanner(
            settings: WindowPlanner.Settings(workers: 2, pageLimit: 100),
            coveredUntil: 600,
            openWindows: [resumed, untouched]
        )
        planner.beginRound(target: 10_000)
        let tickets = [planner.assign(idleWorkers: 2), planner.assign(idleWorkers: 1), planner.assign(idleWorkers: 1)]
        let a = try #require(tickets[0])
        let b = try #require(tickets[1])
        let c = try #require(tickets[2])
        #expect(planner.window(a) == untouched)
        #expect(planner.window(b) == resumed)
        #expect(planner.window(c) == WindowProgress(oldest: 600, latest: 9_999))
        #expect(planner.coveredUntil == 10_000)
        // A worker that stopped gives its window back.
        planner.release(b)
        let again = planner.assign(idleWorkers: 1)
        #expect(again == b)
    }

    @Test("A follow round whose events fit in one page is one window and one call")
    func followRound() {
        let org = Org(name: "a quiet minute", seconds: [1_060, 1_030, 1_030, 1_001], start: 1_000, end: 1_061)
        for workers in [1, 4] {
            #expect(Self.collect(org, workers: workers, limit: 9999).calls == 1)
        }
        let empty = Org(name: "nothing new", seconds: [], start: 1_000, end: 1_061)
        #expect(Self.collect(empty, workers: 4, limit: 9999).calls == 1)
    }
}

extension WindowPlannerTests.Org: CustomTestStringConvertible {
    var testDescription: String { name }
}
