import Logging
import SlackAuditLogs

/// The one writer: removes the duplicates it can see, writes lines to the output, makes them durable, then saves
/// the checkpoint that covers them.
///
/// No method suspends, so a cancelled run never leaves the output and the checkpoint out of step: the checkpoint
/// only ever describes entries already flushed to the output.
actor Delivery {
    private let configuration: AuditLogsCollector.Configuration
    private let sink: OutputSink
    private let store: CheckpointStore?
    private let logger: Logger
    private let progressHandler: (@Sendable (CollectionProgress) -> Void)?
    private let startedAt = ContinuousClock.now

    private var checkpoint: Checkpoint
    /// Open windows by ticket.
    private var windows: [Int: WindowProgress]
    private var nextTicket: Int
    /// IDs an interrupted run wrote after its last checkpoint: written once already, skipped when they come again.
    private var replay: Set<String>
    /// IDs found by a rescan of the whole output (recovery without a usable checkpoint).
    private var rescanned: Set<String>
    /// Entries delivered in the re-check span, by ID, with their second.
    private var recent: [String: Int64]
    /// For re-checking: where in the output each window's lines begin.
    private var windowStarts: [(latest: Int64, offset: Int64)]
    private var startedTickets: Set<Int> = []
    /// Complete windows waiting for older ones (oldest-first order).
    private var finished: [Int: [LogsPage]] = [:]
    private var summary: CollectionSummary
    private var target: Int64
    private var initialRemaining: Int64?
    private var warnedOutsideWindow = false
    private var roundsCompleted = 0

    init(
        configuration: AuditLogsCollector.Configuration,
        logger: Logger,
        progress: (@Sendable (CollectionProgress) -> Void)?
    ) throws(CollectorError) {
        self.configuration = configuration
        self.logger = logger
        self.progressHandler = progress
        let store = configuration.checkpointPath.map(CheckpointStore.init(path:))
        self.store = store
        let rescans = configuration.recovery.rescansOutput

        var loaded: Checkpoint?
        do {
            loaded = try store?.load()
        } catch  where error.code == .checkpointCorrupt && rescans {
            logger.warning(
                "Checkpoint unreadable, rebuilding from the output",
                metadata: ["slack_audit_logs.collector.reason": "\(error.message)"]
            )
        }
        if let loaded, loaded.filters != configuration.checkpointFilters {
            throw CollectorError(
                code: .checkpointMismatch,
                message: "The checkpoint \(store?.path ?? "") was written for other filters "
                    + "(\(Self.describe(loaded.filters))) than this collection's "
                    + "(\(Self.describe(configuration.checkpointFilters))). Give each query its own checkpoint and "
                    + "output files.",
                path: store?.path
            )
        }

        let sink = try OutputSink(configuration.output)
        self.sink = sink
        var summary = CollectionSummary(
            delivered: 0,
            duplicatesSkipped: 0,
            outsideWindowSkipped: 0,
            lateEventsFound: 0,
            pages: 0,
            windowsRestarted: 0,
            recoveredFromOutput: 0,
            tornBytesRemoved: 0,
            completeUntil: configuration.start,
            interrupted: false,
            elapsed: .zero
        )
        var replay: Set<String> = []
        var recent: [String: Int64] = [:]
        let recheckSeconds = configuration.recheckSpan?.wholeSecondsRoundedUp
        let scanFrom: Int64?
        var rescansWholeOutput = false
        var checkpoint: Checkpoint

        if let loaded {
            checkpoint = loaded
            replay = checkpoint.replayIDs
            if let offset = checkpoint.outputOffset, sink.isReadable, sink.position < offset {
                guard rescans else {
                    throw CollectorError(
                        code: .outputShorterThanCheckpoint,
                        message: "The output \(configuration.output) holds \(sink.position) bytes but the checkpoint "
                            + "\(store?.path ?? "") says \(offset) were delivered: the file was truncated, replaced or "
                            + "rotated. Restore it, or set recovery to rescanOutput to continue from the checkpoint "
                            + "into this file.",
                        path: configuration.output.path
                    )
                }
                logger.warning("Output shorter than the checkpoint says; continuing from the checkpoint")
                checkpoint.recheckOffset = nil
                rescansWholeOutput = true
                scanFrom = nil
            } else {
                scanFrom = checkpoint.outputOffset
            }
            if let recheckSeconds, let recheckOffset = checkpoint.recheckOffset, let end = scanFrom,
                recheckOffset < end
            {
                let threshold = checkpoint.coveredUntil - recheckSeconds
                _ = try sink.scan(from: recheckOffset, upTo: end) { entry in
                    if let id = entry.id, let second = entry.dateCreate, second >= threshold { recent[id] = second }
                }
            }
        } else {
            if sink.isReadable, sink.position > 0, !rescans {
                throw CollectorError(
                    code: .checkpointMissing,
                    message: "The output \(configuration.output) already holds \(sink.position) bytes but "
                        + (store.map { "there is no checkpoint at \($0.path)" } ?? "no checkpoint is configured")
                        + ": collecting again would write those entries twice. Use the checkpoint that goes with this "
                        + "output, choose a new output file, or set recovery to rescanOutput to skip the entries "
                        + "already there.",
                    path: configuration.output.path
                )
            }
            rescansWholeOutput = sink.isReadable && sink.position > 0
            scanFrom = nil
            checkpoint = Checkpoint(filters: configuration.checkpointFilters, start: configuration.start)
        }

        // Recovery by rescanning: every ID already in the output is skipped. The set is not saved with each
        // checkpoint (it may be large); the checkpoint records how much of the output to read again instead.
        var rescanned: Set<String> = []
        let rescanEnd = rescansWholeOutput ? nil : checkpoint.rescanOffset
        if rescansWholeOutput || rescanEnd != nil {
            let scanned = try sink.scan(from: 0, upTo: rescanEnd) { entry in
                guard let id = entry.id else { return }
                rescanned.insert(id)
                if recheckSeconds != nil, let second = entry.dateCreate { recent[id] = second }
            }
            if rescansWholeOutput {
                checkpoint.rescanOffset = sink.position
                summary.recoveredFromOutput = rescanned.count
                summary.tornBytesRemoved = scanned.tornBytes
                logger.notice(
                    "Read back every entry already in the output",
                    metadata: ["slack_audit_logs.collector.entries": "\(rescanned.count)"]
                )
            }
        }

        if let scanFrom, sink.isReadable {
            let scanned = try sink.scan(from: scanFrom, upTo: nil) { entry in
                guard let id = entry.id else { return }
                replay.insert(id)
                if recheckSeconds != nil, let second = entry.dateCreate { recent[id] = second }
            }
            summary.recoveredFromOutput = replay.count - checkpoint.replayIDs.count
            summary.tornBytesRemoved = scanned.tornBytes
            if scanned.lines > 0 || scanned.tornBytes > 0 {
                logger.notice(
                    "Read back entries written after the last checkpoint",
                    metadata: [
                        "slack_audit_logs.collector.entries": "\(replay.count)",
                        "slack_audit_logs.collector.unreadable_lines": "\(scanned.unreadableLines)",
                        "slack_audit_logs.collector.torn_bytes": "\(scanned.tornBytes)",
                    ]
                )
            }
        }
        summary.completeUntil = checkpoint.completeUntil
        var windows: [Int: WindowProgress] = [:]
        for (ticket, window) in checkpoint.openWindows.sorted(by: { $0.oldest < $1.oldest }).enumerated() {
            windows[ticket] = window
        }
        self.windows = windows
        self.nextTicket = windows.count
        self.replay = replay
        self.rescanned = rescanned
        self.recent = recent
        self.summary = summary
        self.target = checkpoint.coveredUntil
        self.windowStarts =
            recheckSeconds == nil ? [] : [(checkpoint.coveredUntil - 1, checkpoint.recheckOffset ?? sink.position)]
        self.checkpoint = checkpoint
        if loaded == nil, let store {
            // Saved before anything is written: a crash after the first write then finds a checkpoint that says
            // where this collection's output began, and reads the rest back instead of refusing to start.
            checkpoint.outputOffset = sink.isReadable ? sink.position : nil
            checkpoint.updatedAt = configuration.now()
            try store.save(checkpoint)
            self.checkpoint = checkpoint
        }
    }

    // MARK: - Planning

    /// The first second not yet assigned to a window.
    var coveredUntil: Int64 { checkpoint.coveredUntil }

    /// Every event before this second is in the output.
    var completeUntil: Int64 { checkpoint.completeUntil }

    /// Windows that were open when the checkpoint was saved, oldest first.
    func resumedTickets() -> [Int] {
        windows.sorted { $0.value.oldest < $1.value.oldest }.map(\.key)
    }

    /// Windows opened and not yet written out.
    var openWindowCount: Int { windows.count }

    /// Opens the window `oldest...latest` (the next one after ``coveredUntil``).
    func openWindow(oldest: Int64, latest: Int64) -> Int {
        let ticket = nextTicket
        nextTicket += 1
        windows[ticket] = WindowProgress(oldest: oldest, latest: latest)
        checkpoint.coveredUntil = max(checkpoint.coveredUntil, latest + 1)
        return ticket
    }

    func window(_ ticket: Int) -> WindowProgress? { windows[ticket] }

    /// Sets where the current round ends, for progress estimates.
    func setTarget(_ target: Int64) {
        self.target = target
        initialRemaining = remainingSeconds
    }

    /// Forgets a window's expired cursor; returns the `latest` to read it again from (its watermark second).
    func restartWindow(_ ticket: Int) -> Int64? {
        guard var window = windows[ticket] else { return nil }
        summary.windowsRestarted += 1
        if configuration.order.isOldestFirst {
            window.watermark = nil
            window.boundaryIDs = []
        }
        window.cursor = nil
        windows[ticket] = window
        logger.notice(
            "Cursor expired, reading the window again from its watermark",
            metadata: [
                "slack_audit_logs.collector.window_oldest": "\(window.oldest)",
                "slack_audit_logs.collector.window_latest": "\(window.remainingLatest)",
            ]
        )
        return window.remainingLatest
    }

    // MARK: - Delivery

    /// Writes one page of a window (as-fetched order) and saves the checkpoint after it.
    func deliver(_ page: LogsPage, ticket: Int) throws(CollectorError) {
        guard var window = windows[ticket] else { return }
        noteWindowStart(ticket, window)
        var lines: [UInt8] = []
        lines.reserveCapacity(page.body.count + page.entries.count)
        var written = 0
        for entry in page.entries {
            if isOutside(entry, oldest: window.oldest, latest: window.latest) { continue }
            if window.alreadyDelivered(id: entry.id, dateCreate: entry.dateCreate) || isReplay(entry) {
                window.recordDelivered(id: entry.id, dateCreate: entry.dateCreate)
                summary.duplicatesSkipped += 1
                continue
            }
            append(entry, window: window, to: &lines)
            window.recordDelivered(id: entry.id, dateCreate: entry.dateCreate)
            written += 1
        }
        window.cursor = page.nextCursor
        if page.nextCursor == nil {
            windows[ticket] = nil
        } else {
            windows[ticket] = window
        }
        summary.pages += 1
        try commit(lines, count: written)
    }

    /// Takes a complete window (oldest-first order) and writes every window whose older neighbours are written.
    func completeWindow(_ ticket: Int, pages: [LogsPage]) throws(CollectorError) {
        finished[ticket] = pages
        summary.pages += pages.count
        while let (head, window) = windows.min(by: { $0.value.oldest < $1.value.oldest }),
            let headPages = finished.removeValue(forKey: head)
        {
            noteWindowStart(head, window)
            var lines: [UInt8] = []
            var written = 0
            for page in headPages.reversed() {
                for entry in page.entries.reversed() {
                    if isOutside(entry, oldest: window.oldest, latest: window.latest) { continue }
                    if isReplay(entry) {
                        summary.duplicatesSkipped += 1
                        continue
                    }
                    append(entry, window: window, to: &lines)
                    written += 1
                }
            }
            windows[head] = nil
            try commit(lines, count: written)
        }
    }

    /// The span to re-check: up to `recheckSpan` before ``coveredUntil``.
    func recheckRange() -> ClosedRange<Int64>? {
        guard let span = configuration.recheckSpan?.wholeSecondsRoundedUp, windows.isEmpty else { return nil }
        let upper = checkpoint.coveredUntil - 1
        let lower = max(checkpoint.start, checkpoint.coveredUntil - span)
        guard lower <= upper else { return nil }
        return lower...upper
    }

    /// Writes the entries of a re-check page that are not in the output yet.
    func deliverRecheck(_ page: LogsPage, range: ClosedRange<Int64>) throws(CollectorError) {
        var lines: [UInt8] = []
        var written = 0
        let window = WindowProgress(oldest: range.lowerBound, latest: range.upperBound)
        for entry in page.entries {
            if isOutside(entry, oldest: range.lowerBound, latest: range.upperBound) { continue }
            if let id = entry.id, recent[id] != nil {
                continue
            }
            if isReplay(entry) {
                summary.duplicatesSkipped += 1
                continue
            }
            append(entry, window: window, to: &lines)
            written += 1
        }
        summary.pages += 1
        summary.lateEventsFound += written
        if written > 0 {
            logger.notice(
                "Re-check found late events",
                metadata: ["slack_audit_logs.collector.entries": "\(written)"]
            )
        }
        try commit(lines, count: written)
    }

    /// Ends a round: forgets re-check memory older than the span and reports progress.
    func finishRound() {
        roundsCompleted += 1
        if let span = configuration.recheckSpan?.wholeSecondsRoundedUp {
            let threshold = checkpoint.coveredUntil - span
            recent = recent.filter { $0.value >= threshold }
        }
        reportProgress()
    }

    /// The summary so far.
    func summary(interrupted: Bool) -> CollectionSummary {
        var result = summary
        result.completeUntil = checkpoint.completeUntil
        result.interrupted = interrupted
        result.elapsed = ContinuousClock.now - startedAt
        return result
    }

    func close() {
        sink.close()
    }

    // MARK: - Internals

    private func isReplay(_ entry: RawLogEntry) -> Bool {
        guard let id = entry.id else { return false }
        if !replay.isEmpty, replay.remove(id) != nil { return true }
        return !rescanned.isEmpty && rescanned.remove(id) != nil
    }

    private func isOutside(_ entry: RawLogEntry, oldest: Int64, latest: Int64) -> Bool {
        guard let second = entry.dateCreate, second < oldest || second > latest else { return false }
        summary.outsideWindowSkipped += 1
        if !warnedOutsideWindow {
            warnedOutsideWindow = true
            logger.warning(
                "Slack returned an entry outside the window asked for; the window it belongs to writes it",
                metadata: [
                    "slack_audit_logs.collector.date_create": "\(second)",
                    "slack_audit_logs.collector.window_oldest": "\(oldest)",
                    "slack_audit_logs.collector.window_latest": "\(latest)",
                ]
            )
        }
        return true
    }

    private func append(_ entry: RawLogEntry, window: WindowProgress, to lines: inout [UInt8]) {
        let metadata = configuration.includeMetadata ? (configuration.now(), window) : nil
        OutputLine.append(entry, metadata: metadata, to: &lines)
        if configuration.recheckSpan != nil, let id = entry.id, let second = entry.dateCreate { recent[id] = second }
    }

    private func noteWindowStart(_ ticket: Int, _ window: WindowProgress) {
        guard configuration.recheckSpan != nil, startedTickets.insert(ticket).inserted else { return }
        windowStarts.append((window.latest, sink.position))
    }

    private var recheckOffset: Int64? {
        guard let span = configuration.recheckSpan?.wholeSecondsRoundedUp, sink.isReadable else { return nil }
        let threshold = checkpoint.coveredUntil - span
        windowStarts.removeAll { $0.latest < threshold }
        return windowStarts.map(\.offset).min() ?? sink.position
    }

    /// Writes, flushes to disk, then saves the checkpoint that covers what was written.
    private func commit(_ lines: [UInt8], count: Int) throws(CollectorError) {
        try sink.write(lines)
        let offset = try sink.commit()
        summary.delivered += count
        checkpoint.delivered += Int64(count)
        checkpoint.outputOffset = offset
        checkpoint.openWindows = windows.values.sorted { $0.oldest < $1.oldest }
        checkpoint.recheckOffset = recheckOffset
        if checkpoint.replayIDs.count != replay.count { checkpoint.replayIDs = replay }
        if rescanned.isEmpty { checkpoint.rescanOffset = nil }
        checkpoint.updatedAt = configuration.now()
        try store?.save(checkpoint)
        reportProgress()
    }

    private var remainingSeconds: Int64 {
        let unassigned = max(0, target - checkpoint.coveredUntil)
        let open = windows.values.reduce(Int64(0)) { total, window in
            total + max(0, (window.watermark ?? window.latest + 1) - window.oldest)
        }
        return unassigned + open
    }

    private func reportProgress() {
        guard let progressHandler else { return }
        let elapsed = ContinuousClock.now - startedAt
        let seconds = max(elapsed.secondsValue, 0.001)
        var remaining: Duration?
        if let initialRemaining, initialRemaining > 0 {
            let left = remainingSeconds
            let done = Double(initialRemaining - left) / Double(initialRemaining)
            if done > 0.01 { remaining = .seconds(seconds * (1 - done) / done) }
        }
        progressHandler(
            CollectionProgress(
                delivered: summary.delivered,
                duplicatesSkipped: summary.duplicatesSkipped,
                pages: summary.pages,
                completeUntil: checkpoint.completeUntil,
                target: target,
                elapsed: elapsed,
                entriesPerSecond: Double(summary.delivered) / seconds,
                estimatedRemaining: remaining,
                isFollowing: configuration.follow,
                roundsCompleted: roundsCompleted
            )
        )
    }

    private static func describe(_ filters: [String: String]) -> String {
        filters.isEmpty
            ? "none" : filters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}

extension Duration {
    var secondsValue: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
