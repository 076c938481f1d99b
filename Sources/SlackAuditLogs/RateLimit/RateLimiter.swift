import CoreMetrics
import Synchronization

/// Keeps calls under Slack's rate limit before Slack has to refuse them, and backs off when it does.
///
/// Slack allows every Audit Logs method about 50 calls per minute (Tier 3) for the whole organization, whatever the
/// token or the app, and answers HTTP 429 with `Retry-After` beyond that. A limiter hands out slots at its current
/// rate, in call order: after an idle period up to ``Configuration/burst`` calls go at once (by default the whole
/// budget, so a short job is not slowed), then one per interval, and no 60-second span ever holds more calls than
/// the rate.
///
/// ```swift
/// let limiter = try RateLimiter(.tier3)
/// var configuration = AuditLogsClient.Configuration()
/// configuration.rateLimiter = limiter   // every client made with it shares this budget
/// ```
///
/// Each client calls ``acquire()`` before every attempt (retries and redirects included) and
/// ``recordRateLimited(retryAfter:)`` for every 429. A 429 makes every caller, waiting or new, wait until
/// `Retry-After` has passed, then calls resume one interval apart, without a burst; it also multiplies the rate by
/// ``Configuration/decreaseFactor``, once per backoff. While no 429 arrives the rate grows back by
/// ``Configuration/increasePerMinute`` each minute, up to ``Configuration/callsPerMinute``.
///
/// A limiter is a class: every configuration and client it is given to shares one budget. Give clients of the same
/// organization the same limiter, and lower ``Configuration/callsPerMinute`` when other apps call the API too.
///
/// Its figures are in ``statistics`` and go to swift-metrics: `slack_audit_logs_rate_limiter_calls_total`,
/// `slack_audit_logs_rate_limiter_waits_total`, `slack_audit_logs_rate_limiter_rate_limited_total`,
/// `slack_audit_logs_rate_limiter_wait_seconds` (a timer) and `slack_audit_logs_rate_limiter_calls_per_minute`
/// (a gauge).
public final class RateLimiter: Sendable {
    /// The configuration the limiter was created with.
    public let configuration: Configuration

    /// The schedule and the rate; internal so that tests can look at the waiting reservations.
    let state: Mutex<RateLimiterState>
    private let metrics: RateLimiterMetrics
    private let clock: RateLimiterClock

    /// Creates a limiter.
    ///
    /// - Parameters:
    ///   - configuration: the rates; Slack's Tier 3 by default.
    ///   - metricsFactory: where the limiter's metrics go; `nil` (the default) uses the process-wide `MetricsSystem`.
    /// - Throws: ``AuditLogsError/Code/invalidConfiguration`` when a rate is not a positive number, the burst is
    ///   set outside 1 … 1,000,000, the decrease factor is not between 0 and 1, or the floor is above the ceiling.
    public convenience init(
        _ configuration: Configuration = .tier3,
        metricsFactory: (any MetricsFactory)? = nil
    ) throws(AuditLogsError) {
        try configuration.validate()
        self.init(validated: configuration, metricsFactory: metricsFactory)
    }

    /// Creates a limiter from a configuration known to be valid, with the continuous clock or a test's clock.
    init(
        validated configuration: Configuration,
        metricsFactory: (any MetricsFactory)? = nil,
        clock: RateLimiterClock = .continuous
    ) {
        self.configuration = configuration
        self.clock = clock
        self.state = Mutex(RateLimiterState(configuration: configuration, now: clock.now()))
        self.metrics = RateLimiterMetrics(factory: metricsFactory)
        metrics.callsPerMinute.record(configuration.callsPerMinute)
    }

    /// A new limiter at Slack's Tier 3 (50 calls per minute, all of them at once after an idle minute): the default
    /// of ``AuditLogsClient/Configuration/rateLimiter``. Each call returns a new limiter with its own budget.
    public static func tier3() -> RateLimiter {
        RateLimiter(validated: .tier3)
    }

    /// Waits until the next slot, then returns: the caller may make one call.
    ///
    /// Slots are handed out in call order. Cancelling the task ends the wait at once: the call no longer counts
    /// against the 60-second cap, and its slot is given back when nobody has reserved one after it.
    ///
    /// - Throws: ``AuditLogsError`` with code ``AuditLogsError/Code/cancelled`` when the task is cancelled; then no
    ///   call should be made.
    public func acquire() async throws(AuditLogsError) {
        try await acquireSlot()
    }

    /// Waits until the next slot, and returns how long it waited.
    @discardableResult
    func acquireSlot() async throws(AuditLogsError) -> Duration {
        guard !Task.isCancelled else { throw Self.cancelled() }
        let start = clock.now()
        let (reservation, rate) = state.withLock { state in
            (state.reserve(now: start), state.rate)
        }
        metrics.callsPerMinute.record(rate)
        var waited: Duration?
        if reservation.slot > start {
            var slot = reservation.slot
            while true {
                do {
                    try await clock.sleep(slot)
                } catch {
                    state.withLock { $0.cancel(reservation.ticket) }
                    throw Self.cancelled()
                }
                let time = clock.now()
                guard let later = state.withLock({ $0.slotAhead(of: reservation.ticket, now: time) }) else { break }
                // A 429 arrived meanwhile and moved the slot.
                slot = later
            }
            waited = clock.now() - start
        }
        state.withLock { $0.recordAcquired(waited: waited) }
        metrics.calls.increment()
        if waited != nil { metrics.waits.increment() }
        metrics.waitDuration.recordNanoseconds(Self.nanoseconds(waited ?? .zero))
        return waited ?? .zero
    }

    /// Reports an HTTP 429: every caller waits until `retryAfter` has passed, and the rate is lowered unless a
    /// backoff is already running.
    ///
    /// Callers already holding a slot wait too, and keep their order. 429s that arrive during a backoff (the other
    /// calls of the same burst) extend it when they ask for longer, but do not lower the rate again.
    ///
    /// - Parameter retryAfter: the delay Slack asked for (``AuditLogsError/retryAfter``);
    ///   ``Configuration/missingRetryAfterDelay`` when `nil`. Negative delays count as zero, and no backoff is longer
    ///   than 5 minutes, the longest wait of ``RateLimitErrorRetryHandler``.
    public func recordRateLimited(retryAfter: Duration?) {
        let time = clock.now()
        let rate = state.withLock { state in
            state.recordRateLimited(retryAfter: retryAfter, now: time)
            return state.rate
        }
        metrics.rateLimited.increment()
        metrics.callsPerMinute.record(rate)
    }

    /// What the limiter has done so far, and its current rate.
    public var statistics: Statistics {
        let time = clock.now()
        return state.withLock { $0.statistics(at: time) }
    }

    private static func cancelled() -> AuditLogsError {
        AuditLogsError(
            code: .cancelled,
            message: "The wait for a rate limiter slot was cancelled, so no call was made.",
            underlying: CancellationError()
        )
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : scaled &+ attoseconds / 1_000_000_000
    }
}

extension RateLimiter: CustomStringConvertible {
    public var description: String {
        let current = statistics.currentCallsPerMinute
        var text = "RateLimiter(callsPerMinute: \(Self.format(configuration.callsPerMinute))"
        if let burst = configuration.burst { text += ", burst: \(burst)" }
        if current != configuration.callsPerMinute { text += ", currentCallsPerMinute: \(Self.format(current))" }
        return text + ")"
    }

    /// A rate without a useless `.0`, and with at most two decimals.
    private static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return "\(Int64(rounded))" }
        return "\(rounded)"
    }
}
