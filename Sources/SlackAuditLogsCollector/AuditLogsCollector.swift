import Logging
import SlackAuditLogs

/// Collects audit events into an NDJSON output, incrementally and crash-safely: every event exactly once, for close
/// to the fewest calls the range needs.
///
/// ```swift
/// let client = try AuditLogsClient(token: token, configuration: .init(retryHandlers: .allBuiltIn))
/// var configuration = AuditLogsCollector.Configuration(start: 1_700_000_000, output: .file("audit.ndjson"))
/// configuration.checkpointPath = "audit.checkpoint.json"
/// let collector = try AuditLogsCollector(client: client, configuration: configuration)
/// let summary = try await collector.run()
/// ```
///
/// Cancelling the task that runs it stops it gracefully; the library never installs signal handlers.
///
/// The range is read in time windows whose `latest` is fixed when they open: one window for the whole range, split
/// only where a window still holds several pages and a worker is idle, so that calls stay near one per 9,999
/// entries. After each page the entries are written and flushed, and only then is the checkpoint saved
/// (atomically): a crash at any moment loses nothing, and a restart resumes from the checkpoint, skipping the
/// entries the crashed run had already written after it. One collector at a time may use an output and a
/// checkpoint; a second one is refused with ``CollectorError/Code/alreadyRunning``.
public final class AuditLogsCollector: Sendable {
    /// What the collector collects and where it writes.
    public let configuration: Configuration
    let client: AuditLogsClient
    let logger: Logger
    /// The journal to commit into, when not the configuration's files.
    let journal: (any Journal)?

    /// Creates a collector that reads through `client` (its retry handlers and rate limiter apply to every call).
    ///
    /// Give the client `.allBuiltIn` retry handlers (the default only retries connection errors): the collector
    /// stops, checkpointed, on the first error its client does not retry, and a 429 or a 503 is worth waiting out.
    ///
    /// - Throws: ``CollectorError/Code/invalidConfiguration`` when a setting cannot be used.
    public init(
        client: AuditLogsClient,
        configuration: Configuration,
        logger: Logger = AuditLogsClient.disabledLogger
    ) throws(CollectorError) {
        try configuration.validate()
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.journal = nil
    }

    /// Creates a collector that commits into `journal` (another store than the configuration's output and
    /// checkpoint files, which then only name it in messages). Its ``Journal/close()`` is called when each run ends.
    package init(
        client: AuditLogsClient,
        configuration: Configuration,
        journal: any Journal,
        logger: Logger
    ) throws(CollectorError) {
        try configuration.validate()
        guard !configuration.order.isOldestFirst else {
            throw CollectorError(
                code: .invalidConfiguration,
                message: "Oldest-first order needs the checkpoint's spool folder; this journal has none."
            )
        }
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.journal = journal
    }

    /// Collects until the range is done (or, when following, until cancelled), then returns what it did.
    ///
    /// Cancelling the task stops the run gracefully: the page in flight is abandoned, everything written is already
    /// checkpointed, and the summary says ``CollectionSummary/interrupted``.
    ///
    /// - Parameter progress: called after every commit, on the collector's own task; keep it quick.
    /// - Throws: ``CollectorError`` when another collector holds the files, when the checkpoint or the output
    ///   cannot be used, when Slack refuses the token or the plan, or when a call still fails after the client's
    ///   retry handlers.
    public func run(
        progress: (@Sendable (CollectionProgress) -> Void)? = nil
    ) async throws(CollectorError) -> CollectionSummary {
        var run = try await CollectionRun(
            configuration: configuration,
            client: client,
            journal: journal,
            logger: logger,
            progress: progress
        )
        var interrupted = false
        do {
            try await run.collect()
        } catch let error as CollectorError {
            run.close()
            throw error
        } catch {
            interrupted = true
        }
        if Task.isCancelled { interrupted = true }
        run.close()
        let summary = run.summary(interrupted: interrupted)
        logger.info(
            interrupted ? "Collection interrupted" : "Collection finished",
            metadata: [
                "slack_audit_logs.collector.delivered": "\(summary.delivered)",
                "slack_audit_logs.collector.duplicates_skipped": "\(summary.duplicatesSkipped)",
                "slack_audit_logs.collector.pages": "\(summary.pages)",
                "slack_audit_logs.collector.complete_until": "\(Timestamp.iso8601(summary.completeUntil))",
            ]
        )
        return summary
    }
}
