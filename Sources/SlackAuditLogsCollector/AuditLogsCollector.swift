import Logging
import SlackAuditLogs

/// Collects audit events into an NDJSON output, incrementally and crash-safely: every event exactly once.
///
/// ```swift
/// let client = try AuditLogsClient(token: token, configuration: .init(retryHandlers: .allBuiltIn))
/// var configuration = AuditLogsCollector.Configuration(start: 1_700_000_000, output: .file("audit.ndjson"))
/// configuration.checkpointPath = "audit.checkpoint.json"
/// let collector = try AuditLogsCollector(client: client, configuration: configuration)
/// let summary = try await collector.run(stoppingOn: [SIGINT, SIGTERM])
/// ```
///
/// The range is read in time windows whose `latest` is fixed when they open. After each page the entries are written
/// and flushed, and only then is the checkpoint saved (atomically): a crash at any moment loses nothing, and a restart
/// resumes from the checkpoint, skipping the entries the crashed run had already written after it.
public final class AuditLogsCollector: Sendable {
    /// What the collector collects and where it writes.
    public let configuration: Configuration
    let client: AuditLogsClient
    let logger: Logger

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
    }

    /// Collects until the range is done (or, when following, until cancelled), then returns what it did.
    ///
    /// Cancelling the task stops the run gracefully: the page in flight is abandoned, everything written is already
    /// checkpointed, and the summary says ``CollectionSummary/interrupted``.
    ///
    /// - Parameter progress: called after every commit, on the collector's own executor; keep it quick.
    /// - Throws: ``CollectorError`` when the checkpoint or the output cannot be used, when Slack refuses the token or
    ///   the plan, or when a call still fails after the client's retry handlers.
    public func run(
        progress: (@Sendable (CollectionProgress) -> Void)? = nil
    ) async throws(CollectorError) -> CollectionSummary {
        let delivery = try Delivery(configuration: configuration, logger: logger, progress: progress)
        var interrupted = false
        do {
            try await collect(into: delivery)
        } catch let error as CollectorError {
            await delivery.close()
            throw error
        } catch {
            interrupted = true
        }
        if Task.isCancelled { interrupted = true }
        await delivery.close()
        let summary = await delivery.summary(interrupted: interrupted)
        logger.info(
            interrupted ? "Collection interrupted" : "Collection finished",
            metadata: [
                "slack_audit_logs.collector.delivered": "\(summary.delivered)",
                "slack_audit_logs.collector.duplicates_skipped": "\(summary.duplicatesSkipped)",
                "slack_audit_logs.collector.complete_until": "\(Timestamp.iso8601(summary.completeUntil))",
            ]
        )
        return summary
    }

    /// The rounds of collection: each reads from the checkpoint up to now minus the settle lag (or ``end``).
    private func collect(into delivery: Delivery) async throws {
        while true {
            let settled = configuration.now() - configuration.settleLag.wholeSecondsRoundedUp
            var target = settled
            if let end = configuration.end { target = min(end, settled) }
            await delivery.setTarget(target)
            try await fetchWindows(upTo: target, into: delivery)
            try await recheck(into: delivery)
            await delivery.finishRound()
            try Task.checkCancellation()

            let covered = await delivery.coveredUntil
            if let end = configuration.end, covered >= end { return }
            guard configuration.follow else {
                if let end = configuration.end, covered < end {
                    logger.notice(
                        "Stopped at the settle lag before the end of the range; run again later for the rest",
                        metadata: [
                            "slack_audit_logs.collector.complete_until": "\(Timestamp.iso8601(covered))",
                            "slack_audit_logs.collector.end": "\(Timestamp.iso8601(end))",
                        ]
                    )
                }
                return
            }
            try await Task.sleep(for: configuration.followInterval)
        }
    }

    /// Reads the open windows, then new windows up to `target`, with up to ``Configuration/workers`` at once.
    private func fetchWindows(upTo target: Int64, into delivery: Delivery) async throws {
        var resumed = await delivery.resumedTickets()
        var nextStart = await delivery.coveredUntil
        let windowSeconds = configuration.windowLength.wholeSecondsRoundedUp
        let workers = configuration.workers
        let oldestFirst = configuration.order.isOldestFirst

        try await withThrowingTaskGroup(of: (Int, [LogsPage]?).self) { group in
            var running = 0
            func startNext() async -> Bool {
                let ticket: Int
                if !resumed.isEmpty {
                    ticket = resumed.removeFirst()
                } else if nextStart < target {
                    // Oldest-first buffers finished windows: bound how many can wait behind a slow one.
                    if oldestFirst, await delivery.openWindowCount >= 2 * workers { return false }
                    let latest = min(nextStart + windowSeconds, target) - 1
                    ticket = await delivery.openWindow(oldest: nextStart, latest: latest)
                    nextStart = latest + 1
                } else {
                    return false
                }
                group.addTask { (ticket, try await self.fetch(ticket, from: delivery)) }
                running += 1
                return true
            }
            while running < workers, await startNext() {}
            while let (ticket, pages) = try await group.next() {
                running -= 1
                if let pages { try await delivery.completeWindow(ticket, pages: pages) }
                while running < workers, await startNext() {}
            }
        }
    }

    /// Reads one window page after page. In as-fetched order each page is delivered at once; in oldest-first order
    /// the pages are returned for the writer to put in order.
    private func fetch(_ ticket: Int, from delivery: Delivery) async throws -> [LogsPage]? {
        guard let window = await delivery.window(ticket) else { return nil }
        var query = configuration.query
        query.limit = configuration.pageLimit
        query.oldest = window.oldest
        query.latest = window.cursor == nil ? window.remainingLatest : window.latest
        var cursor = window.cursor
        var usedCursors: Set<String> = cursor.map { [$0] } ?? []
        var buffered: [LogsPage] = []
        var restarts = 0
        let oldestFirst = configuration.order.isOldestFirst
        while true {
            let page: LogsPage
            do {
                page = try await client.logsPage(query, cursor: cursor)
            } catch  where error.code == .invalidCursor && cursor != nil && restarts < 10 {
                restarts += 1
                guard let latest = await delivery.restartWindow(ticket) else { return nil }
                query.latest = latest
                cursor = nil
                usedCursors = []
                buffered = []
                continue
            } catch {
                throw Self.stop(for: error, window: window)
            }
            if oldestFirst {
                buffered.append(page)
            } else {
                try await delivery.deliver(page, ticket: ticket)
            }
            guard let next = page.nextCursor else { break }
            guard usedCursors.insert(next).inserted else {
                throw CollectorError(
                    code: .apiFailure,
                    message: "Slack returned a cursor already used while reading "
                        + "\(Timestamp.iso8601(window.oldest))…\(Timestamp.iso8601(window.latest)); stopping rather "
                        + "than looping. Everything delivered is checkpointed; run again to resume."
                )
            }
            cursor = next
        }
        return oldestFirst ? buffered : nil
    }

    /// Re-reads the recent span and writes the events that arrived after their window was read.
    private func recheck(into delivery: Delivery) async throws {
        guard let range = await delivery.recheckRange() else { return }
        var query = configuration.query
        query.limit = configuration.pageLimit
        query.oldest = range.lowerBound
        query.latest = range.upperBound
        let window = WindowProgress(oldest: range.lowerBound, latest: range.upperBound)
        var cursor: String?
        var usedCursors: Set<String> = []
        while true {
            let page: LogsPage
            do {
                page = try await client.logsPage(query, cursor: cursor)
            } catch  where error.code == .invalidCursor && cursor != nil {
                cursor = nil
                usedCursors = []
                continue
            } catch {
                throw Self.stop(for: error, window: window)
            }
            try await delivery.deliverRecheck(page, range: range)
            guard let next = page.nextCursor, usedCursors.insert(next).inserted else { return }
            cursor = next
        }
    }

    /// Cancellation stops the run quietly; any other API error stops it with a ``CollectorError``.
    private static func stop(for error: AuditLogsError, window: WindowProgress) -> any Error {
        if error.code == .cancelled { return CancellationError() }
        return CollectorError(
            error,
            during: "Reading \(Timestamp.iso8601(window.oldest))…\(Timestamp.iso8601(window.latest))"
        )
    }
}
