/// What `serve` knows about the health of each organization and sink, and every decision made from it: whether each
/// is ready, and when an organization has had no new events for too long. A plain value, fed by the workers and read
/// by `/readyz`, `/metrics` and the no-data warning; its clock is the `now` each call is given.
struct ServeHealth: Sendable, Equatable {
    struct Failure: Sendable, Equatable {
        /// When the failures in a row began.
        var since: Int64
        /// The newest failure's reason (never a secret: the messages of the client, collector and sinks hold none).
        var reason: String
        var count: Int
    }

    struct Organization: Sendable, Equatable {
        var pollStaleAfter: Int64
        var noDataAfter: Int64?
        /// When the service began on this organization (the no-data clock starts here).
        var startedAt: Int64
        /// The newest successful poll or committed page.
        var lastSuccess: Int64?
        /// Failed polls in a row, cleared by a successful one.
        var failure: Failure?
        /// When the newest poll that found new events ended.
        var lastNewEvents: Int64
        /// The newest `date_create` collected.
        var newestEventTime: Int64?
        /// Whether the no-data condition was true at the last ``ServeHealth/report(now:)``.
        var noDataReported = false
        /// The sinks, in the configuration's order.
        var sinks: [Named<Sink>]
        /// With several instances: whether this one holds the organization's lease (at which epoch) or stands by;
        /// `nil` for a single node.
        var lease: Lease?
    }

    /// This instance's part in an organization shared by several instances.
    enum Lease: Sendable, Equatable {
        /// Another instance (or none yet) holds it: nothing to report about its polls here.
        case standby
        /// This instance holds it, at this epoch.
        case held(epoch: Int64)
    }

    struct Sink: Sendable, Equatable {
        var failingAfter: Int64
        var failure: Failure?
    }

    /// A value and the name of its organization or sink.
    struct Named<Value: Sendable & Equatable>: Sendable, Equatable {
        var name: String
        var state: Value
    }

    /// The organizations, in the configuration's order.
    private(set) var organizations: [Named<Organization>] = []

    private func index(of name: String) -> Int? { organizations.firstIndex { $0.name == name } }

    private mutating func update(_ name: String, _ change: (inout Organization) -> Void) {
        guard let index = index(of: name) else { return }
        change(&organizations[index].state)
    }

    // MARK: Changes

    /// Starts tracking `organization` (again, from scratch, when it was already tracked).
    mutating func register(_ organization: ServeConfiguration.Organization, now: Int64) {
        let state = Organization(
            pollStaleAfter: organization.pollStaleAfter,
            noDataAfter: organization.noDataAfter,
            startedAt: now,
            lastSuccess: nil,
            failure: nil,
            lastNewEvents: now,
            newestEventTime: nil,
            sinks: organization.sinks.map { Named(name: $0.name, state: Sink(failingAfter: $0.failingAfter)) }
        )
        if let index = index(of: organization.name) {
            organizations[index].state = state
        } else {
            organizations.append(Named(name: organization.name, state: state))
        }
    }

    /// Stops tracking an organization removed from the configuration.
    mutating func remove(_ name: String) {
        organizations.removeAll { $0.name == name }
    }

    /// This instance waits for the organization's lease: its polls and sinks are another instance's to report.
    mutating func standby(_ name: String, now: Int64) {
        update(name) { state in
            state.lease = .standby
            state.failure = nil
            state.noDataReported = false
        }
    }

    /// This instance took the organization's lease: its health is tracked from now, as for a new organization.
    mutating func leaseAcquired(_ name: String, now: Int64, epoch: Int64) {
        update(name) { state in
            state.lease = .held(epoch: epoch)
            state.startedAt = now
            state.lastSuccess = nil
            state.failure = nil
            state.lastNewEvents = now
            for index in state.sinks.indices { state.sinks[index].state.failure = nil }
        }
    }

    /// A page was committed (a long backfill is a long poll: it is progress all the same).
    mutating func pageCommitted(_ name: String, now: Int64) {
        update(name) { $0.lastSuccess = now }
    }

    /// A poll ended well, having written `delivered` new events, the newest from `newestEventTime`.
    mutating func pollSucceeded(_ name: String, now: Int64, delivered: Int, newestEventTime: Int64?) {
        update(name) { state in
            state.lastSuccess = now
            state.failure = nil
            if delivered > 0 { state.lastNewEvents = now }
            if let newest = newestEventTime, newest > state.newestEventTime ?? .min { state.newestEventTime = newest }
        }
    }

    /// A poll failed.
    mutating func pollFailed(_ name: String, now: Int64, reason: String) {
        update(name) { state in
            state.failure = Failure(
                since: state.failure?.since ?? now,
                reason: reason,
                count: (state.failure?.count ?? 0) + 1
            )
        }
    }

    /// A sink took a batch (`failure` nil) or did not.
    mutating func sinkAttempt(_ name: String, sink: String, now: Int64, failure reason: String?) {
        update(name) { state in
            guard let index = state.sinks.firstIndex(where: { $0.name == sink }) else { return }
            if let reason {
                let previous = state.sinks[index].state.failure
                state.sinks[index].state.failure = Failure(
                    since: previous?.since ?? now,
                    reason: reason,
                    count: (previous?.count ?? 0) + 1
                )
            } else {
                state.sinks[index].state.failure = nil
            }
        }
    }

    // MARK: Decisions

    /// Readiness at `now`, and the organizations whose no-data condition began or ended since the last report.
    mutating func report(now: Int64) -> (readiness: Readiness, noDataChanges: [(name: String, started: Bool)]) {
        var changes: [(name: String, started: Bool)] = []
        var reports: [Readiness.OrganizationReport] = []
        for index in organizations.indices {
            let name = organizations[index].name
            let state = organizations[index].state
            let report = Self.report(name: name, state, now: now)
            if report.noData != state.noDataReported {
                organizations[index].state.noDataReported = report.noData
                changes.append((name: name, started: report.noData))
            }
            reports.append(report)
        }
        return (Readiness(ready: reports.allSatisfy(\.ready), organizations: reports), changes)
    }

    private static func report(name: String, _ state: Organization, now: Int64) -> Readiness.OrganizationReport {
        if state.lease == .standby {
            return Readiness.OrganizationReport(
                name: name,
                ready: true,
                problems: [],
                secondsSinceLastPoll: nil,
                watermarkLagSeconds: nil,
                secondsSinceNewEvents: 0,
                noData: false,
                sinks: [],
                lease: "standby"
            )
        }
        var problems: [String] = []
        let sinceSuccess = state.lastSuccess.map { max(now - $0, 0) }
        if let failure = state.failure {
            problems.append(
                "\(failure.count) poll\(failure.count == 1 ? "" : "s") in a row failed since \(failure.since) "
                    + "(\(max(now - failure.since, 0)) s): \(failure.reason)"
            )
        }
        if let sinceSuccess, sinceSuccess > state.pollStaleAfter {
            problems.append("no successful poll for \(sinceSuccess) s (threshold \(state.pollStaleAfter) s)")
        } else if sinceSuccess == nil, state.failure == nil {
            problems.append("no successful poll yet (started \(max(now - state.startedAt, 0)) s ago)")
        }
        let quiet = max(now - state.lastNewEvents, 0)
        // Only once a poll has succeeded: before that the organization is "not polled yet" (or failing), which
        // says more than "no data".
        let noData = state.lastSuccess != nil && (state.noDataAfter.map { quiet > $0 } ?? false)
        if noData, let threshold = state.noDataAfter {
            problems.append(
                "no new events for \(quiet) s (threshold \(threshold) s): Slack may have revoked the token or "
                    + "disabled the app"
            )
        }
        let sinks = state.sinks.map { sink -> Readiness.SinkReport in
            guard let failure = sink.state.failure else {
                return .init(name: sink.name, ready: true, problem: nil, failingForSeconds: nil)
            }
            let failing = max(now - failure.since, 0)
            let ready = failing <= sink.state.failingAfter
            return .init(
                name: sink.name,
                ready: ready,
                problem: "\(failure.count) attempt\(failure.count == 1 ? "" : "s") failed for \(failing) s "
                    + "(threshold \(sink.state.failingAfter) s): \(failure.reason)",
                failingForSeconds: failing
            )
        }
        return Readiness.OrganizationReport(
            name: name,
            ready: problems.isEmpty && sinks.allSatisfy(\.ready),
            problems: problems,
            secondsSinceLastPoll: sinceSuccess,
            watermarkLagSeconds: state.newestEventTime.map { max(now - $0, 0) },
            secondsSinceNewEvents: quiet,
            noData: noData,
            sinks: sinks,
            lease: state.lease.map { _ in "held" },
            leaseEpoch: state.lease.flatMap { lease in
                if case .held(let epoch) = lease { epoch } else { nil }
            }
        )
    }
}

/// The body of `/readyz`: whether every organization and sink is ready, and why not.
struct Readiness: Sendable, Equatable, Encodable {
    var ready: Bool
    var organizations: [OrganizationReport]

    struct OrganizationReport: Sendable, Equatable, Encodable {
        var name: String
        var ready: Bool
        var problems: [String]
        var secondsSinceLastPoll: Int64?
        var watermarkLagSeconds: Int64?
        var secondsSinceNewEvents: Int64
        var noData: Bool
        var sinks: [SinkReport]
        /// With several instances: `held` or `standby` (a standby organization is ready: another instance works
        /// on it); absent for a single node.
        var lease: String? = nil
        var leaseEpoch: Int64? = nil

        enum CodingKeys: String, CodingKey {
            case name, ready, problems, sinks, lease
            case leaseEpoch = "lease_epoch"
            case secondsSinceLastPoll = "seconds_since_last_poll"
            case watermarkLagSeconds = "watermark_lag_seconds"
            case secondsSinceNewEvents = "seconds_since_new_events"
            case noData = "no_data"
        }
    }

    struct SinkReport: Sendable, Equatable, Encodable {
        var name: String
        var ready: Bool
        var problem: String?
        var failingForSeconds: Int64?

        enum CodingKeys: String, CodingKey {
            case name, ready, problem
            case failingForSeconds = "failing_for_seconds"
        }
    }
}
