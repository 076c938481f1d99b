import CoreMetrics

/// The shipper's metrics (swift-metrics; the process bootstraps a backend, the library never does), one set per
/// sink, labelled `sink` with the sink's name (never a URL, token or index).
struct ShipperMetrics: Sendable {
    let delivered: Counter
    let retried: Counter
    let deadLettered: Counter
    let batchDuration: Timer
    /// Bytes of committed journal not yet delivered.
    let lagBytes: Gauge
    /// The newest `date_create` delivered, in seconds since 1970 (now − this is the watermark lag).
    let newestDelivered: Gauge

    /// The metrics of `sink`, made by `factory`, or by the process-wide `MetricsSystem` when it is `nil`.
    init(sink: String, factory: (any MetricsFactory)?) {
        let dimensions = [("sink", sink)]
        let factory = factory ?? MetricsSystem.factory
        delivered = Counter(label: "slack_audit_logs_shipper_delivered_total", dimensions: dimensions, factory: factory)
        retried = Counter(label: "slack_audit_logs_shipper_retried_total", dimensions: dimensions, factory: factory)
        deadLettered = Counter(
            label: "slack_audit_logs_shipper_dead_lettered_total",
            dimensions: dimensions,
            factory: factory
        )
        batchDuration = Timer(
            label: "slack_audit_logs_shipper_batch_duration_seconds",
            dimensions: dimensions,
            factory: factory
        )
        lagBytes = Gauge(label: "slack_audit_logs_shipper_lag_bytes", dimensions: dimensions, factory: factory)
        newestDelivered = Gauge(
            label: "slack_audit_logs_shipper_newest_delivered_seconds",
            dimensions: dimensions,
            factory: factory
        )
    }
}
