extension RateLimiter {
    /// What a ``RateLimiter`` has done since it was created: the same figures as its metrics.
    public struct Statistics: Sendable, Hashable {
        /// Calls let through by ``RateLimiter/acquire()``; cancelled waits are not counted.
        public var calls: Int
        /// Calls that had to wait for their slot.
        public var waits: Int
        /// The time all calls spent waiting, added up.
        public var totalWait: Duration
        /// The 429s reported with ``RateLimiter/recordRateLimited(retryAfter:)``.
        public var rateLimitedResponses: Int
        /// The rate now, in calls per minute: lowered by 429s, growing back to the configured ceiling.
        public var currentCallsPerMinute: Double

        /// Creates statistics; every figure defaults to zero.
        public init(
            calls: Int = 0,
            waits: Int = 0,
            totalWait: Duration = .zero,
            rateLimitedResponses: Int = 0,
            currentCallsPerMinute: Double = 0
        ) {
            self.calls = calls
            self.waits = waits
            self.totalWait = totalWait
            self.rateLimitedResponses = rateLimitedResponses
            self.currentCallsPerMinute = currentCallsPerMinute
        }
    }
}
