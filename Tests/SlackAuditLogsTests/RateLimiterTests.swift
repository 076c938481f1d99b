import SlackAuditLogsTestSupport
import Synchronization
import Testing

@testable import SlackAuditLogs

@Suite("Rate limiter: configuration, schedule, backoff, additive increase, cancellation")
struct RateLimiterTests {
    struct BadConfiguration: Sendable, CustomTestStringConvertible {
        var configuration: RateLimiter.Configuration
        var mentions: String
        var testDescription: String { mentions }
    }

    static let badConfigurations: [BadConfiguration] = [
        BadConfiguration(configuration: .init(callsPerMinute: 0), mentions: "callsPerMinute is 0.0"),
        BadConfiguration(configuration: .init(callsPerMinute: -50), mentions: "callsPerMinute is -50.0"),
        BadConfiguration(configuration: .init(callsPerMinute: .nan), mentions: "callsPerMinute is nan"),
        BadConfiguration(configuration: .init(callsPerMinute: .infinity), mentions: "callsPerMinute is inf"),
        BadConfiguration(configuration: .init(burst: 0), mentions: "burst is 0; give 1 (no burst) to 1000000"),
        BadConfiguration(configuration: .init(burst: 1_000_001), mentions: "burst is 1000001"),
        BadConfiguration(configuration: .init(burst: -3), mentions: "or nil for the whole budget"),
        BadConfiguration(configuration: .init(minimumCallsPerMinute: 0), mentions: "minimumCallsPerMinute is 0.0"),
        BadConfiguration(configuration: .init(minimumCallsPerMinute: .nan), mentions: "minimumCallsPerMinute is nan"),
        BadConfiguration(configuration: .init(callsPerMinute: 2), mentions: "lower the floor"),
        BadConfiguration(configuration: .init(decreaseFactor: 0), mentions: "decreaseFactor is 0.0"),
        BadConfiguration(configuration: .init(decreaseFactor: 1), mentions: "decreaseFactor is 1.0"),
        BadConfiguration(configuration: .init(decreaseFactor: .nan), mentions: "decreaseFactor is nan"),
        BadConfiguration(configuration: .init(increasePerMinute: 0), mentions: "increasePerMinute is 0.0"),
        BadConfiguration(configuration: .init(increasePerMinute: .infinity), mentions: "increasePerMinute is inf"),
        BadConfiguration(
            configuration: .init(missingRetryAfterDelay: .seconds(-1)),
            mentions: "missingRetryAfterDelay is -1.0 seconds"
        ),
    ]

    @Test("unusable configurations throw invalidConfiguration saying what to fix", arguments: badConfigurations)
    func invalidConfiguration(_ bad: BadConfiguration) {
        do {
            _ = try RateLimiter(bad.configuration)
            Issue.record("Expected \(bad.configuration) to be refused")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.message.hasPrefix("RateLimiter.Configuration: "))
            #expect(error.message.contains(bad.mentions), "\(error.message)")
        }
    }

    @Test("the presets are valid and have the documented values")
    func presets() throws {
        let tier3 = RateLimiter.Configuration.tier3
        #expect(tier3.callsPerMinute == 50)
        #expect(tier3.burst == nil)
        #expect(tier3.effectiveBurst == 50)
        #expect(tier3.minimumCallsPerMinute == 5)
        #expect(tier3.decreaseFactor == 0.5)
        #expect(tier3.increasePerMinute == 5)
        #expect(tier3.missingRetryAfterDelay == RateLimitErrorRetryHandler().missingHeaderDelay)
        #expect(RateLimiter.Configuration() == tier3)
        #expect(try RateLimiter().configuration == tier3)
        #expect(RateLimiter.tier3().configuration == tier3)
        #expect(RateLimiter.Configuration.perMinute(600, burst: 5) == .init(callsPerMinute: 600, burst: 5))
        #expect(RateLimiter.Configuration.perMinute(600) == .init(callsPerMinute: 600, burst: nil))
        // Without a burst the whole budget may go at once: its whole calls, at least one, at most the largest burst.
        #expect(RateLimiter.Configuration.perMinute(600).effectiveBurst == 600)
        #expect(RateLimiter.Configuration.perMinute(50.9).effectiveBurst == 50)
        #expect(RateLimiter.Configuration.perMinute(0.5).effectiveBurst == 1)
        #expect(RateLimiter.Configuration.perMinute(1e30).effectiveBurst == 1_000_000)
        #expect(RateLimiter.Configuration.perMinute(600, burst: 3).effectiveBurst == 3)
        // A ceiling below the default floor lowers the floor, so that perMinute always gives a usable limiter.
        let slow = RateLimiter.Configuration.perMinute(1)
        #expect(slow.minimumCallsPerMinute == 1)
        #expect(try RateLimiter(slow).configuration == slow)
    }

    @Test("the description shows the rate, the burst when one is set, and the current rate when a 429 lowered it")
    func descriptions() throws {
        let tier3 = RateLimiter.tier3()
        #expect(tier3.description == "RateLimiter(callsPerMinute: 50)")
        tier3.recordRateLimited(retryAfter: .seconds(60))
        #expect(tier3.description == "RateLimiter(callsPerMinute: 50, currentCallsPerMinute: 25)")
        #expect(try RateLimiter(.perMinute(600, burst: 3)).description == "RateLimiter(callsPerMinute: 600, burst: 3)")
        let limiter = try RateLimiter(.perMinute(1200.5, burst: 7))
        #expect(limiter.description == "RateLimiter(callsPerMinute: 1200.5, burst: 7)")
        limiter.recordRateLimited(retryAfter: .seconds(60))
        #expect(limiter.description.hasSuffix("burst: 7, currentCallsPerMinute: 600.25)"))
    }

    // MARK: The schedule, with exact instants

    @Test("burst then steady rate: 3 slots now, then one every 50 ms at 1200 calls per minute, in call order")
    func burstThenSteadySchedule() {
        let t0 = ContinuousClock.now
        var state = RateLimiterState(configuration: .perMinute(1200, burst: 3), now: t0)
        let reservations = (0..<10).map { _ in state.reserve(now: t0) }
        #expect(reservations.map(\.ticket) == Array(0..<10))
        #expect(reservations.map { $0.slot - t0 } == milliseconds(0, 0, 0, 50, 100, 150, 200, 250, 300, 350))
        #expect(state.pending.map(\.ticket) == Array(3..<10))

        // A call arriving late takes the next slot after the queue, not an earlier one.
        let late = state.reserve(now: t0 + .milliseconds(10))
        #expect(late.slot - t0 == .milliseconds(400))

        // The slot of a waiting call is reported until it comes, then the reservation is done.
        let ahead = state.slotAhead(of: 3, now: t0 + .milliseconds(49))
        #expect(ahead == t0 + .milliseconds(50))
        let come = state.slotAhead(of: 3, now: t0 + .milliseconds(50))
        #expect(come == nil)
        #expect(!state.pending.contains { $0.ticket == 3 })

        // Idle long enough, the whole burst is available again.
        let later = t0 + .seconds(10)
        let afterIdle = (0..<4).map { _ in state.reserve(now: later).slot - later }
        #expect(afterIdle == milliseconds(0, 0, 0, 50))
    }

    @Test("Tier 3 with the default burst: 50 slots at once, then each one 61 s after the one 50 places before it")
    func wholeBudgetThenWindow() {
        let t0 = ContinuousClock.now
        var state = RateLimiterState(configuration: .tier3, now: t0)
        let first = (0..<50).map { _ in state.reserve(now: t0).slot - t0 }
        #expect(first == Array(repeating: .zero, count: 50))
        #expect(state.pending.isEmpty)
        let second = (0..<50).map { _ in state.reserve(now: t0).slot - t0 }
        #expect(second == Array(repeating: .seconds(61), count: 50))
        #expect(state.pending.map(\.ticket) == Array(50..<100))
        #expect(state.reserve(now: t0).slot - t0 == .seconds(122))

        // Calls spread over the first half minute: each of the next ones waits for its own predecessor's minute.
        var spread = RateLimiterState(configuration: .tier3, now: t0)
        let arrivals = (0..<50).map { Duration.milliseconds(500 * Int64($0)) }
        let spreadSlots = arrivals.map { arrival in spread.reserve(now: t0 + arrival).slot - t0 }
        #expect(spreadSlots == arrivals, "below the budget nobody waits")
        let late = (0..<3).map { _ in spread.reserve(now: t0 + .seconds(30)).slot - t0 }
        #expect(late == milliseconds(61_000, 61_500, 62_000))
    }

    @Test(
        "property: whatever the arrivals, cancellations, 429s and burst, no 60 s span holds more than the budget",
        arguments: [UInt64](1...24)
    )
    func windowProperty(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let rates: [Double] = [50, 50.5, 7, 600, 1200]
        let callsPerMinute = rates.randomElement(using: &random) ?? 50
        // Half the seeds with the default burst, the whole budget; the others with one of a few explicit ones.
        let burst = seed.isMultiple(of: 2) ? nil : [1, 3, 10, 200].randomElement(using: &random)
        let configuration = RateLimiter.Configuration.perMinute(callsPerMinute, burst: burst)
        let interval = Duration.seconds(clamping: 60 / callsPerMinute)
        let t0 = ContinuousClock.now
        var state = RateLimiterState(configuration: configuration, now: t0)
        var now = t0
        var slots: [Int: ContinuousClock.Instant] = [:]
        var waiting: [RateLimiterState.Reservation] = []
        for _ in 0..<400 {
            // Mostly faster than the rate, so that both rules are tested, with idle spells now and then.
            let gap: Double
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<2: gap = 0
            case 2..<9: gap = Double.random(in: 0...1.5, using: &random) * interval.seconds
            default: gap = Double.random(in: 0...180, using: &random)
            }
            now += .seconds(clamping: gap)
            // The callers whose slot has come go, in any order; now and then one that still waits gives up.
            waiting.shuffle(using: &random)
            for caller in waiting where caller.slot <= now {
                #expect(state.slotAhead(of: caller.ticket, now: now) == nil)
            }
            waiting.removeAll { $0.slot <= now }
            if let quitter = waiting.first, Int.random(in: 0..<20, using: &random) == 0 {
                state.cancel(quitter.ticket)
                slots[quitter.ticket] = nil
                waiting.removeFirst()
            }
            // Now and then a 429, which moves the waiting slots.
            if Int.random(in: 0..<40, using: &random) == 0 {
                let retryAfter = Duration.milliseconds(Int64.random(in: 0...5000, using: &random))
                state.recordRateLimited(retryAfter: retryAfter, now: now)
                waiting = state.pending
                for moved in waiting { slots[moved.ticket] = moved.slot }
            }
            let reservation = state.reserve(now: now)
            slots[reservation.ticket] = reservation.slot
            if reservation.slot > now { waiting.append(reservation) }
            // Only the last minute and the waiting callers are remembered.
            #expect(state.windowCount <= Int(callsPerMinute) + 1 + state.pending.count)
        }
        let made = slots.sorted { $0.key < $1.key }.map(\.value)
        #expect(zip(made, made.dropFirst()).allSatisfy { $0 <= $1 }, "slots follow call order")
        let budget = Int(callsPerMinute.rounded(.down))
        #expect(Self.busiestMinute(made) <= budget, "seed \(seed), \(configuration)")
        if let burst {
            // GCRA's guarantee: the j - i calls after call i take at least (j - i - (burst - 1)) intervals.
            var violations: [(Int, Int)] = []
            for i in made.indices {
                for j in made.indices where j > i && made[j] - made[i] < interval * (j - i - (burst - 1)) {
                    violations.append((i, j))
                }
            }
            #expect(violations.isEmpty, "seed \(seed), \(configuration): \(violations.prefix(5))")
        }
    }

    @Test("a single caller over an hour: the window remembers one minute of calls, not the hour's")
    func windowStaysBounded() {
        let t0 = ContinuousClock.now
        var state = RateLimiterState(configuration: .tier3, now: t0)
        var now = t0
        var largest = 0
        for _ in 0..<3100 {
            let reservation = state.reserve(now: now)
            now = max(now, reservation.slot) + .milliseconds(100)
            #expect(state.slotAhead(of: reservation.ticket, now: now) == nil)
            largest = max(largest, state.windowCount)
        }
        #expect(now - t0 > .seconds(3600))
        #expect(largest <= 51)
    }

    @Test("a 429 moves every waiting slot after Retry-After, in order, one new interval apart, without a burst")
    func backoffReschedules() {
        let t0 = ContinuousClock.now
        var state = RateLimiterState(configuration: .perMinute(1200, burst: 3), now: t0)
        for _ in 0..<6 { _ = state.reserve(now: t0) }
        #expect(state.pending.map { $0.slot - t0 } == milliseconds(50, 100, 150))

        let started = state.recordRateLimited(retryAfter: .seconds(1), now: t0 + .milliseconds(10))
        #expect(started)
        #expect(state.rate == 600)
        #expect(state.pending.map(\.ticket) == [3, 4, 5])
        #expect(state.pending.map { $0.slot - t0 } == milliseconds(1010, 1110, 1210))
        let during = state.reserve(now: t0 + .milliseconds(20))
        #expect(during.slot - t0 == .milliseconds(1310))

        // Another 429 of the same burst asking for longer extends the backoff; the rate is not lowered again.
        let extended = state.recordRateLimited(retryAfter: .seconds(2), now: t0 + .milliseconds(30))
        #expect(!extended)
        #expect(state.rate == 600)
        #expect(state.pending.map { $0.slot - t0 } == milliseconds(2030, 2130, 2230, 2330))
        // One asking for less changes nothing.
        let shorter = state.recordRateLimited(retryAfter: .milliseconds(100), now: t0 + .milliseconds(40))
        #expect(!shorter)
        #expect(state.pending.map { $0.slot - t0 } == milliseconds(2030, 2130, 2230, 2330))
        #expect(state.backoffUntil == t0 + .milliseconds(2030))
    }

    @Test("after a backoff with nobody waiting, calls resume one interval apart: no burst")
    func noBurstAfterBackoff() {
        let t0 = ContinuousClock.now
        var state = RateLimiterState(configuration: .perMinute(1200, burst: 3), now: t0)
        state.recordRateLimited(retryAfter: nil, now: t0)  // missingRetryAfterDelay: 1 s
        let end = t0 + .seconds(1)
        #expect(state.backoffUntil == end)
        let resumed = (0..<3).map { _ in state.reserve(now: t0).slot - end }
        #expect(resumed == milliseconds(0, 100, 200))
        let other = RateLimiterState(configuration: .perMinute(1200, burst: 3), now: t0)
        #expect(other.backoffUntil == nil)
    }

    @Test("after a 429 the window follows the lowered rate: 25 calls in any 60 s at 25 per minute, even after idling")
    func windowFollowsTheLoweredRate() {
        let t0 = ContinuousClock.now
        // Growing back slowly, so that the rate stays below 26 for the whole test.
        let configuration = RateLimiter.Configuration(callsPerMinute: 50, increasePerMinute: 0.01)
        var state = RateLimiterState(configuration: configuration, now: t0)
        state.recordRateLimited(retryAfter: .seconds(10), now: t0)
        #expect(state.rate == 25)
        // After the backoff, one interval apart: no burst, although the whole budget is the burst.
        let end = t0 + .seconds(10)
        let resumed = (0..<3).map { _ in state.reserve(now: t0 + .seconds(1)).slot - end }
        #expect(resumed == milliseconds(0, 2400, 4800))

        // Ten idle minutes fill GCRA's bucket with 50 calls again, but the window lets 25 through per minute.
        let later = t0 + .seconds(600)
        let slots = (0..<60).map { _ in state.reserve(now: later).slot }
        #expect(state.rate(at: later) < 26)
        let expected: [Duration] =
            Array(repeating: .zero, count: 25) + Array(repeating: .seconds(61), count: 25)
            + Array(repeating: .seconds(122), count: 10)
        #expect(slots.map { $0 - later } == expected)
        #expect(Self.busiestMinute(slots) == 25)
    }

    @Test("a 429 moves the waiting slots under the lowered window too: 25.5 per minute allows 25 in any 60 s")
    func backoffKeepsTheWindow() {
        let t0 = ContinuousClock.now
        var state = RateLimiterState(configuration: .perMinute(51), now: t0)
        let slots = (0..<102).map { _ in state.reserve(now: t0).slot - t0 }
        #expect(slots == Array(repeating: .zero, count: 51) + Array(repeating: .seconds(61), count: 51))
        state.recordRateLimited(retryAfter: .seconds(1), now: t0 + .seconds(1))
        #expect(state.rate == 25.5)
        let moved = state.pending.map(\.slot)
        #expect(moved.count == 51)
        // One interval (2.35 s) apart would put 26 of them within a minute; the window holds the 26th back.
        #expect(moved.first == t0 + .seconds(61))
        #expect(moved[25] == t0 + .seconds(122))
        #expect(Self.busiestMinute(moved) == 25)
        #expect(zip(moved, moved.dropFirst()).allSatisfy { $1 - $0 >= state.interval })
    }

    @Test("Retry-After is capped at 5 minutes and a negative one counts as zero")
    func retryAfterBounds() {
        let t0 = ContinuousClock.now
        var state = RateLimiterState(configuration: .tier3, now: t0)
        state.recordRateLimited(retryAfter: .seconds(86_400), now: t0)
        #expect(state.backoffUntil == t0 + .seconds(300))
        var other = RateLimiterState(configuration: .tier3, now: t0)
        other.recordRateLimited(retryAfter: .seconds(-5), now: t0)
        #expect(other.backoffUntil == t0)
    }

    @Test("a cancelled last reservation gives its slot back; one in the middle keeps the others in place")
    func cancelGivesTheSlotBack() {
        let t0 = ContinuousClock.now
        var state = RateLimiterState(configuration: .perMinute(1200, burst: 1), now: t0)
        let slots = (0..<4).map { _ in state.reserve(now: t0) }
        #expect(slots.map { $0.slot - t0 } == milliseconds(0, 50, 100, 150))
        state.cancel(3)
        let givenBack = state.reserve(now: t0)
        #expect(givenBack.slot - t0 == .milliseconds(150))
        state.cancel(1)
        #expect(state.pending.map(\.ticket) == [2, 4])
        let next = state.reserve(now: t0)
        #expect(next.slot - t0 == .milliseconds(200))
    }

    @Test("a cancelled reservation frees its place in the window: the next caller takes its minute if it was last")
    func cancelFreesItsPlaceInTheWindow() {
        let t0 = ContinuousClock.now
        var state = RateLimiterState(configuration: .tier3, now: t0)
        for _ in 0..<100 { _ = state.reserve(now: t0) }  // 50 at t0, 50 at t0 + 61 s
        var untouched = state
        #expect(untouched.reserve(now: t0 + .seconds(1)).slot - t0 == .seconds(122))

        var lastCancelled = state
        lastCancelled.cancel(99)
        #expect(lastCancelled.reserve(now: t0 + .seconds(1)).slot - t0 == .seconds(61))

        // One in the middle leaves the others in place; its minute is free, and GCRA keeps one interval after
        // the reservations made after it.
        state.cancel(60)
        #expect(state.pending.count == 49)
        #expect(state.pending.allSatisfy { $0.slot == t0 + .seconds(61) })
        #expect(state.reserve(now: t0 + .seconds(1)).slot - t0 == .milliseconds(62_200))
    }

    // MARK: The limiter, on a clock moved by hand

    @Test("AIMD: a 429 halves the rate once per backoff, never below the floor; it grows back, never above the ceiling")
    func additiveIncreaseMultiplicativeDecrease() {
        let clock = ManualClock()
        let limiter = RateLimiter(validated: .tier3, clock: clock.limiterClock)
        #expect(limiter.statistics.currentCallsPerMinute == 50)

        limiter.recordRateLimited(retryAfter: .seconds(1))
        #expect(limiter.statistics.currentCallsPerMinute == 25)
        clock.advance(by: .milliseconds(500))
        limiter.recordRateLimited(retryAfter: .seconds(2))  // same burst: extends the backoff to 2.5 s
        #expect(limiter.statistics.currentCallsPerMinute == 25)
        clock.advance(by: .seconds(2))  // 2.5 s: the backoff just ended, no increase during it
        #expect(limiter.statistics.currentCallsPerMinute == 25)
        clock.advance(by: .seconds(60))
        #expect(limiter.statistics.currentCallsPerMinute == 30)
        clock.advance(by: .seconds(30))
        #expect(limiter.statistics.currentCallsPerMinute == 32.5)
        clock.advance(by: .seconds(600))
        #expect(limiter.statistics.currentCallsPerMinute == 50)

        // Backoffs of zero end at once, so each 429 starts a new one: 25, 12.5, 6.25, then the floor of 5.
        var rates: [Double] = []
        for _ in 0..<5 {
            limiter.recordRateLimited(retryAfter: .zero)
            rates.append(limiter.statistics.currentCallsPerMinute)
        }
        #expect(rates == [25, 12.5, 6.25, 5, 5])
        clock.advance(by: .seconds(6))
        #expect(limiter.statistics.currentCallsPerMinute == 5.5)
        #expect(limiter.statistics.rateLimitedResponses == 7)
        #expect(limiter.statistics.calls == 0)
    }

    @Test("10 concurrent callers at 1200 calls per minute: 3 go at once, the other 7 one every 50 ms")
    func burstThenSteady() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(validated: .perMinute(1200, burst: 3), clock: clock.limiterClock)
        let done = CompletionLog()
        let callers = (0..<10).map { _ in
            Task {
                try await limiter.acquire()
                done.record(at: clock.elapsed)
            }
        }
        #expect(try await eventually { clock.sleeping == milliseconds(50, 100, 150, 200, 250, 300, 350) })
        #expect(try await eventually { done.count == 3 })
        #expect(done.times == milliseconds(0, 0, 0))
        for step in 1...7 {
            clock.advance(by: .milliseconds(50))
            #expect(try await eventually { done.count == 3 + step })
        }
        for caller in callers { try await caller.value }
        #expect(done.times == milliseconds(0, 0, 0, 50, 100, 150, 200, 250, 300, 350))
        let statistics = limiter.statistics
        #expect(statistics.calls == 10)
        #expect(statistics.waits == 7)
        #expect(statistics.totalWait == .milliseconds(1400))
    }

    @Test("Tier 3: 20 concurrent callers all go at once")
    func shortJobGoesAtOnce() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(validated: .tier3, clock: clock.limiterClock)
        let done = CompletionLog()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await limiter.acquire()
                    done.record(at: clock.elapsed)
                }
            }
            try await group.waitForAll()
        }
        #expect(done.times == Array(repeating: .zero, count: 20))
        #expect(clock.sleeping.isEmpty)
        #expect(limiter.statistics.waits == 0)
    }

    @Test("Tier 3: of 60 concurrent callers 50 go at once, the other 10 when the minute (and a second) is over")
    func windowHoldsTheRest() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(validated: .tier3, clock: clock.limiterClock)
        let done = CompletionLog()
        let callers = (0..<60).map { _ in
            Task {
                try await limiter.acquire()
                done.record(at: clock.elapsed)
            }
        }
        #expect(try await eventually { clock.sleeping == Array(repeating: .seconds(61), count: 10) })
        #expect(try await eventually { done.count == 50 })
        clock.advance(by: .seconds(60))
        #expect(done.count == 50)
        clock.advance(by: .seconds(1))
        for caller in callers { try await caller.value }
        #expect(done.times == Array(repeating: .zero, count: 50) + Array(repeating: .seconds(61), count: 10))
        let statistics = limiter.statistics
        #expect(statistics.calls == 60)
        #expect(statistics.waits == 10)
        #expect(statistics.totalWait == .seconds(610))
    }

    @Test("a 429 holds waiting and new callers until Retry-After has passed, then one new interval apart, in order")
    func backoffHoldsEveryCaller() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(validated: .perMinute(1200, burst: 1), clock: clock.limiterClock)
        try await limiter.acquire()  // uses the burst: the next callers have to wait
        let done = CompletionLog()
        func call(_ name: String) -> Task<Void, any Error> {
            Task {
                try await limiter.acquire()
                done.record(name, at: clock.elapsed)
            }
        }
        let waiting = (0..<3).map { call("waiting \($0)") }
        #expect(try await eventually { clock.sleeping == milliseconds(50, 100, 150) })

        clock.advance(by: .milliseconds(10))
        limiter.recordRateLimited(retryAfter: .seconds(1))
        #expect(limiter.statistics.currentCallsPerMinute == 600)
        let newCaller = call("new")
        #expect(try await eventually { clock.sleeping.count == 4 })
        // Past every old slot: the waiting callers wake, find their slots moved behind the backoff, sleep again.
        clock.advance(to: .milliseconds(1009))
        #expect(try await eventually { clock.sleeping == milliseconds(1010, 1110, 1210, 1310) })
        #expect(done.count == 0)

        for (step, time) in milliseconds(1010, 1110, 1210, 1310).enumerated() {
            clock.advance(to: time)
            #expect(try await eventually { done.count == step + 1 })
        }
        for caller in waiting + [newCaller] { try await caller.value }
        #expect(done.times == milliseconds(1010, 1110, 1210, 1310))
        #expect(done.time(of: "new") == .milliseconds(1310))
        #expect(limiter.statistics.calls == 5)
        #expect(limiter.statistics.rateLimitedResponses == 1)
    }

    @Test("cancelling a waiting acquire throws cancelled, lets nothing through and gives the slot back")
    func cancellation() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(validated: .perMinute(1, burst: 1), clock: clock.limiterClock)
        try await limiter.acquire()
        let waiting = Task { try await limiter.acquire() }
        #expect(try await eventually { clock.sleeping == [.seconds(61)] })
        waiting.cancel()
        let result = await waiting.result
        guard case .failure(let error as AuditLogsError) = result else {
            Issue.record("Expected a cancelled AuditLogsError, got \(result)")
            return
        }
        #expect(error.code == .cancelled)
        #expect(error.message.contains("cancelled"))
        #expect(error.underlying is CancellationError)
        #expect(limiter.statistics.calls == 1)
        #expect(limiter.state.withLock { $0.pending.isEmpty })

        // The next caller gets the slot back: 61 s after the first call (the window's second of margin), not two
        // minutes.
        let next = Task { try await limiter.acquire() }
        #expect(try await eventually { clock.sleeping == [.seconds(61)] })
        next.cancel()
        _ = await next.result

        // An already cancelled task does not even take a slot.
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await limiter.acquire()
        }
        guard case .failure(let second as AuditLogsError) = await cancelled.result else {
            Issue.record("Expected a cancelled AuditLogsError")
            return
        }
        #expect(second.code == .cancelled)
        #expect(limiter.statistics.calls == 1)
    }

    // MARK: The limiter, in real time

    @Test("real clock: 20 calls on a new Tier 3 limiter do not wait at all")
    func shortJobInRealTime() async throws {
        let limiter = try RateLimiter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 { group.addTask { try await limiter.acquire() } }
            try await group.waitForAll()
        }
        let statistics = limiter.statistics
        #expect(statistics.calls == 20)
        #expect(statistics.waits == 0)
        #expect(statistics.totalWait == .zero)
    }

    @Test("real clock: 10 concurrent callers at 1200 calls per minute with a burst of 3 span at least 350 ms")
    func burstThenSteadyInRealTime() async throws {
        let limiter = try RateLimiter(.perMinute(1200, burst: 3))
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 { group.addTask { try await limiter.acquire() } }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        let statistics = limiter.statistics
        #expect(statistics.calls == 10)
        // On a loaded machine some callers arrive late and find a free slot, so fewer than 7 may wait.
        #expect(statistics.waits <= 7)
        // However the tasks are scheduled, 10 slots 50 ms apart after a burst of 3 span at least 7 intervals.
        #expect(elapsed >= .milliseconds(350))
    }

    @Test("real clock: after a 429, the next caller waits at least Retry-After; a cancelled wait ends at once")
    func backoffAndCancellationInRealTime() async throws {
        let limiter = try RateLimiter(.perMinute(6000, burst: 10))
        let rateLimitedAt = ContinuousClock.now
        limiter.recordRateLimited(retryAfter: .milliseconds(300))
        try await limiter.acquire()
        #expect(ContinuousClock.now - rateLimitedAt >= .milliseconds(300))

        limiter.recordRateLimited(retryAfter: .seconds(300))
        let start = ContinuousClock.now
        let waiting = Task { try await limiter.acquire() }
        try await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        let result = await waiting.result
        // The backoff had five minutes to run.
        #expect(ContinuousClock.now - start < .seconds(120))
        guard case .failure(let error as AuditLogsError) = result else {
            Issue.record("Expected a cancelled AuditLogsError, got \(result)")
            return
        }
        #expect(error.code == .cancelled)
        #expect(limiter.statistics.calls == 1)
    }

    /// The most slots in any 60-second span `[t, t + 60 s)`: the busiest span starts at a slot.
    static func busiestMinute(_ slots: [ContinuousClock.Instant]) -> Int {
        let sorted = slots.sorted()
        var busiest = 0
        var end = 0
        for start in sorted.indices {
            while end < sorted.count, sorted[end] < sorted[start] + .seconds(60) { end += 1 }
            busiest = max(busiest, end - start)
        }
        return busiest
    }
}
