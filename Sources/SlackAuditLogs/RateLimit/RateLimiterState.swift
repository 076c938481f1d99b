/// The schedule and the rate of a ``RateLimiter``, changed only under the limiter's lock.
///
/// The schedule is a generic cell rate algorithm (GCRA) with reservations: each call takes the next slot in call
/// order, slots are `60 / rate` seconds apart, and after an idle period up to `burst` calls share the current
/// instant. The rate follows additive increase, multiplicative decrease: a 429 starts a backoff and lowers it once,
/// calls without 429s raise it again. Every method takes the current time, so tests can drive it with any instants.
struct RateLimiterState: Sendable {
    typealias Instant = ContinuousClock.Instant

    /// A slot handed out by ``reserve(now:)``.
    struct Reservation: Sendable, Hashable {
        /// The reservation's place in line: tickets are handed out in call order.
        let ticket: Int
        /// When the call may go.
        var slot: Instant
    }

    /// The longest backoff, whatever `Retry-After` says: the default ``RateLimitErrorRetryHandler/maximumDelay``.
    static let maximumBackoff: Duration = .seconds(300)

    let configuration: RateLimiter.Configuration
    /// The rate in calls per minute, as of `rateAnchor`.
    private(set) var rate: Double
    /// Where additive increase counts from: the last update, or the end of the current backoff.
    private var rateAnchor: Instant
    /// GCRA's theoretical arrival time: when every burst call is available again. The next slot is this minus the
    /// burst tolerance, or now if that is earlier.
    private var theoreticalArrival: Instant
    /// The reservations whose slot had not come when they were made, in ticket order, until their call goes.
    private(set) var pending: [Reservation] = []
    /// The ticket of the next reservation.
    private var nextTicket = 0
    /// When the current backoff ends (in the past once it is over), or `nil` before the first 429.
    private(set) var backoffUntil: Instant?
    /// Calls, waits and 429s so far; the current rate is filled in by ``statistics(at:)``.
    private var counts = RateLimiter.Statistics()

    init(configuration: RateLimiter.Configuration, now: Instant) {
        self.configuration = configuration
        self.rate = configuration.callsPerMinute
        self.rateAnchor = now
        self.theoreticalArrival = now
    }

    /// The time between two slots at the current rate.
    var interval: Duration { .secondsPrecise(60 / rate) }

    /// How far ahead of the theoretical arrival time a burst may reach: `burst - 1` intervals.
    private var burstTolerance: Duration { interval * (configuration.burst - 1) }

    /// The rate at `now`, with the additive increase since `rateAnchor`, at most the ceiling.
    func rate(at now: Instant) -> Double {
        guard now > rateAnchor else { return rate }
        let minutes = (now - rateAnchor).seconds / 60
        return min(configuration.callsPerMinute, rate + configuration.increasePerMinute * minutes)
    }

    /// The statistics, with the rate at `now`.
    func statistics(at now: Instant) -> RateLimiter.Statistics {
        var statistics = counts
        statistics.currentCallsPerMinute = rate(at: now)
        return statistics
    }

    /// Applies the additive increase up to `now`.
    private mutating func updateRate(now: Instant) {
        rate = rate(at: now)
        rateAnchor = max(rateAnchor, now)
    }

    /// Takes the next slot. The reservation is kept in ``pending`` when its slot is later than `now`.
    mutating func reserve(now: Instant) -> Reservation {
        updateRate(now: now)
        let start = max(theoreticalArrival, now)
        let scheduled = max(now, start - burstTolerance)
        var slot = scheduled
        // Never ahead of an earlier caller, never inside a backoff.
        if let last = pending.last { slot = max(slot, last.slot) }
        if let backoffUntil { slot = max(slot, backoffUntil) }
        theoreticalArrival = (slot > scheduled ? slot + burstTolerance : start) + interval
        let reservation = Reservation(ticket: nextTicket, slot: slot)
        nextTicket += 1
        if slot > now { pending.append(reservation) }
        return reservation
    }

    /// The slot of a pending reservation when it is still later than `now`; otherwise `nil`, and the reservation is
    /// done. A backoff may have moved the slot since it was handed out.
    mutating func slotAhead(of ticket: Int, now: Instant) -> Instant? {
        guard let index = pending.firstIndex(where: { $0.ticket == ticket }) else { return nil }
        let slot = pending[index].slot
        guard slot <= now else { return slot }
        pending.remove(at: index)
        return nil
    }

    /// Drops a pending reservation whose caller stopped waiting. When nothing was reserved after it, its slot goes
    /// to the next caller.
    mutating func cancel(_ ticket: Int) {
        guard let index = pending.firstIndex(where: { $0.ticket == ticket }) else { return }
        pending.remove(at: index)
        if ticket == nextTicket - 1 { theoreticalArrival = theoreticalArrival - interval }
    }

    /// Counts a call let through, and its wait when it had to wait.
    mutating func recordAcquired(waited: Duration?) {
        counts.calls += 1
        if let waited {
            counts.waits += 1
            counts.totalWait += waited
        }
    }

    /// Starts a backoff after a 429, or extends the current one. Returns whether a new backoff started, which is
    /// the only time the rate is lowered: the other 429s of the same burst arrive while it runs.
    ///
    /// Every pending reservation moves to the end of the backoff or later, one interval apart at the new rate, in
    /// the same order; so do later ones.
    @discardableResult
    mutating func recordRateLimited(retryAfter: Duration?, now: Instant) -> Bool {
        counts.rateLimitedResponses += 1
        let delay = min(max(retryAfter ?? configuration.missingRetryAfterDelay, .zero), Self.maximumBackoff)
        let requestedEnd = now + delay
        let unburstNext = theoreticalArrival - burstTolerance
        let started: Bool
        let end: Instant
        if let current = backoffUntil, now < current {
            end = max(current, requestedEnd)
            started = false
        } else {
            updateRate(now: now)
            rate = max(configuration.minimumCallsPerMinute, rate * configuration.decreaseFactor)
            end = requestedEnd
            started = true
        }
        backoffUntil = end
        rateAnchor = max(rateAnchor, end)
        var next = end
        for index in pending.indices {
            pending[index].slot = max(pending[index].slot, next)
            next = pending[index].slot + interval
        }
        // No burst after a backoff: the bucket refills from empty.
        theoreticalArrival = max(next, unburstNext) + burstTolerance
        return started
    }
}

extension Duration {
    /// `seconds` as a duration with nanosecond precision, clamped to 0 … 10⁹ s so that it never overflows.
    static func secondsPrecise(_ seconds: Double) -> Duration {
        guard seconds.isFinite, seconds > 0 else { return .zero }
        return .nanoseconds(Int64((min(seconds, 1e9) * 1e9).rounded()))
    }
}
