import CoreMetrics

/// A rate limiter's metrics, created once per limiter with fixed labels.
struct RateLimiterMetrics: Sendable {
    /// Every call let through.
    let calls: Counter
    /// Every call that had to wait for its slot.
    let waits: Counter
    /// Every 429 reported to the limiter.
    let rateLimited: Counter
    /// How long each call waited for its slot, zero included.
    let waitDuration: CoreMetrics.Timer
    /// The current rate in calls per minute.
    let callsPerMinute: Gauge

    /// Creates the metrics with `factory`, or with the process-wide `MetricsSystem` when it is `nil`.
    init(factory: (any MetricsFactory)?) {
        func counter(_ label: String) -> Counter {
            if let factory { return Counter(label: label, factory: factory) }
            return Counter(label: label)
        }
        calls = counter("slack_audit_logs_rate_limiter_calls_total")
        waits = counter("slack_audit_logs_rate_limiter_waits_total")
        rateLimited = counter("slack_audit_logs_rate_limiter_rate_limited_total")
        let timerLabel = "slack_audit_logs_rate_limiter_wait_seconds"
        let gaugeLabel = "slack_audit_logs_rate_limiter_calls_per_minute"
        if let factory {
            waitDuration = CoreMetrics.Timer(label: timerLabel, factory: factory)
            callsPerMinute = Gauge(label: gaugeLabel, factory: factory)
        } else {
            waitDuration = CoreMetrics.Timer(label: timerLabel)
            callsPerMinute = Gauge(label: gaugeLabel)
        }
    }
}
