import SlackAuditLogs

/// How far the collection of one time window has gone: what a checkpoint saves of it.
///
/// A window owns the seconds `oldest...latest` (both inclusive); `latest` is fixed when the window opens. Its
/// requests ask for `queryOldest...latest` with the pager's cursor: `queryOldest` is fixed once the first request is
/// sent, so the cursor always belongs to the same query. When the planner splits a window, the window gives its
/// oldest seconds to a new window and `oldest` moves up past `queryOldest`: entries below `oldest` belong to the new
/// window, and the window is done as soon as its pages reach them.
struct WindowProgress: Sendable, Hashable {
    /// The first second the window owns, inclusive.
    var oldest: Int64
    /// The last second of the window, inclusive.
    var latest: Int64
    /// The `oldest` its requests send.
    var queryOldest: Int64
    /// Where paging through the window stands: cursor, watermark (the oldest second read) and the IDs read at it.
    var position: LogsPager.Position
    /// Every entry the window owns has been read: no next page, or its pages went past `oldest`.
    var isRead: Bool
    /// In oldest-first order, the window's entries waiting on disk to be written once older windows are.
    var spool: SpoolProgress?

    /// A window that has not been read yet.
    init(oldest: Int64, latest: Int64) {
        self.oldest = oldest
        self.latest = latest
        self.queryOldest = oldest
        self.position = LogsPager.Position()
        self.isRead = false
        self.spool = nil
    }

    /// Whether a request has been answered for this window: its query is then fixed.
    var hasStarted: Bool { position.cursor != nil || position.watermark != nil }

    /// The seconds not yet read: from `oldest` up to the watermark, which may still hold entries not read.
    var unreadSeconds: Int64 {
        guard !isRead else { return 0 }
        return max(0, (position.watermark ?? latest) - oldest + 1)
    }
}

/// What a window in oldest-first order has on disk.
struct SpoolProgress: Sendable, Hashable {
    /// Bytes of the spool file that hold whole lines, flushed to disk.
    var bytes: Int64
    /// Bytes at the end of the spool already written to the output (the spool is written out from its end).
    var emitted: Int64
}
