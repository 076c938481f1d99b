import SlackAuditLogs

/// What the collector has delivered, saved after every commit so that a restart resumes exactly there.
///
/// Every second from ``start`` up to ``coveredUntil`` (exclusive) belongs either to a finished window or to one of
/// the ``openWindows``, whose progress says which of their entries are already in the output (or, in oldest-first
/// order, in the window's spool).
package struct Checkpoint: Sendable, Hashable {
    /// The version of the file format written by this collector. Version 1 (fixed six-hour windows) is still read.
    static let formatVersion: Int64 = 2

    /// The times a checkpoint may hold: 1970 to the year 3000, far from any overflow.
    static let validTimes: ClosedRange<Int64> = 0...32_503_680_000

    /// The query's filters (everything but `oldest`, `latest` and `limit`): a checkpoint only resumes the same query.
    var filters: [String: String]
    /// The first second collected, inclusive.
    var start: Int64
    /// The first second not yet assigned to a window.
    var coveredUntil: Int64
    /// Windows opened but not finished, with their progress, oldest first.
    var openWindows: [WindowProgress]
    /// The output file's size when the checkpoint was written; `nil` for outputs that cannot be measured (stdout).
    package var outputOffset: Int64?
    /// Where the output's entries of the re-check span begin, to rebuild the re-check's memory after a restart.
    package var recheckOffset: Int64?
    /// IDs an interrupted run wrote after its last checkpoint that have not come again yet: they stay skipped across
    /// further restarts, even once the output offset covers them.
    var replayIDs: Set<String>
    /// While a recovery by rescan is under way: how much of the output holds entries to skip if they come again.
    var rescanOffset: Int64?
    /// Entries delivered by every run so far.
    var delivered: Int64
    /// When the checkpoint was written, in seconds since 1970.
    var updatedAt: Int64

    /// A checkpoint for a collection that has not delivered anything yet.
    package init(filters: [String: String], start: Int64) {
        self.filters = filters
        self.start = start
        self.coveredUntil = start
        self.openWindows = []
        self.outputOffset = nil
        self.recheckOffset = nil
        self.replayIDs = []
        self.rescanOffset = nil
        self.delivered = 0
        self.updatedAt = 0
    }

    /// The first second that is not yet fully delivered.
    var completeUntil: Int64 {
        openWindows.map(\.oldest).min() ?? coveredUntil
    }
}
