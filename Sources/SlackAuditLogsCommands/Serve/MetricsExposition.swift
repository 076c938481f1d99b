import Prometheus

/// `/metrics` in Prometheus's text format: swift-prometheus's registry, with a `# HELP` line for every family.
///
/// Metrics made through swift-metrics (the client's, the rate limiter's, the shippers') reach the registry without
/// help text, and the registry refuses a second registration of a name with a different help, so the help lines are
/// added here, by name, when the page is written. `promtool check metrics` wants one for every family.
enum MetricsExposition {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The help of every family this program makes.
    static let help: [String: String] = [
        "slack_audit_logs_requests_total": "Requests sent to the Slack Audit Logs API, retries included.",
        "slack_audit_logs_retries_total": "Retries of Audit Logs API requests.",
        "slack_audit_logs_rate_limited_total": "HTTP 429 answers from the Audit Logs API.",
        "slack_audit_logs_transport_failures_total": "Audit Logs API attempts that ended without an answer.",
        "slack_audit_logs_rate_limiter_calls_total": "Calls let through by the rate limiter.",
        "slack_audit_logs_rate_limiter_waits_total": "Calls that waited for their slot in the rate budget.",
        "slack_audit_logs_rate_limiter_rate_limited_total": "429s reported to the rate limiter.",
        "slack_audit_logs_rate_limiter_wait_seconds": "Time calls waited for the rate budget.",
        "slack_audit_logs_rate_limiter_calls_per_minute": "The current rate, lowered by 429s, in calls per minute.",
        "slack_audit_logs_shipper_delivered_total": "Entries the sink acknowledged.",
        "slack_audit_logs_shipper_retried_total": "Entries sent again after the sink did not take them.",
        "slack_audit_logs_shipper_dead_lettered_total": "Entries the sink refused for good, kept in the dead letters.",
        "slack_audit_logs_shipper_batch_duration_seconds": "Time to deliver one batch, retries included.",
        "slack_audit_logs_shipper_lag_bytes": "Bytes of committed journal not yet delivered to the sink.",
        "slack_audit_logs_shipper_newest_delivered_seconds": "The newest date_create delivered, in Unix seconds.",
        "slack_audit_logs_org_events_collected_total": "Events collected into the organization's journal.",
        "slack_audit_logs_org_polls_total": "Polls of the organization that ended well.",
        "slack_audit_logs_org_poll_failures_total": "Polls of the organization that failed.",
        "slack_audit_logs_org_up": "1 when the organization is ready (recent successful poll, sinks not failing).",
        "slack_audit_logs_org_seconds_since_last_poll": "Seconds since the newest successful poll or page.",
        "slack_audit_logs_org_watermark_lag_seconds": "Now minus the newest date_create collected, in seconds.",
        "slack_audit_logs_org_seconds_since_new_events": "Seconds since a poll last found new events.",
        "slack_audit_logs_org_no_data": "1 when the organization has had no new events for longer than its threshold.",
        "slack_audit_logs_org_journal_bytes": "Disk used by the organization's journal, segments and checkpoint.",
        "slack_audit_logs_org_segments_sealed_total": "Journal segments sealed once every sink had them.",
        "slack_audit_logs_org_segments_deleted_total": "Sealed journal segments deleted after the retention.",
        "slack_audit_logs_sink_up": "1 when the sink is not failing for longer than its threshold.",
        "slack_audit_logs_organizations": "Organizations this service collects.",
        "slack_audit_logs_org_lease_held": "1 while this instance holds the organization's lease (PostgreSQL store).",
        "slack_audit_logs_org_lease_epoch": "The epoch of the organization's lease this instance last held.",
        "slack_audit_logs_leases_held": "Organization leases this instance holds.",
        "slack_audit_logs_lease_claims_total": "Organization leases this instance claimed (each bumps the epoch).",
        "slack_audit_logs_lease_lost_total": "Leases this instance lost: taken over before it could renew them.",
        "slack_audit_logs_lease_renewal_failures_total": "Rounds of the lease loop that could not reach PostgreSQL.",
        "slack_audit_logs_fenced_commits_total": "Commits refused because another instance took the lease over.",
    ]

    /// Used for a family not in ``help`` (a metric added without its help): still a valid page.
    static let fallbackHelp = "A slack-audit-logs metric."

    /// The page: the registry's families, each with its help line.
    static func render(_ registry: PrometheusCollectorRegistry) -> [UInt8] {
        var raw: [UInt8] = []
        registry.emit(into: &raw)
        return addingHelp(to: raw)
    }

    /// `raw` with a `# HELP` line before each `# TYPE` line.
    static func addingHelp(to raw: [UInt8]) -> [UInt8] {
        var page: [UInt8] = []
        page.reserveCapacity(raw.count + raw.count / 4)
        let typePrefix = Array("# TYPE ".utf8)
        for line in raw.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            if line.starts(with: typePrefix) {
                let name = line.dropFirst(typePrefix.count).prefix { $0 != UInt8(ascii: " ") }
                let text = help[String(decoding: name, as: UTF8.self)] ?? fallbackHelp
                page.append(contentsOf: "# HELP ".utf8)
                page.append(contentsOf: name)
                page.append(UInt8(ascii: " "))
                page.append(contentsOf: text.utf8)
                page.append(UInt8(ascii: "\n"))
            }
            page.append(contentsOf: line)
            page.append(UInt8(ascii: "\n"))
        }
        return page
    }
}
