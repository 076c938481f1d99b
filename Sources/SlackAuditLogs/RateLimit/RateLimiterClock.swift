/// Where a ``RateLimiter`` reads the time and waits: the continuous clock, or in tests a clock moved by hand.
struct RateLimiterClock: Sendable {
    /// The current instant.
    var now: @Sendable () -> ContinuousClock.Instant
    /// Sleeps until the instant; throws when the task is cancelled.
    var sleep: @Sendable (ContinuousClock.Instant) async throws -> Void

    /// The system's continuous clock, which keeps counting while the machine sleeps.
    static let continuous = RateLimiterClock(
        now: { ContinuousClock.now },
        sleep: { deadline in try await Task.sleep(until: deadline, clock: .continuous) }
    )
}
