import SlackAuditLogs

/// Decides which time windows the workers read, so that a range costs close to the fewest calls it can: one per
/// 9,999 entries.
///
/// A call returns up to a page of the newest entries of its window, and each window ends on a partial page, so calls
/// are spent in proportion to the entries plus one per window. The planner therefore opens **one** window for the
/// whole range still unassigned, and adds windows only where they pay: when a worker is idle and a window being read
/// is expected to hold several more pages, it splits that window's unread seconds into equal parts (the reading
/// window keeps the newest part and goes on with its cursor; the others become new windows for the idle workers).
/// How many entries a window still holds is estimated from its last page: how many seconds it spanned. A round opens
/// at most one window per worker, plus one per 25 full pages read (``Settings/extraWindowsPerFullPage``), so a
/// backfill of N entries spends at most about `N / 9999 × 1.04 + workers` calls however the estimates turn out; on a
/// sparse range, where a page spans months, no split pays and extra workers spend nothing.
///
/// A plain value: no I/O and no clock, driven by the collector's writer, tested on its own.
struct WindowPlanner: Sendable {
    struct Settings: Sendable, Hashable {
        /// Workers reading at once.
        var workers: Int
        /// Entries a call asks for.
        var pageLimit: Int
        /// A split part must be expected to hold at least this many pages.
        var minimumPagesPerPart: Double = 2
        /// Windows a round may open beyond one per worker, for each full page read.
        var extraWindowsPerFullPage: Double = 0.04
    }

    /// A window, and what the planner knows about it while it is read.
    struct Planned: Sendable, Hashable {
        var progress: WindowProgress
        /// A worker is reading it.
        var isRunning = false
        /// Entries per second in its last page, once it has one.
        var density: Double?
    }

    let settings: Settings
    /// Open windows by ticket: being read, waiting for a worker, or (oldest first) read and waiting to be written.
    private(set) var windows: [Int: Planned]
    /// The first second not yet in a window.
    private(set) var coveredUntil: Int64
    /// Where the current round ends (exclusive).
    private(set) var target: Int64
    /// Windows opened in this round, the first one included.
    private(set) var windowsOpened = 0
    /// Pages of this round that came back full.
    private(set) var fullPages = 0
    /// Windows split so far, for the summary.
    private(set) var splits = 0
    private var nextTicket = 0

    /// A planner that resumes `openWindows` (from a checkpoint) and goes on from `coveredUntil`.
    init(settings: Settings, coveredUntil: Int64, openWindows: [WindowProgress]) {
        self.settings = settings
        self.coveredUntil = coveredUntil
        self.target = coveredUntil
        var windows: [Int: Planned] = [:]
        for window in openWindows.sorted(by: { $0.oldest < $1.oldest }) {
            windows[nextTicket] = Planned(progress: window)
            nextTicket += 1
        }
        self.windows = windows
    }

    /// Starts a round that reads up to `target` (exclusive).
    mutating func beginRound(target: Int64) {
        self.target = max(target, coveredUntil)
        windowsOpened = 0
        fullPages = 0
    }

    /// The window `ticket`, if it is open.
    func window(_ ticket: Int) -> WindowProgress? { windows[ticket]?.progress }

    /// The open windows, oldest first: what a checkpoint saves.
    var openWindows: [WindowProgress] {
        windows.values.map(\.progress).sorted { $0.oldest < $1.oldest }
    }

    /// The open window that owns the oldest seconds.
    var oldestTicket: Int? {
        windows.min { $0.value.progress.oldest < $1.value.progress.oldest }?.key
    }

    /// Nothing is left to read in this round (windows read but not yet written out may remain).
    var isReadingDone: Bool {
        coveredUntil >= target && windows.values.allSatisfy(\.progress.isRead)
    }

    /// The round is over: everything up to the target is read and written out.
    var isRoundComplete: Bool { coveredUntil >= target && windows.isEmpty }

    /// Windows a round may still open.
    private var windowsAllowed: Int {
        settings.workers + Int(Double(fullPages) * settings.extraWindowsPerFullPage) - windowsOpened
    }

    /// Work for an idle worker: the ticket of the window it should read, or `nil` when there is none now.
    ///
    /// In order: a window waiting for a worker (resumed from a checkpoint, or made by a split), oldest first; a new
    /// window for the whole unassigned range; a split of the window expected to hold the most unread pages.
    ///
    /// - Parameter idleWorkers: how many workers are waiting for work, this one included: a split makes a part for
    ///   each, as far as the estimate allows.
    mutating func assign(idleWorkers: Int) -> Int? {
        if let ticket = waitingTicket() {
            windows[ticket]?.isRunning = true
            return ticket
        }
        if coveredUntil < target {
            let ticket = open(WindowProgress(oldest: coveredUntil, latest: target - 1))
            coveredUntil = target
            windows[ticket]?.isRunning = true
            return ticket
        }
        guard split(forIdleWorkers: idleWorkers), let ticket = waitingTicket() else { return nil }
        windows[ticket]?.isRunning = true
        return ticket
    }

    /// The worker of `ticket` stopped before the window was read (an error, a cancellation): it can be read again.
    mutating func release(_ ticket: Int) {
        windows[ticket]?.isRunning = false
    }

    /// Records a page of window `ticket`: where paging stands now, and how many of the page's entries fell in the
    /// window's query. Returns whether the window's worker should go on: `false` once the window is read.
    @discardableResult
    mutating func recordPage(
        _ ticket: Int,
        position: LogsPager.Position,
        pagerFinished: Bool,
        entriesInQuery: Int
    ) -> Bool {
        guard var planned = windows[ticket] else { return false }
        let before = planned.progress.position.watermark ?? planned.progress.latest
        if let after = position.watermark {
            // Pages tile the window's seconds newest first: this one covered `after...before`.
            planned.density = Double(entriesInQuery) / Double(max(1, before - after + 1))
        }
        if entriesInQuery >= settings.pageLimit { fullPages += 1 }
        planned.progress.position = position
        if pagerFinished { planned.progress.isRead = true }
        if let watermark = position.watermark, watermark < planned.progress.oldest { planned.progress.isRead = true }
        if planned.progress.isRead { planned.isRunning = false }
        windows[ticket] = planned
        return !planned.progress.isRead
    }

    /// Replaces what a window keeps besides its reading (its spool, in oldest-first order).
    mutating func update(_ ticket: Int, _ change: (inout WindowProgress) -> Void) {
        guard var planned = windows[ticket] else { return }
        change(&planned.progress)
        windows[ticket] = planned
    }

    /// Forgets a window whose entries are all written out.
    mutating func remove(_ ticket: Int) {
        windows[ticket] = nil
    }

    // MARK: - Internals

    private mutating func open(_ window: WindowProgress) -> Int {
        let ticket = nextTicket
        nextTicket += 1
        windows[ticket] = Planned(progress: window)
        windowsOpened += 1
        return ticket
    }

    /// The oldest window that is neither being read nor read.
    private func waitingTicket() -> Int? {
        windows.filter { !$0.value.isRunning && !$0.value.progress.isRead }
            .min { $0.value.progress.oldest < $1.value.progress.oldest }?.key
    }

    /// The pages a window being read is expected to hold below its watermark second.
    private func expectedPages(_ planned: Planned) -> Double {
        guard planned.isRunning, !planned.progress.isRead, let density = planned.density,
            let watermark = planned.progress.position.watermark, watermark > planned.progress.oldest
        else { return 0 }
        return density * Double(watermark - planned.progress.oldest) / Double(settings.pageLimit)
    }

    /// Splits the unread seconds of the window expected to hold the most pages into equal parts, one per idle
    /// worker as far as the estimate and the round's allowance go. Returns whether it split.
    private mutating func split(forIdleWorkers idleWorkers: Int) -> Bool {
        let allowed = windowsAllowed
        guard allowed >= 1 else { return false }
        guard let (ticket, planned) = windows.max(by: { expectedPages($0.value) < expectedPages($1.value) }),
            let watermark = planned.progress.position.watermark
        else { return false }
        let oldest = planned.progress.oldest
        let seconds = watermark - oldest
        let byEstimate = Int((expectedPages(planned) / settings.minimumPagesPerPart).rounded(.down))
        let parts = min(idleWorkers + 1, byEstimate, allowed + 1, Int(clamping: seconds))
        guard parts >= 2 else { return false }
        let size = seconds / Int64(parts)
        // The reading window keeps the newest part, from its watermark down; the older parts become new windows.
        for index in 0..<Int64(parts - 1) {
            _ = open(WindowProgress(oldest: oldest + index * size, latest: oldest + (index + 1) * size - 1))
        }
        windows[ticket]?.progress.oldest = oldest + Int64(parts - 1) * size
        splits += 1
        return true
    }
}
