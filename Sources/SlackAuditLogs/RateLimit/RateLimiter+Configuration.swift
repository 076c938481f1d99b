extension RateLimiter {
    /// How fast a ``RateLimiter`` lets calls through, and how it reacts to Slack's 429s.
    ///
    /// The limiter starts at ``callsPerMinute``, and no 60-second span ever holds more calls than the current rate
    /// allows. Each HTTP 429 starts a backoff and multiplies the rate by ``decreaseFactor``, never below
    /// ``minimumCallsPerMinute``; while no 429 arrives the rate grows back by ``increasePerMinute`` each minute, never
    /// above ``callsPerMinute``.
    ///
    /// ```swift
    /// let limiter = try RateLimiter(.perMinute(40))            // leave room for another app of the organization
    /// let paced = try RateLimiter(.perMinute(50, burst: 3))    // spread the calls: 3 at once, then one per 1.2 s
    /// ```
    public struct Configuration: Sendable, Hashable {
        /// The most calls per minute, on average: the ceiling the rate starts at and grows back to.
        public var callsPerMinute: Double
        /// How many calls may go back to back, without waiting, after the limiter has been idle: 1 to 1,000,000, or
        /// `nil` (the default) for the whole budget, `floor(callsPerMinute)` calls.
        ///
        /// With `nil`, a job of up to a minute's budget that starts with the limiter idle is not slowed at all, as
        /// Slack welcomes sporadic bursts. A number spreads the calls out: after that many, one per `60 / rate`
        /// seconds. Whatever the burst, no 60-second span holds more than the current rate's calls.
        public var burst: Int?
        /// The rate never drops below this, however many 429s arrive.
        public var minimumCallsPerMinute: Double
        /// What the rate is multiplied by when a backoff starts: between 0 and 1, exclusive.
        public var decreaseFactor: Double
        /// Calls per minute added back to the rate for each minute that passes without a 429.
        public var increasePerMinute: Double
        /// The backoff after a 429 without a usable `Retry-After`, like
        /// ``RateLimitErrorRetryHandler/missingHeaderDelay``.
        public var missingRetryAfterDelay: Duration

        /// Creates a configuration; every argument has a default, Slack's Tier 3 (50 calls per minute).
        public init(
            callsPerMinute: Double = 50,
            burst: Int? = nil,
            minimumCallsPerMinute: Double = 5,
            decreaseFactor: Double = 0.5,
            increasePerMinute: Double = 5,
            missingRetryAfterDelay: Duration = .seconds(1)
        ) {
            self.callsPerMinute = callsPerMinute
            self.burst = burst
            self.minimumCallsPerMinute = minimumCallsPerMinute
            self.decreaseFactor = decreaseFactor
            self.increasePerMinute = increasePerMinute
            self.missingRetryAfterDelay = missingRetryAfterDelay
        }

        /// Slack's Tier 3, which every Audit Logs method has: 50 calls per minute for the whole organization, all of
        /// which may go at once after an idle minute ("sporadic bursts are welcome").
        public static let tier3 = Configuration()

        /// `calls` per minute with a burst of `burst` (`nil`: the whole budget), and the other defaults. The floor is
        /// lowered to `calls` when `calls` is below the default floor of 5.
        public static func perMinute(_ calls: Double, burst: Int? = nil) -> Configuration {
            Configuration(callsPerMinute: calls, burst: burst, minimumCallsPerMinute: min(5, calls))
        }

        /// The largest ``burst`` accepted, which keeps every computed delay far from overflowing.
        static let maximumBurst = 1_000_000

        /// The burst in force: ``burst``, or the whole budget when it is `nil`, at most ``maximumBurst``.
        var effectiveBurst: Int {
            if let burst { return burst }
            guard callsPerMinute.isFinite else { return 1 }
            return Int(min(max(1, callsPerMinute.rounded(.down)), Double(Self.maximumBurst)))
        }

        /// Throws ``AuditLogsError/Code/invalidConfiguration`` with what to fix when a value cannot work.
        func validate() throws(AuditLogsError) {
            func refuse(_ message: String) -> AuditLogsError {
                AuditLogsError(code: .invalidConfiguration, message: "RateLimiter.Configuration: " + message)
            }
            guard callsPerMinute.isFinite, callsPerMinute > 0 else {
                throw refuse("callsPerMinute is \(callsPerMinute); give a positive number, such as 50 for Tier 3.")
            }
            if let burst, !(1...Self.maximumBurst).contains(burst) {
                throw refuse(
                    "burst is \(burst); give 1 (no burst) to \(Self.maximumBurst), or nil for the whole budget."
                )
            }
            guard minimumCallsPerMinute.isFinite, minimumCallsPerMinute > 0 else {
                throw refuse("minimumCallsPerMinute is \(minimumCallsPerMinute); give a positive number.")
            }
            guard minimumCallsPerMinute <= callsPerMinute else {
                throw refuse(
                    "minimumCallsPerMinute (\(minimumCallsPerMinute)) is above callsPerMinute (\(callsPerMinute)); "
                        + "lower the floor or raise the ceiling."
                )
            }
            guard decreaseFactor.isFinite, decreaseFactor > 0, decreaseFactor < 1 else {
                throw refuse("decreaseFactor is \(decreaseFactor); give a number between 0 and 1, such as 0.5.")
            }
            guard increasePerMinute.isFinite, increasePerMinute > 0 else {
                throw refuse(
                    "increasePerMinute is \(increasePerMinute); give a positive number, or the rate never recovers "
                        + "from a 429."
                )
            }
            guard missingRetryAfterDelay >= .zero else {
                throw refuse("missingRetryAfterDelay is \(missingRetryAfterDelay); give zero or more.")
            }
        }
    }
}
