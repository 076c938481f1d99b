import SlackAuditLogs

/// Where the collector's one writer commits its work: each batch of entries together with the checkpoint that covers
/// it.
///
/// The seam between collecting and storing. ``commit(_:checkpoint:)`` appends the entries, makes them durable, and
/// only then replaces the checkpoint, so that after a crash at any moment the checkpoint describes entries that are
/// all in the journal; entries written after it are found again by ``readBack(from:upTo:visit:)`` and not written
/// twice. ``NDJSONJournal`` (an NDJSON file or standard output, and a checkpoint file) is the first implementation.
protocol Journal: AnyObject, Sendable {
    /// How much the journal holds (for a file, its size in bytes), or `nil` when it cannot be measured or read
    /// back (standard output).
    var size: Int64? { get }

    /// The checkpoint of the last commit, or `nil` when there is none.
    func loadCheckpoint() throws(CollectorError) -> Checkpoint?

    /// Reads back the entries from `offset` up to `end` (the end when `nil`) and gives each to `visit`. An
    /// incomplete last entry (a write cut short by a crash) is removed: it was never committed.
    func readBack(
        from offset: Int64,
        upTo end: Int64?,
        visit: (RawLogEntry) -> Void
    ) throws(CollectorError) -> JournalReadBack

    /// Appends `batch`, makes it durable, then saves `checkpoint` with the journal's new size as its output offset.
    /// Never called again before the previous call has returned.
    func commit(_ batch: JournalBatch, checkpoint: inout Checkpoint) async throws(CollectorError)

    /// Releases the journal (and its lock).
    func close()
}

/// Entries for one commit, with the envelope each line gets when metadata is on.
struct JournalBatch: Sendable {
    var entries: [RawLogEntry]
    var envelope: OutputLine.Envelope?

    /// No entries: a commit that only moves the checkpoint.
    static let empty = JournalBatch(entries: [], envelope: nil)
}

/// What reading back part of a journal found.
struct JournalReadBack: Sendable, Hashable {
    var lines = 0
    var unreadableLines = 0
    /// Bytes of an incomplete last line that were cut off.
    var tornBytes: Int64 = 0
}
