import CoreMetrics

/// The client's counters, created once per client with fixed labels.
struct ClientMetrics: Sendable {
    /// Every attempt sent, retries included.
    let requests: Counter
    /// Every retry a handler asked for.
    let retries: Counter
    /// Every HTTP 429 received.
    let rateLimited: Counter
    /// Every attempt that ended without a response (transport errors, timeouts).
    let transportFailures: Counter

    /// Creates the counters with `factory`, or with the process-wide `MetricsSystem` when it is `nil`.
    init(factory: (any MetricsFactory)?) {
        func counter(_ label: String) -> Counter {
            if let factory { return Counter(label: label, factory: factory) }
            return Counter(label: label)
        }
        requests = counter("slack_audit_logs_requests_total")
        retries = counter("slack_audit_logs_retries_total")
        rateLimited = counter("slack_audit_logs_rate_limited_total")
        transportFailures = counter("slack_audit_logs_transport_failures_total")
    }
}
