/// How long to wait before sending a batch again: exponential with full jitter, never less than a `Retry-After`.
///
/// A plain value (no clock, no I/O): the shipper asks it for each wait, tests give it their own random numbers.
package struct RetryBackoff: Sendable, Hashable {
    /// The first wait's upper bound.
    package var initial: Duration
    /// The largest wait.
    package var maximum: Duration

    package init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(60)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// Waits of at most `seconds` (a user's setting), the first one at most half a second.
    package init(maximumSeconds seconds: Int64) {
        self.init(initial: .milliseconds(min(500, seconds * 1000)), maximum: .seconds(seconds))
    }

    /// The wait before attempt `attempt + 1` (`attempt` ≥ 1 failed attempts so far): a random point in
    /// `0 … min(maximum, initial × 2^(attempt−1))` (full jitter, so that shippers that failed together do not
    /// retry together), raised to `retryAfter` when the sink asked for more, and never above `maximum` unless the
    /// sink asked for it.
    package func delay(
        afterAttempt attempt: Int,
        retryAfter: Duration?,
        random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }
    ) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(maximum.seconds, initial.seconds * Double(1 << exponent))
        let jittered = Duration.seconds(clamping: random(0...max(ceiling, 0)))
        guard let retryAfter else { return jittered }
        return max(jittered, retryAfter)
    }
}
