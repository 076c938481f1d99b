import SlackAuditLogs

/// Everything the collector's one writer knows, and every decision it makes about entries: which to write, which to
/// keep for later (oldest-first order), which are duplicates, and what the checkpoint says. A plain value: the
/// writer does the I/O around it.
struct CollectionState: Sendable {
    /// What a page brought for its window.
    struct PageOutcome: Sendable {
        /// Entries to write now (as fetched) or to add to the window's spool (oldest first), in page order.
        var entries: [RawLogEntry]
        /// The window's seconds when the page arrived, for the metadata envelope.
        var window: ClosedRange<Int64>
        /// Whether the window's worker should read on.
        var goOn: Bool
        /// An entry was outside the window asked for (for a one-time warning): its second and the window.
        var outside: (second: Int64, window: ClosedRange<Int64>)?
    }

    let filters: [String: String]
    let start: Int64
    /// The re-check span in seconds, or `nil` when re-checking is off.
    let recheckSeconds: Int64?
    private(set) var planner: WindowPlanner
    private(set) var ledger: DeliveryLedger
    private(set) var summary: CollectionSummary
    /// Entries delivered by every run, as the checkpoint counts them.
    private(set) var delivered: Int64
    /// While a rescan recovery is under way: how much of the output its IDs come from.
    private(set) var rescanOffset: Int64?
    /// The replay IDs as the last checkpoint saved them, to rewrite the list only when it changed.
    private var savedReplay: Set<String>
    /// For re-checking: where in the output each window's lines begin.
    private var windowStarts: [(latest: Int64, offset: Int64)]
    private var startedTickets: Set<Int> = []
    /// Restarts reported per window, to count the new ones.
    private var restartsSeen: [Int: Int] = [:]
    /// Rounds finished by this run.
    private(set) var roundsCompleted = 0

    init(
        checkpoint: Checkpoint,
        settings: WindowPlanner.Settings,
        recheckSeconds: Int64?,
        ledger: DeliveryLedger,
        summary: CollectionSummary,
        outputSize: Int64?
    ) {
        self.filters = checkpoint.filters
        self.start = checkpoint.start
        self.recheckSeconds = recheckSeconds
        self.planner = WindowPlanner(
            settings: settings,
            coveredUntil: checkpoint.coveredUntil,
            openWindows: checkpoint.openWindows
        )
        self.ledger = ledger
        self.summary = summary
        self.delivered = checkpoint.delivered
        self.rescanOffset = checkpoint.rescanOffset
        self.savedReplay = checkpoint.replayIDs
        self.windowStarts =
            recheckSeconds == nil || outputSize == nil
            ? [] : [(checkpoint.coveredUntil - 1, checkpoint.recheckOffset ?? outputSize ?? 0)]
    }

    // MARK: - Planning

    mutating func beginRound(target: Int64) { planner.beginRound(target: target) }

    mutating func assign(idleWorkers: Int) -> Int? { planner.assign(idleWorkers: idleWorkers) }

    mutating func release(_ ticket: Int) { planner.release(ticket) }

    // MARK: - Pages

    /// Takes a page of window `ticket` read at `position`; `restarts` is how many times its pager restarted so far.
    /// With `spooling` (oldest-first order), the entries are kept for later and checked against the ledger when
    /// they are written out; otherwise they are checked now, and the window is forgotten once read.
    mutating func accept(
        _ page: RawLogsPage,
        ticket: Int,
        position: LogsPager.Position,
        pagerFinished: Bool,
        restarts: Int,
        spooling: Bool,
        outputSize: Int64?
    ) -> PageOutcome? {
        guard let window = planner.window(ticket) else { return nil }
        noteWindowStart(ticket, window, outputSize: outputSize)
        summary.pages += 1
        summary.windowsRestarted += max(0, restarts - restartsSeen[ticket, default: 0])
        restartsSeen[ticket] = restarts
        var outcome = PageOutcome(entries: [], window: window.oldest...window.latest, goOn: true)
        outcome.entries.reserveCapacity(page.entries.count)
        var inQuery = 0
        for entry in page.entries {
            if let second = entry.dateCreate {
                guard second >= window.queryOldest, second <= window.latest else {
                    summary.outsideWindowSkipped += 1
                    if outcome.outside == nil { outcome.outside = (second, window.queryOldest...window.latest) }
                    continue
                }
                inQuery += 1
                // Below `oldest`: a split gave those seconds to another window, which writes them.
                if second < window.oldest { continue }
            }
            if !spooling {
                guard admit(entry) else { continue }
            }
            outcome.entries.append(entry)
        }
        outcome.goOn = planner.recordPage(
            ticket,
            position: position,
            pagerFinished: pagerFinished,
            entriesInQuery: inQuery
        )
        if !outcome.goOn {
            restartsSeen[ticket] = nil
            if !spooling { planner.remove(ticket) }
        }
        return outcome
    }

    /// Whether an entry is to be written: not written already by an interrupted run or found by a rescan. An
    /// admitted entry is noted as written.
    private mutating func admit(_ entry: RawLogEntry) -> Bool {
        if ledger.takeWrittenEarlier(entry.id) {
            summary.duplicatesSkipped += 1
            return false
        }
        ledger.written(id: entry.id, dateCreate: entry.dateCreate)
        if let second = entry.dateCreate, second > summary.newestEventTime ?? .min {
            summary.newestEventTime = second
        }
        return true
    }

    // MARK: - Oldest first

    /// The oldest open window, when it is read and so ready to be written out of its spool.
    var windowReadyToWrite: Int? {
        guard let ticket = planner.oldestTicket, let window = planner.window(ticket), window.isRead else { return nil }
        return ticket
    }

    func window(_ ticket: Int) -> WindowProgress? { planner.window(ticket) }

    /// Notes what a window has in its spool.
    mutating func setSpool(_ ticket: Int, _ spool: SpoolProgress?) {
        planner.update(ticket) { $0.spool = spool }
    }

    /// Takes entries read back from a window's spool, oldest first, and returns those to write.
    mutating func admitFromSpool(_ entries: [RawLogEntry], ticket: Int, outputSize: Int64?) -> [RawLogEntry] {
        guard let window = planner.window(ticket) else { return [] }
        noteWindowStart(ticket, window, outputSize: outputSize)
        return entries.filter { admit($0) }
    }

    /// Starts a window over, its spool lost before anything of it was written out.
    mutating func resetWindow(_ ticket: Int) {
        planner.update(ticket) { window in
            window.position = LogsPager.Position()
            window.isRead = false
            window.spool = nil
        }
    }

    /// Forgets a window whose entries are all written out.
    mutating func finishWriting(_ ticket: Int) {
        planner.remove(ticket)
    }

    // MARK: - Re-checking

    /// The span to re-check: up to the re-check span before what is covered, once the round's windows are done.
    var recheckRange: ClosedRange<Int64>? {
        guard let span = recheckSeconds, planner.windows.isEmpty else { return nil }
        let upper = planner.coveredUntil - 1
        let lower = max(start, planner.coveredUntil - span)
        guard lower <= upper else { return nil }
        return lower...upper
    }

    /// Takes a page of a re-check and returns the entries not in the output yet (late arrivals).
    mutating func acceptRecheck(_ page: RawLogsPage, range: ClosedRange<Int64>) -> PageOutcome {
        summary.pages += 1
        var outcome = PageOutcome(entries: [], window: range, goOn: true)
        for entry in page.entries {
            if let second = entry.dateCreate, !range.contains(second) {
                summary.outsideWindowSkipped += 1
                if outcome.outside == nil { outcome.outside = (second, range) }
                continue
            }
            if ledger.isRecent(entry.id) { continue }
            guard admit(entry) else { continue }
            outcome.entries.append(entry)
        }
        summary.lateEventsFound += outcome.entries.count
        return outcome
    }

    /// Ends a round: forgets re-check memory older than the span.
    mutating func finishRound() {
        roundsCompleted += 1
        if let span = recheckSeconds { ledger.forgetRecent(before: planner.coveredUntil - span) }
    }

    // MARK: - Commits

    /// Counts entries the writer has made durable.
    mutating func delivered(_ count: Int) {
        summary.delivered += count
        delivered += Int64(count)
    }

    /// The checkpoint describing everything committed so far, for an output now `outputSize` long.
    mutating func checkpoint(outputSize: Int64?, now: Int64) -> Checkpoint {
        var checkpoint = Checkpoint(filters: filters, start: start)
        checkpoint.coveredUntil = planner.coveredUntil
        checkpoint.openWindows = planner.openWindows
        checkpoint.outputOffset = outputSize
        checkpoint.recheckOffset = recheckOffset(outputSize: outputSize)
        if ledger.replay.count != savedReplay.count { savedReplay = ledger.replay }
        checkpoint.replayIDs = savedReplay
        if ledger.rescanIsOver { rescanOffset = nil }
        checkpoint.rescanOffset = rescanOffset
        checkpoint.delivered = delivered
        checkpoint.updatedAt = now
        return checkpoint
    }

    /// Every event before this second is in the output.
    var completeUntil: Int64 {
        planner.openWindows.map(\.oldest).min() ?? planner.coveredUntil
    }

    /// Seconds still to read or write in this round, for progress estimates.
    var remainingSeconds: Int64 {
        let unassigned = max(0, planner.target - planner.coveredUntil)
        return planner.windows.values.reduce(unassigned) { total, planned in
            total + (planned.progress.isRead ? 0 : planned.progress.unreadSeconds)
        }
    }

    var target: Int64 { planner.target }
    var coveredUntil: Int64 { planner.coveredUntil }

    mutating func recordRecovery(recovered: Int, tornBytes: Int64) {
        summary.recoveredFromOutput = recovered
        summary.tornBytesRemoved = tornBytes
    }

    // MARK: - Internals

    private mutating func noteWindowStart(_ ticket: Int, _ window: WindowProgress, outputSize: Int64?) {
        guard recheckSeconds != nil, let outputSize, startedTickets.insert(ticket).inserted else { return }
        windowStarts.append((window.latest, outputSize))
    }

    private mutating func recheckOffset(outputSize: Int64?) -> Int64? {
        guard let span = recheckSeconds, let outputSize else { return nil }
        let threshold = planner.coveredUntil - span
        windowStarts.removeAll { $0.latest < threshold }
        return windowStarts.map(\.offset).min() ?? outputSize
    }
}
