/// The schedule and the rate of a ``RateLimiter``, changed only under the limiter's lock.
///
/// Each call takes the next slot in call order, and two rules set how early that slot may be:
///
/// - a generic cell rate algorithm (GCRA): slots are `60 / rate` seconds apart, and after an idle period up to
///   `burst` calls share the current instant;
/// - a sliding window: a slot is never earlier than 61 s after the slot of the reservation `floor(rate)` places
///   before it, so no 60-second span holds more than `floor(rate)` slots, even for calls sent a second late. GCRA alone lets a full burst and the
///   refill that follows it into the same minute; with the whole budget as the burst that would be twice Slack's
///   limit.
///
/// The rate follows additive increase, multiplicative decrease: a 429 starts a backoff and lowers it once, calls
/// without 429s raise it again. Every method takes the current time, so tests can drive it with any instants.
struct RateLimiterState: Sendable {
    typealias Instant = ContinuousClock.Instant

    /// A slot handed out by ``reserve(now:)``.
    struct Reservation: Sendable, Hashable {
        /// The reservation's place in line: tickets are handed out in call order.
        let ticket: Int
        /// When the call may go.
        var slot: Instant
    }

    /// A reservation the window still counts, and whether its caller still waits for its slot.
    private struct Entry: Sendable {
        var reservation: Reservation
        var isPending: Bool
    }

    /// The longest backoff, whatever `Retry-After` says: the default ``RateLimitErrorRetryHandler/maximumDelay``.
    static let maximumBackoff: Duration = .seconds(300)

    /// The span over which the window cap counts slots: a second more than Slack's minute, so that a call that
    /// leaves a little after its slot (a new connection's handshake, a busy machine) still lands in its own minute at
    /// Slack. At full demand this costs under 2% of the budget.
    static let window: Duration = .seconds(61)

    let configuration: RateLimiter.Configuration
    /// How many calls may share an instant after an idle period.
    private let burst: Int
    /// The rate in calls per minute, as of `rateAnchor`.
    private(set) var rate: Double
    /// Where additive increase counts from: the last update, or the end of the current backoff.
    private var rateAnchor: Instant
    /// GCRA's theoretical arrival time: when every burst call is available again. The next slot is this minus the
    /// burst tolerance, or now if that is earlier.
    private var theoreticalArrival: Instant
    /// The reservations the window counts, in ticket order, with non-decreasing slots: every one whose slot is at
    /// most a minute old when last pruned, and every one whose caller still waits. Slots come in ticket
    /// order, so the waiting ones are always the last of the list.
    private var recent: [Entry] = []
    /// The ticket of the next reservation.
    private var nextTicket = 0
    /// When the current backoff ends (in the past once it is over), or `nil` before the first 429.
    private(set) var backoffUntil: Instant?
    /// Calls, waits and 429s so far; the current rate is filled in by ``statistics(at:)``.
    private var counts = RateLimiter.Statistics()

    init(configuration: RateLimiter.Configuration, now: Instant) {
        self.configuration = configuration
        self.burst = configuration.effectiveBurst
        self.rate = configuration.callsPerMinute
        self.rateAnchor = now
        self.theoreticalArrival = now
    }

    /// The reservations whose slot had not come when they were made, in ticket order, until their call goes.
    var pending: [Reservation] { recent.filter(\.isPending).map(\.reservation) }

    /// How many reservations the window holds: tests check that it stays bounded.
    var windowCount: Int { recent.count }

    /// The time between two slots at the current rate.
    var interval: Duration { .seconds(clamping: 60 / rate) }

    /// How far ahead of the theoretical arrival time a burst may reach: `burst - 1` intervals.
    private var burstTolerance: Duration { interval * (burst - 1) }

    /// The most slots in any 60-second span at the current rate: its whole calls, at least 1.
    var windowCap: Int { Int(min(max(1, rate.rounded(.down)), Double(Int32.max))) }

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
        dropExpired(now: now)
        let start = max(theoreticalArrival, now)
        var slot = max(now, start - burstTolerance)
        // Never ahead of an earlier caller.
        if let last = recent.last { slot = max(slot, last.reservation.slot) }
        let cap = windowCap
        if recent.count >= cap { slot = max(slot, recent[recent.count - cap].reservation.slot + Self.window) }
        var afterBackoff = false
        if let backoffUntil, backoffUntil > slot {
            slot = backoffUntil
            afterBackoff = true
        }
        // GCRA counts the call at its slot. A window delay keeps the count, so the calls held back by the window
        // go together when it opens; a backoff empties the bucket, so no burst follows it.
        theoreticalArrival = (afterBackoff ? slot + burstTolerance : max(theoreticalArrival, slot)) + interval
        let reservation = Reservation(ticket: nextTicket, slot: slot)
        nextTicket += 1
        let isPending = slot > now
        if !isPending { release(through: recent.count - 1) }
        recent.append(Entry(reservation: reservation, isPending: isPending))
        return reservation
    }

    /// The slot of a pending reservation when it is still later than `now`; otherwise `nil`, and the reservation is
    /// done. A backoff may have moved the slot since it was handed out.
    mutating func slotAhead(of ticket: Int, now: Instant) -> Instant? {
        guard let index = index(of: ticket), recent[index].isPending else { return nil }
        let slot = recent[index].reservation.slot
        guard slot <= now else { return slot }
        release(through: index)
        return nil
    }

    /// Drops a reservation whose caller stopped waiting, from the schedule and from the window. When nothing was
    /// reserved after it, its slot goes to the next caller.
    mutating func cancel(_ ticket: Int) {
        guard let index = index(of: ticket) else { return }
        recent.remove(at: index)
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
    /// Every pending reservation moves to the end of the backoff or later, one interval apart at the new rate and
    /// within the window cap of the new rate, in the same order; so do later ones.
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
        dropExpired(now: now)
        let cap = windowCap
        var next = end
        // The pending reservations are the last of the list, so every slot before them is no later than theirs.
        for index in recent.indices where recent[index].isPending {
            var slot = max(recent[index].reservation.slot, next)
            if index >= cap { slot = max(slot, recent[index - cap].reservation.slot + Self.window) }
            recent[index].reservation.slot = slot
            next = slot + interval
        }
        // No burst after a backoff: the bucket refills from empty.
        theoreticalArrival = max(next, unburstNext) + burstTolerance
        return started
    }

    /// The position of `ticket` in ``recent``, found by bisection: tickets only grow along the list.
    private func index(of ticket: Int) -> Int? {
        var low = 0
        var high = recent.count
        while low < high {
            let middle = (low + high) / 2
            if recent[middle].reservation.ticket < ticket { low = middle + 1 } else { high = middle }
        }
        return low < recent.count && recent[low].reservation.ticket == ticket ? low : nil
    }

    /// Marks the reservation at `index` done, and every earlier one still pending: their slots are no later, so
    /// they have come too. This keeps the pending reservations at the end of the list.
    private mutating func release(through index: Int) {
        var position = index
        while position >= 0, recent[position].isPending {
            recent[position].isPending = false
            position -= 1
        }
    }

    /// Forgets the done reservations whose slot is more than a minute before `now`: no later slot can depend on them,
    /// so the list holds the calls of the last minute and the waiting ones, however many calls came before.
    private mutating func dropExpired(now: Instant) {
        let cutoff = now - Self.window
        let expired = recent.prefix { !$0.isPending && $0.reservation.slot < cutoff }.count
        if expired > 0 { recent.removeFirst(expired) }
    }
}
