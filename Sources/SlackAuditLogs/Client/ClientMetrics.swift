import Metrics

/// The client's counters, created once per client with fixed labels.
struct ClientMetrics: Sendable {
    /// Every attempt sent, retries included.
    let requests = Counter(label: "slack_audit_logs_requests_total")
    /// Every retry a handler asked for.
    let retries = Counter(label: "slack_audit_logs_retries_total")
    /// Every HTTP 429 received.
    let rateLimited = Counter(label: "slack_audit_logs_rate_limited_total")
    /// Every attempt that ended without a response (transport errors, timeouts).
    let transportFailures = Counter(label: "slack_audit_logs_transport_failures_total")
}
