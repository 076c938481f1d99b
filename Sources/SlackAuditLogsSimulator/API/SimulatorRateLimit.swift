/// The organization-wide rate limit of the simulated API: a token bucket shared by every token and endpoint.
///
/// Slack rates all Audit Logs methods Tier 3: "50+ per minute" per organization, and "sporadic bursts are welcome".
/// The bucket holds `burst` calls and refills at `callsPerMinute`.
public struct SimulatorRateLimit: Sendable, Hashable {
    /// Calls allowed per minute, on average; `nil` for no limit.
    public var callsPerMinute: Double?
    /// Calls that may be made at once after a quiet period.
    public var burst: Int

    /// A limit of `callsPerMinute` with a bucket of `burst` calls.
    public init(callsPerMinute: Double?, burst: Int) {
        self.callsPerMinute = callsPerMinute
        self.burst = max(burst, 1)
    }

    /// Slack's Tier 3: 50 calls per minute, and a bucket of 50, so a whole minute's calls may come at once.
    public static let tier3 = SimulatorRateLimit(callsPerMinute: 50, burst: 50)

    /// No limit: for benchmarks and tests that are not about rate limiting.
    public static let unlimited = SimulatorRateLimit(callsPerMinute: nil, burst: 1)

    /// `calls` per minute with a bucket of `burst`; `nil` (the default) for a bucket of the whole minute's calls,
    /// as Slack allows.
    public static func perMinute(_ calls: Double, burst: Int? = nil) -> SimulatorRateLimit {
        SimulatorRateLimit(callsPerMinute: calls, burst: burst ?? wholeMinute(calls))
    }

    /// `max(1, Int(calls))`, kept within `Int` for any `calls`.
    private static func wholeMinute(_ calls: Double) -> Int {
        guard calls.isFinite else { return calls > 0 ? Int(Int32.max) : 1 }
        return Int(min(max(1, calls.rounded(.down)), Double(Int32.max)))
    }
}

/// How the simulator writes `Retry-After` on a 429.
public struct RetryAfterStyle: Sendable, Hashable {
    enum Storage: Sendable, Hashable {
        case seconds
        case httpDate
        case missing
    }

    let storage: Storage

    /// Whole seconds, rounded up (what Slack sends).
    public static let seconds = RetryAfterStyle(storage: .seconds)
    /// An HTTP-date (`Sun, 06 Nov 1994 08:49:37 GMT`), which HTTP allows and some proxies send.
    public static let httpDate = RetryAfterStyle(storage: .httpDate)
    /// No header at all.
    public static let missing = RetryAfterStyle(storage: .missing)
}

/// The token bucket behind ``SimulatorRateLimit``.
struct TokenBucket: Sendable {
    private var tokens: Double
    private var updatedAt: ContinuousClock.Instant
    private let limit: SimulatorRateLimit

    init(limit: SimulatorRateLimit, now: ContinuousClock.Instant) {
        self.limit = limit
        self.tokens = Double(limit.burst)
        self.updatedAt = now
    }

    /// Takes a token: `nil` when the call is allowed, otherwise how long until a token is available.
    mutating func take(now: ContinuousClock.Instant) -> Duration? {
        guard let perMinute = limit.callsPerMinute, perMinute > 0 else { return nil }
        let perSecond = perMinute / 60
        let elapsed = now - updatedAt
        let (seconds, attoseconds) = elapsed.components
        tokens = min(Double(limit.burst), tokens + (Double(seconds) + Double(attoseconds) / 1e18) * perSecond)
        updatedAt = now
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        let wait = (1 - tokens) / perSecond
        return .milliseconds(Int64((wait * 1000).rounded(.up)))
    }
}
