import CoreMetrics
import Foundation
import Logging
import Synchronization

/// The one shared ``ServeHealth``: the workers report to it, `/readyz` and `/metrics` read it, and each read turns
/// its decisions into gauges and into the no-data warning (logged once when the condition begins, and once when it
/// ends).
final class HealthBoard: Sendable {
    private let state = Mutex(ServeHealth())
    private let gauges = Mutex<[String: OrganizationGauges]>([:])
    private let factory: any MetricsFactory
    private let logger: Logger
    let now: @Sendable () -> Int64

    init(
        factory: any MetricsFactory,
        logger: Logger,
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.factory = factory
        self.logger = logger
        self.now = now
    }

    /// Starts tracking `organization` (from scratch) and makes its gauges.
    func register(_ organization: ServeConfiguration.Organization) {
        state.withLock { $0.register(organization, now: now()) }
        let made = OrganizationGauges(organization, factory: factory)
        let previous = gauges.withLock { gauges in
            let previous = gauges[organization.name]
            gauges[organization.name] = made
            return previous
        }
        previous?.destroy(keeping: made)
    }

    /// Stops tracking a removed organization and removes its gauges from `/metrics`.
    func remove(_ name: String) {
        state.withLock { $0.remove(name) }
        gauges.withLock { $0.removeValue(forKey: name) }?.destroy(keeping: nil)
    }

    /// Records a report.
    func update(_ change: (inout ServeHealth, Int64) -> Void) {
        let now = now()
        state.withLock { change(&$0, now) }
    }

    /// Readiness now; records the gauges and logs no-data changes.
    @discardableResult
    func refresh() -> Readiness {
        let (readiness, changes) = state.withLock { $0.report(now: now()) }
        for change in changes {
            let report = readiness.organizations.first { $0.name == change.name }
            if change.started {
                logger.warning(
                    "No new events from the organization for longer than its threshold: Slack may have revoked the token or disabled the app",
                    metadata: [
                        "org": "\(change.name)",
                        "seconds_since_new_events": "\(report?.secondsSinceNewEvents ?? 0)",
                    ]
                )
            } else {
                logger.notice("New events from the organization again", metadata: ["org": "\(change.name)"])
            }
        }
        let current = gauges.withLock { $0 }
        for report in readiness.organizations {
            current[report.name]?.record(report)
        }
        return readiness
    }
}

/// The gauges of one organization that are computed from its health, at each read.
private struct OrganizationGauges: Sendable {
    let up: Gauge
    let secondsSinceLastPoll: Gauge
    let watermarkLag: Gauge
    let secondsSinceNewEvents: Gauge
    let noData: Gauge
    let sinksUp: [String: Gauge]

    init(_ organization: ServeConfiguration.Organization, factory: any MetricsFactory) {
        let dimensions = [("org", organization.name)]
        func gauge(_ label: String, _ dimensions: [(String, String)]) -> Gauge {
            Gauge(label: label, dimensions: dimensions, factory: factory)
        }
        up = gauge("slack_audit_logs_org_up", dimensions)
        secondsSinceLastPoll = gauge("slack_audit_logs_org_seconds_since_last_poll", dimensions)
        watermarkLag = gauge("slack_audit_logs_org_watermark_lag_seconds", dimensions)
        secondsSinceNewEvents = gauge("slack_audit_logs_org_seconds_since_new_events", dimensions)
        noData = gauge("slack_audit_logs_org_no_data", dimensions)
        sinksUp = Dictionary(
            organization.sinks.map { ($0.name, gauge("slack_audit_logs_sink_up", dimensions + [("sink", $0.name)])) },
            uniquingKeysWith: { first, _ in first }
        )
    }

    func record(_ report: Readiness.OrganizationReport) {
        up.record(report.ready ? 1 : 0)
        // Before the first success: the time since the start, so that an alert on this gauge fires for an
        // organization that never polled at all.
        secondsSinceLastPoll.record(report.secondsSinceLastPoll ?? report.secondsSinceNewEvents)
        if let lag = report.watermarkLagSeconds { watermarkLag.record(lag) }
        secondsSinceNewEvents.record(report.secondsSinceNewEvents)
        noData.record(report.noData ? 1 : 0)
        for sink in report.sinks {
            sinksUp[sink.name]?.record(sink.ready ? 1 : 0)
        }
    }

    /// Removes these gauges from the registry, except those `replacement` uses again (same name and labels).
    func destroy(keeping replacement: OrganizationGauges?) {
        guard replacement == nil else { return }
        for gauge in [up, secondsSinceLastPoll, watermarkLag, secondsSinceNewEvents, noData] + Array(sinksUp.values) {
            gauge.destroy()
        }
    }
}
