import CoreMetrics
import Foundation
import Logging
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsShipper

/// Everything `serve` does for one organization, until cancelled: polls Slack into the organization's journal (one
/// collector run per poll, checkpointed like `collect`), and delivers the journal to each of its sinks (one
/// following shipper each, from its own position). A failure is reported to the health board and retried with
/// backoff; it never ends the worker, and it never touches another organization.
final class OrganizationWorker: Sendable {
    let organization: ServeConfiguration.Organization
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

    init(
        organization: ServeConfiguration.Organization,
        board: HealthBoard,
        factory: any MetricsFactory,
        logger: Logger
    ) throws {
        self.organization = organization
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
    }

    /// Runs until the task is cancelled; then the collector checkpoints and the shippers stop between batches.
    func run() async {
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
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.collect() }
            for sink in organization.sinks {
                group.addTask { await self.ship(sink) }
            }
        }
    }

    // MARK: Collecting

    private func collect() async {
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
                    client = try makeClient(token: token)
                    if clientToken != nil {
                        logger.notice("The Slack token changed; the next calls use the new one")
                    }
                    clientToken = token
                }
                guard let client else { break }
                let summary = try await poll(client)
                if summary.interrupted { break }
                failures = 0
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
            recordJournalSize()
            do {
                try await Task.sleep(for: wait)
            } catch {
                break
            }
        }
        try? await client?.shutdown()
    }

    private func makeClient(token: String) throws -> AuditLogsClient {
        var configuration = AuditLogsClient.Configuration(
            baseURL: organization.apiURL,
            retryHandlers: .allBuiltIn,
            rateLimiter: rateLimiter
        )
        configuration.metricsFactory = factory
        configuration.userAgentSuffix = "slack-audit-logs-serve/\(SlackAuditLogsCommand.version)"
        if let caFile = organization.caFile { configuration.tls = .customCA(pemFile: caFile) }
        return try AuditLogsClient(token: token, configuration: configuration, logger: logger)
    }

    private func poll(_ client: AuditLogsClient) async throws -> CollectionSummary {
        let now = board.now()
        let configuration = AuditLogsCollector.Configuration(
            query: LogsQuery(actions: organization.actions),
            start: max(now - organization.backfill, 0),
            settleLag: .seconds(organization.settleLag),
            output: .file(organization.journal),
            checkpointPath: organization.checkpoint
        )
        let collector = try AuditLogsCollector(client: client, configuration: configuration, logger: logger)
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
        let base = max(min(organization.pollInterval, organization.retryMax), 1)
        let doubled = base << Int64(min(failures - 1, 20))
        return .seconds(min(doubled, organization.retryMax))
    }

    private func recordJournalSize() {
        var total: Int64 = 0
        for path in [organization.journal, organization.checkpoint] {
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber {
                total += size.int64Value
            }
        }
        journalBytes.record(total)
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

    private func ship(_ settings: ServeConfiguration.Sink) async {
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
                    let shipper = try Shipper(sink: sink, configuration: configuration, logger: logger)
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
                let wait = Duration.seconds(min(Int64(1) << Int64(min(failures - 1, 20)), settings.retryMax))
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
