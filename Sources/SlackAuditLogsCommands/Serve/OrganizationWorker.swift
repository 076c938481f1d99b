import CoreMetrics
import Foundation
import Logging
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsShipper
import Synchronization

/// Everything `serve` does for one organization, until cancelled: polls Slack into the organization's journal (one
/// collector run per poll, checkpointed like `collect`), and delivers the journal to each of its sinks (one
/// following shipper each, from its own position). A failure is reported to the health board and retried with
/// backoff; it never ends the worker, and it never touches another organization.
///
/// With a ``ServeCluster`` (several instances on PostgreSQL), the worker first waits for the organization's lease,
/// works only while it holds it (the journal and positions are the store's, every commit fenced at the lease's
/// epoch, every call to Slack refused once the lease is not valid), stops at once when it is lost, and waits again.
final class OrganizationWorker: Sendable {
    let organization: ServeConfiguration.Organization
    private let cluster: (any ServeCluster)?
    private let leaseHeld: Gauge
    private let leaseEpoch: Gauge
    private let board: HealthBoard
    private let logger: Logger
    private let factory: any MetricsFactory
    /// The organization's own budget, kept across token rotations (a new token is a new client, not a new
    /// budget), never shared with another organization.
    private let rateLimiter: RateLimiter
    private let eventsCollected: Counter
    private let polls: Counter
    private let pollFailures: Counter
    private let journalBytes: Gauge
    private let segmentsSealed: Counter
    private let segmentsDeleted: Counter
    private let segments: JournalSegments
    /// The running shippers, one per sink: stopped while a segment is sealed.
    private let shippers = Mutex<[Task<Void, Never>]>([])

    init(
        organization: ServeConfiguration.Organization,
        board: HealthBoard,
        factory: any MetricsFactory,
        cluster: (any ServeCluster)? = nil,
        logger: Logger
    ) throws {
        self.organization = organization
        self.cluster = cluster
        self.board = board
        var logger = logger
        logger[metadataKey: "org"] = "\(organization.name)"
        self.logger = logger
        let labelled = LabelledMetricsFactory(base: factory, dimensions: [("org", organization.name)])
        self.factory = labelled
        self.rateLimiter = try RateLimiter(.perMinute(organization.ratePerMinute), metricsFactory: labelled)
        eventsCollected = Counter(label: "slack_audit_logs_org_events_collected_total", factory: labelled)
        polls = Counter(label: "slack_audit_logs_org_polls_total", factory: labelled)
        pollFailures = Counter(label: "slack_audit_logs_org_poll_failures_total", factory: labelled)
        journalBytes = Gauge(label: "slack_audit_logs_org_journal_bytes", factory: labelled)
        segmentsSealed = Counter(label: "slack_audit_logs_org_segments_sealed_total", factory: labelled)
        segmentsDeleted = Counter(label: "slack_audit_logs_org_segments_deleted_total", factory: labelled)
        segments = JournalSegments(organization)
        leaseHeld = Gauge(label: "slack_audit_logs_org_lease_held", factory: labelled)
        leaseEpoch = Gauge(label: "slack_audit_logs_org_lease_epoch", factory: labelled)
    }

    /// Runs until the task is cancelled; then the collector checkpoints and the shippers stop between batches.
    func run() async {
        if let cluster {
            await runHoldingLeases(cluster)
        } else {
            await runOnFiles()
        }
    }

    /// Waits for the lease, works while it is held, and waits again when it is lost; gives it back when stopped.
    private func runHoldingLeases(_ cluster: any ServeCluster) async {
        let name = organization.name
        leaseHeld.record(0)
        while !Task.isCancelled {
            board.update { $0.standby(name, now: $1) }
            guard let lease = await cluster.acquire(name) else { return }
            board.update { $0.leaseAcquired(name, now: $1, epoch: lease.epoch) }
            leaseHeld.record(1)
            leaseEpoch.record(lease.epoch)
            logger.notice(
                "Holding the organization's lease: collecting and shipping",
                metadata: ["epoch": "\(lease.epoch)", "instance": "\(cluster.instanceName)"]
            )
            let lost = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    self.startShippers(lease)
                    await self.collect(lease)
                    await self.stopShippers()
                    return false
                }
                group.addTask {
                    await cluster.waitUntilLost(lease)
                    return true
                }
                let first = await group.next() ?? false
                group.cancelAll()
                await group.waitForAll()
                return first && !Task.isCancelled
            }
            await cluster.release(lease)
            leaseHeld.record(0)
            if lost {
                logger.warning(
                    "The organization's lease is no longer held: stopped collecting and shipping it",
                    metadata: ["epoch": "\(lease.epoch)"]
                )
            }
        }
    }

    /// The single-node service: the organization's file journal, always this instance's.
    private func runOnFiles() async {
        do {
            try FileManager.default.createDirectory(
                atPath: (organization.journal as NSString).deletingLastPathComponent.isEmpty
                    ? "." : (organization.journal as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            logger.error("Cannot create the journal's folder", metadata: ["error": "\(error)"])
        }
        // A seal a crash interrupted is finished before anything reads or writes the journal.
        var failures = 0
        while !Task.isCancelled {
            do {
                try segments.recover()
                break
            } catch {
                failures += 1
                let reason = Self.reason(error)
                board.update { $0.pollFailed(organization.name, now: $1, reason: reason) }
                logger.error("Cannot finish sealing the journal", metadata: ["error": "\(reason)"])
                try? await Task.sleep(for: backoff(afterFailures: failures))
            }
        }
        guard !Task.isCancelled else { return }
        startShippers(nil)
        await collect(nil)
        await stopShippers()
    }

    private func startShippers(_ lease: ServeLease?) {
        let started = organization.sinks.map { sink in Task { await self.ship(sink, lease: lease) } }
        shippers.withLock { $0 = started }
    }

    /// Cancels the shippers and waits until each has stopped (between batches: positions saved).
    private func stopShippers() async {
        let running = shippers.withLock { tasks in
            defer { tasks = [] }
            return tasks
        }
        for task in running { task.cancel() }
        for task in running { await task.value }
    }

    /// Between two polls: deletes expired segments, and seals the journal when it is due.
    private func maintainJournal() async {
        let now = board.now()
        let deleted = segments.removeExpired(now: now)
        if !deleted.isEmpty {
            segmentsDeleted.increment(by: deleted.count)
            logger.info("Deleted expired journal segments", metadata: ["segments": "\(deleted.joined(separator: ","))"])
        }
        guard segments.isSealDue() else { return }
        await stopShippers()
        do {
            if let segment = try segments.seal(now: now) {
                segmentsSealed.increment()
                logger.notice("Sealed a journal segment (every sink has it)", metadata: ["segment": "\(segment)"])
            }
        } catch {
            logger.error("Cannot seal the journal; it stays as it is", metadata: ["error": "\(Self.reason(error))"])
        }
        if !Task.isCancelled { startShippers(nil) }
    }

    // MARK: Collecting

    /// Polls until cancelled: into the file journal, or, holding `lease`, into the cluster's store.
    private func collect(_ lease: ServeLease?) async {
        var client: AuditLogsClient?
        var clientToken: String?
        var failures = 0
        while !Task.isCancelled {
            let wait: Duration
            do {
                let token = try organization.token.read(what: "Slack token", droppingPrefix: "Bearer ")
                if token != clientToken {
                    try? await client?.shutdown()
                    client = nil
                    client = try makeClient(token: token, lease: lease)
                    if clientToken != nil {
                        logger.notice("The Slack token changed; the next calls use the new one")
                    }
                    clientToken = token
                }
                guard let client else { break }
                let summary = try await poll(client, lease: lease)
                if summary.interrupted { break }
                failures = 0
                if lease == nil { await maintainJournal() }
                wait = .seconds(organization.pollInterval)
            } catch {
                if Task.isCancelled { break }
                failures += 1
                let reason = Self.reason(error)
                pollFailures.increment()
                board.update { $0.pollFailed(organization.name, now: $1, reason: reason) }
                wait = backoff(afterFailures: failures)
                logger.error(
                    "Polling the organization failed; trying again",
                    metadata: ["error": "\(reason)", "failures": "\(failures)", "retry_in_s": "\(wait.seconds)"]
                )
            }
            if lease == nil { recordJournalSize() }
            do {
                try await Task.sleep(for: wait)
            } catch {
                break
            }
        }
        try? await client?.shutdown()
    }

    private func makeClient(token: String, lease: ServeLease?) throws -> AuditLogsClient {
        var configuration = AuditLogsClient.Configuration(
            baseURL: organization.apiURL,
            retryHandlers: .allBuiltIn,
            rateLimiter: rateLimiter
        )
        configuration.metricsFactory = factory
        configuration.userAgentSuffix = "slack-audit-logs-serve/\(SlackAuditLogsCommand.version)"
        if let caFile = organization.caFile { configuration.tls = .customCA(pemFile: caFile) }
        if let lease, let cluster {
            configuration.callPermit = { cluster.refusal(lease) }
            // Which instance made a call, at which lease, for Slack's access logs (and for the tests that check that
            // no call of an older lease follows one of a newer: one instance spends the budget at a time).
            configuration.userAgentSuffix? += " (instance \(cluster.instanceName); lease \(lease.epoch))"
        }
        return try AuditLogsClient(token: token, configuration: configuration, logger: logger)
    }

    private func poll(_ client: AuditLogsClient, lease: ServeLease?) async throws -> CollectionSummary {
        let now = board.now()
        let configuration = AuditLogsCollector.Configuration(
            query: LogsQuery(actions: organization.actions),
            start: max(now - organization.backfill, 0),
            settleLag: .seconds(organization.settleLag),
            output: .file(organization.journal),
            checkpointPath: organization.checkpoint
        )
        let collector: AuditLogsCollector
        if let lease, let cluster {
            collector = try AuditLogsCollector(
                client: client,
                configuration: configuration,
                journal: cluster.journal(for: lease),
                logger: logger
            )
        } else {
            collector = try AuditLogsCollector(client: client, configuration: configuration, logger: logger)
        }
        let name = organization.name
        let board = board
        let summary = try await collector.run { _ in
            board.update { $0.pageCommitted(name, now: $1) }
        }
        guard !summary.interrupted else { return summary }
        eventsCollected.increment(by: summary.delivered)
        polls.increment()
        board.update {
            $0.pollSucceeded(name, now: $1, delivered: summary.delivered, newestEventTime: summary.newestEventTime)
        }
        logger.debug(
            "Polled the organization",
            metadata: ["delivered": "\(summary.delivered)", "pages": "\(summary.pages)"]
        )
        return summary
    }

    /// The wait after `failures` failed polls in a row: the poll interval, doubling, at most `retry_max`.
    private func backoff(afterFailures failures: Int) -> Duration {
        Self.doubling(
            from: max(min(organization.pollInterval, organization.retryMax), 1),
            afterFailures: failures,
            maximum: organization.retryMax
        )
    }

    /// `base` seconds after the first failure, doubling with each one after it, at most `maximum` seconds.
    static func doubling(from base: Int64, afterFailures failures: Int, maximum: Int64) -> Duration {
        .seconds(min(base << Int64(min(max(failures - 1, 0), 20)), maximum))
    }

    private func recordJournalSize() {
        journalBytes.record(segments.diskUsage())
    }

    /// A failure's message: the library's messages hold no secret; other errors are named by their type.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as CollectorError: return error.message
        case let error as AuditLogsError: return error.message
        case let error as ShipperError: return error.message
        case let error as CLIError: return error.message
        default: return "\(type(of: error))"
        }
    }

    // MARK: Shipping

    private func ship(_ settings: ServeConfiguration.Sink, lease: ServeLease?) async {
        var failures = 0
        var logger = logger
        logger[metadataKey: "sink"] = "\(settings.name)"
        let name = organization.name
        let board = board
        while !Task.isCancelled {
            do {
                let sink = try settings.makeSink()
                var configuration = Shipper.Configuration(
                    journalPath: organization.journal,
                    checkpointPath: organization.checkpoint
                )
                configuration.follow = true
                configuration.batchEntries = settings.batch
                configuration.backoff = settings.backoff
                configuration.positionPath = "\(organization.journal).\(settings.name).position"
                configuration.deadLetterPath = "\(organization.journal).\(settings.name).dead-letter.ndjson"
                configuration.metricsFactory = factory
                configuration.attemptObserver = { report in
                    let failure: String?
                    switch report {
                    case .delivered: failure = nil
                    case .retrying(_, let reason): failure = reason
                    }
                    board.update { $0.sinkAttempt(name, sink: settings.name, now: $1, failure: failure) }
                }
                do {
                    let shipper: Shipper
                    if let lease, let cluster {
                        shipper = try Shipper(
                            sink: sink,
                            store: cluster.shipperStore(for: lease, sink: settings.name),
                            configuration: configuration,
                            logger: logger
                        )
                    } else {
                        shipper = try Shipper(sink: sink, configuration: configuration, logger: logger)
                    }
                    _ = try await shipper.run()
                } catch {
                    await sink.shutdown()
                    throw error
                }
                await sink.shutdown()
            } catch {
                if Task.isCancelled { break }
                failures += 1
                let reason = Self.reason(error)
                board.update { $0.sinkAttempt(name, sink: settings.name, now: $1, failure: reason) }
                let wait = Self.doubling(from: 1, afterFailures: failures, maximum: settings.retryMax)
                logger.error(
                    "The shipper stopped; starting it again",
                    metadata: ["error": "\(reason)", "retry_in_s": "\(wait.seconds)"]
                )
                do {
                    try await Task.sleep(for: wait)
                } catch {
                    break
                }
            }
        }
    }
}
