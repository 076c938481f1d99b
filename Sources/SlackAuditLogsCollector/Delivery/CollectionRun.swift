import Logging
import SlackAuditLogs

/// One run of the collector: the one writer, which owns the state, the journal and the spool, and the workers it
/// hands windows to.
///
/// Workers only fetch pages (through the client's pager) and post them; the writer takes one message at a time, so
/// every decision and every commit happens in order, and a commit may suspend (a journal may be remote) without
/// anything interleaving with it.
struct CollectionRun {
    let configuration: AuditLogsCollector.Configuration
    let client: AuditLogsClient
    let logger: Logger
    let progressHandler: (@Sendable (CollectionProgress) -> Void)?
    private var state: CollectionState
    private let journal: any Journal
    private let spool: WindowSpool?
    private let startedAt = ContinuousClock.now
    private var initialRemaining: Int64?
    private var warnedOutsideWindow = false

    /// Opens the journal (taking its lock), recovers what an earlier run left, and saves a first checkpoint when
    /// there was none.
    init(
        configuration: AuditLogsCollector.Configuration,
        client: AuditLogsClient,
        journal givenJournal: (any Journal)?,
        logger: Logger,
        progress: (@Sendable (CollectionProgress) -> Void)?
    ) async throws(CollectorError) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
        self.progressHandler = progress
        let journal: any Journal
        if let givenJournal {
            journal = givenJournal
        } else {
            journal = try NDJSONJournal(output: configuration.output, checkpointPath: configuration.checkpointPath)
        }
        self.journal = journal
        do {
            try await journal.prepareForRecovery(configuration)
            let recovered = try await BlockingWork.run { () throws(CollectorError) in
                try CollectionRecovery.recover(configuration: configuration, journal: journal, logger: logger)
            }
            var state = recovered.state
            let spooled = state.planner.openWindows.contains { $0.spool != nil }
            let spool =
                configuration.order.isOldestFirst || spooled
                ? try WindowSpool(checkpointPath: configuration.checkpointPath) : nil
            if let spool {
                try Self.prepare(spool, state: &state, oldestFirst: configuration.order.isOldestFirst, logger: logger)
            }
            self.state = state
            self.spool = spool
            if recovered.isNew, configuration.checkpointPath != nil {
                // Saved before anything is written: a crash after the first write then finds a checkpoint that says
                // where this collection's output began, and reads the rest back instead of refusing to start.
                try await commit(.empty, count: 0, reportsProgress: false)
            }
        } catch {
            journal.close()
            throw error
        }
    }

    /// Checks each spooled window's file against the checkpoint, and removes files it no longer knows.
    private static func prepare(
        _ spool: WindowSpool,
        state: inout CollectionState,
        oldestFirst: Bool,
        logger: Logger
    ) throws(CollectorError) {
        for ticket in state.planner.windows.keys.sorted() {
            guard let window = state.window(ticket), oldestFirst || window.spool != nil else { continue }
            guard try !spool.prepare(window) else { continue }
            guard window.spool?.emitted == 0 else {
                throw CollectorError(
                    code: .fileSystem,
                    message: "The spool \(spool.path(of: window)) is missing or shorter than the checkpoint says, and "
                        + "part of it is already in the output. Collect again with --rescan-output (recovery "
                        + "rescanOutput) to write only what the output does not hold.",
                    path: spool.path(of: window)
                )
            }
            logger.warning(
                "Spool file missing or cut; reading its window again",
                metadata: ["slack_audit_logs.collector.spool": "\(spool.path(of: window))"]
            )
            state.resetWindow(ticket)
            _ = try spool.prepare(WindowProgress(oldest: window.queryOldest, latest: window.latest))
        }
        spool.removeFiles(except: state.planner.openWindows)
    }

    // MARK: - Rounds

    /// The rounds of collection: each reads from what is covered up to now minus the settle lag (or the end).
    mutating func collect() async throws {
        while true {
            let settled = configuration.now() - configuration.settleLag.wholeSecondsRoundedUp
            var target = settled
            if let end = configuration.end { target = min(end, settled) }
            state.beginRound(target: target)
            initialRemaining = state.remainingSeconds
            // Windows read before a restart, and not all written out, go first.
            try await writeOutReadWindows()
            try await read()
            try await writeOutReadWindows()
            try await recheck()
            state.finishRound()
            reportProgress()
            try Task.checkCancellation()

            let covered = state.coveredUntil
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

    /// What the run did.
    func summary(interrupted: Bool) -> CollectionSummary {
        var result = state.summary
        result.completeUntil = state.completeUntil
        result.interrupted = interrupted
        result.elapsed = ContinuousClock.now - startedAt
        return result
    }

    /// Releases the journal and the spool.
    func close() {
        spool?.close()
        journal.close()
    }

    // MARK: - Reading with workers

    /// A message from a worker to the writer.
    enum Message: Sendable {
        /// A worker wants a window.
        case requestWork(CheckedContinuation<Assignment?, Never>)
        /// A page of window `ticket`; the reply says whether to read on.
        case page(PageDelivery, CheckedContinuation<Bool, Never>)
        /// Reading window `ticket` failed.
        case failed(ticket: Int, error: AuditLogsError)
        /// A worker has stopped.
        case exited
    }

    /// A window to read, as a worker needs it.
    struct Assignment: Sendable {
        var ticket: Int
        var query: LogsQuery
        var position: LogsPager.Position
    }

    /// A page and where its pager stands after it.
    struct PageDelivery: Sendable {
        var ticket: Int
        var page: RawLogsPage
        var position: LogsPager.Position
        var finished: Bool
        var restarts: Int
    }

    /// Reads the round's windows with ``AuditLogsCollector/Configuration/workers`` workers until nothing is left.
    private mutating func read() async throws {
        let mailbox = Mailbox<Message>()
        let workers = configuration.workers
        let client = client
        var failure: (any Error)?
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask { await Self.work(client: client, mailbox: mailbox) }
            }
            var parked: [CheckedContinuation<Assignment?, Never>] = []
            var active = workers
            loop: while active > 0 {
                guard let message = await mailbox.receive() else { break }
                switch message {
                case .requestWork(let reply):
                    parked.append(reply)
                case .page(let delivery, let reply):
                    do {
                        reply.resume(returning: try await commitPage(delivery))
                    } catch {
                        reply.resume(returning: false)
                        failure = error
                        break loop
                    }
                case .failed(let ticket, let error):
                    state.release(ticket)
                    failure = error.code == .cancelled ? CancellationError() : stop(for: error, ticket: ticket)
                    break loop
                case .exited:
                    active -= 1
                }
                serve(&parked)
            }
            if active > 0 { group.cancelAll() }
            for reply in parked { reply.resume(returning: nil) }
            for message in mailbox.close() { Self.refuse(message) }
            await group.waitForAll()
        }
        if let failure { throw failure }
        try Task.checkCancellation()
    }

    /// Gives the parked workers what there is to read; when nothing is left, lets them go.
    private mutating func serve(_ parked: inout [CheckedContinuation<Assignment?, Never>]) {
        while !parked.isEmpty {
            if let ticket = state.assign(idleWorkers: parked.count), let window = state.window(ticket) {
                var query = configuration.query
                query.limit = configuration.pageLimit
                query.oldest = window.queryOldest
                query.latest = window.latest
                parked.removeFirst().resume(
                    returning: Assignment(ticket: ticket, query: query, position: window.position)
                )
            } else if state.planner.isReadingDone {
                for reply in parked { reply.resume(returning: nil) }
                parked = []
            } else {
                return
            }
        }
    }

    /// Answers a message the writer never got to: no more work, stop reading.
    private static func refuse(_ message: Message) {
        switch message {
        case .requestWork(let reply): reply.resume(returning: nil)
        case .page(_, let reply): reply.resume(returning: false)
        case .failed, .exited: break
        }
    }

    /// A worker: asks for a window, reads it page after page through the client's pager, posts each page, and
    /// stops reading it when the writer says so.
    private static func work(client: AuditLogsClient, mailbox: Mailbox<Message>) async {
        defer { _ = mailbox.post(.exited) }
        while let assignment = await ask(mailbox, ifClosed: nil, { .requestWork($0) }) {
            var pager = LogsPager(query: assignment.query, position: assignment.position)
            do {
                while let page = try await client.nextPage(&pager) {
                    let delivery = PageDelivery(
                        ticket: assignment.ticket,
                        page: page,
                        position: pager.position,
                        finished: pager.isFinished,
                        restarts: pager.restarts
                    )
                    guard await ask(mailbox, ifClosed: false, { .page(delivery, $0) }) else { break }
                }
            } catch {
                _ = mailbox.post(.failed(ticket: assignment.ticket, error: error))
                return
            }
        }
    }

    private static func ask<Reply: Sendable>(
        _ mailbox: Mailbox<Message>,
        ifClosed: Reply,
        _ message: (CheckedContinuation<Reply, Never>) -> Message
    ) async -> Reply {
        await withCheckedContinuation { continuation in
            if !mailbox.post(message(continuation)) { continuation.resume(returning: ifClosed) }
        }
    }

    // MARK: - Committing

    /// Takes a page: writes its entries (or adds them to the window's spool) and saves the checkpoint after them.
    /// Returns whether the window's worker should read on.
    private mutating func commitPage(_ delivery: PageDelivery) async throws(CollectorError) -> Bool {
        guard let window = state.window(delivery.ticket) else { return false }
        let spooling = spool != nil && (configuration.order.isOldestFirst || window.spool != nil)
        guard
            let outcome = state.accept(
                delivery.page,
                ticket: delivery.ticket,
                position: delivery.position,
                pagerFinished: delivery.finished,
                restarts: delivery.restarts,
                spooling: spooling,
                outputSize: journal.size
            )
        else { return false }
        if let outside = outcome.outside { warnOutsideWindow(outside) }
        if spooling, let spool {
            let entries = outcome.entries
            let bytes = try await BlockingWork.run { () throws(CollectorError) in
                try spool.append(entries, to: window)
            }
            state.setSpool(delivery.ticket, SpoolProgress(bytes: bytes, emitted: 0))
            try await commit(.empty, count: 0)
            try await writeOutReadWindows()
        } else {
            try await commit(batch(outcome.entries, window: outcome.window), count: outcome.entries.count)
        }
        return outcome.goOn
    }

    /// Writes out of their spools the windows that are read: in oldest-first order the oldest window only, once
    /// it is read, then the next; a chunk per commit, so that memory holds one chunk.
    private mutating func writeOutReadWindows() async throws(CollectorError) {
        guard let spool else { return }
        while let ticket = readyToWriteOut(), let window = state.window(ticket) {
            let chunk = try await BlockingWork.run { () throws(CollectorError) in try spool.chunk(of: window) }
            if let (entries, emitted) = chunk {
                let admitted = state.admitFromSpool(entries, ticket: ticket, outputSize: journal.size)
                state.setSpool(ticket, SpoolProgress(bytes: window.spool?.bytes ?? 0, emitted: emitted))
                try await commit(batch(admitted, window: window.oldest...window.latest), count: admitted.count)
            } else {
                state.finishWriting(ticket)
                try await commit(.empty, count: 0)
                spool.remove(window)
            }
        }
    }

    private func readyToWriteOut() -> Int? {
        if configuration.order.isOldestFirst { return state.windowReadyToWrite }
        return state.planner.windows.first { $0.value.progress.isRead && $0.value.progress.spool != nil }?.key
    }

    /// Re-reads the recent span and writes the events that arrived after their window was read.
    private mutating func recheck() async throws {
        guard let range = state.recheckRange else { return }
        var query = configuration.query
        query.limit = configuration.pageLimit
        query.oldest = range.lowerBound
        query.latest = range.upperBound
        var pager = LogsPager(query: query)
        while true {
            let page: RawLogsPage
            do {
                guard let next = try await client.nextPage(&pager) else { return }
                page = next
            } catch {
                if error.code == .cancelled { throw CancellationError() }
                throw CollectorError(
                    error,
                    during: "Re-checking \(Timestamp.iso8601(range.lowerBound))…\(Timestamp.iso8601(range.upperBound))"
                )
            }
            let outcome = state.acceptRecheck(page, range: range)
            if let outside = outcome.outside { warnOutsideWindow(outside) }
            if !outcome.entries.isEmpty {
                logger.notice(
                    "Re-check found late events",
                    metadata: ["slack_audit_logs.collector.entries": "\(outcome.entries.count)"]
                )
            }
            try await commit(batch(outcome.entries, window: range), count: outcome.entries.count)
        }
    }

    private func batch(_ entries: [RawLogEntry], window: ClosedRange<Int64>) -> JournalBatch {
        let envelope =
            configuration.includeMetadata
            ? OutputLine.Envelope(collectedAt: configuration.now(), window: window) : nil
        return JournalBatch(entries: entries, envelope: envelope)
    }

    /// Writes `batch` and the checkpoint that covers it.
    private mutating func commit(
        _ batch: JournalBatch,
        count: Int,
        reportsProgress: Bool = true
    ) async throws(CollectorError) {
        state.delivered(count)
        var checkpoint = state.checkpoint(outputSize: journal.size, now: configuration.now())
        try await journal.commit(batch, checkpoint: &checkpoint)
        if reportsProgress { reportProgress() }
    }

    // MARK: - Reporting

    private mutating func warnOutsideWindow(_ outside: (second: Int64, window: ClosedRange<Int64>)) {
        guard !warnedOutsideWindow else { return }
        warnedOutsideWindow = true
        logger.warning(
            "Slack returned an entry outside the window asked for; skipped (the window it belongs to writes it)",
            metadata: [
                "slack_audit_logs.collector.date_create": "\(outside.second)",
                "slack_audit_logs.collector.window_oldest": "\(outside.window.lowerBound)",
                "slack_audit_logs.collector.window_latest": "\(outside.window.upperBound)",
            ]
        )
    }

    /// Cancellation stops the run quietly; any other API error stops it with a ``CollectorError``.
    private func stop(for error: AuditLogsError, ticket: Int) -> CollectorError {
        let window = state.window(ticket)
        let span = window.map { "\(Timestamp.iso8601($0.oldest))…\(Timestamp.iso8601($0.latest))" } ?? "a window"
        return CollectorError(error, during: "Reading \(span)")
    }

    private func reportProgress() {
        guard let progressHandler else { return }
        let summary = state.summary
        let elapsed = ContinuousClock.now - startedAt
        let seconds = max(elapsed.seconds, 0.001)
        var remaining: Duration?
        if let initialRemaining, initialRemaining > 0 {
            let done = Double(initialRemaining - state.remainingSeconds) / Double(initialRemaining)
            if done > 0.01 { remaining = .seconds(seconds * (1 - done) / done) }
        }
        progressHandler(
            CollectionProgress(
                delivered: summary.delivered,
                duplicatesSkipped: summary.duplicatesSkipped,
                pages: summary.pages,
                completeUntil: state.completeUntil,
                target: state.target,
                elapsed: elapsed,
                entriesPerSecond: Double(summary.delivered) / seconds,
                estimatedRemaining: remaining,
                isFollowing: configuration.follow,
                roundsCompleted: state.roundsCompleted
            )
        )
    }
}
