/// How far the collection of one time window has gone.
///
/// A window covers `oldest...latest` (seconds, both inclusive); `latest` is fixed when the window opens, so the
/// cursor stored with it always refers to the same query. Slack returns entries newest first, so everything in the
/// window newer than ``watermark`` has been delivered, and so have ``boundaryIDs`` at the ``watermark`` second.
public struct WindowProgress: Sendable, Hashable {
    /// The first second of the window, inclusive.
    public var oldest: Int64
    /// The last second of the window, inclusive.
    public var latest: Int64
    /// The cursor of the next page to read, or `nil` to (re)start the window.
    public var cursor: String?
    /// The oldest `date_create` delivered from this window so far.
    public var watermark: Int64?
    /// The IDs delivered with `date_create == watermark`: a re-read from the watermark second skips them.
    public var boundaryIDs: Set<String>

    /// A window that has not been read yet.
    public init(oldest: Int64, latest: Int64) {
        self.oldest = oldest
        self.latest = latest
        self.cursor = nil
        self.watermark = nil
        self.boundaryIDs = []
    }

    /// The window's first unread part, when its cursor is lost: from ``oldest`` to the watermark second, inclusive.
    var remainingLatest: Int64 { watermark ?? latest }

    /// Notes an entry as delivered (entries come newest first).
    mutating func recordDelivered(id: String?, dateCreate: Int64?) {
        guard let dateCreate else { return }
        if let watermark, dateCreate > watermark { return }
        if dateCreate == watermark {
            if let id { boundaryIDs.insert(id) }
        } else {
            watermark = dateCreate
            boundaryIDs = id.map { [$0] } ?? []
        }
    }

    /// Whether an entry was already delivered before a re-read from the watermark second.
    func alreadyDelivered(id: String?, dateCreate: Int64?) -> Bool {
        // Only the boundary second is compared: an entry newer than the watermark is written rather than guessed
        // to be a duplicate, so an out-of-order page can never lose an event.
        guard let id, let dateCreate, dateCreate == watermark else { return false }
        return boundaryIDs.contains(id)
    }
}
