import SlackAuditLogs

/// Where the collector's one writer commits its work: each batch of entries together with the checkpoint that covers
/// it.
///
/// The seam between collecting and storing. ``commit(_:checkpoint:)`` appends the entries, makes them durable, and
/// only then replaces the checkpoint, so that after a crash at any moment the checkpoint describes entries that are
/// all in the journal; entries written after it are found again by ``readBack(from:upTo:visit:)`` and not written
/// twice. ``NDJSONJournal`` (an NDJSON file or standard output, and a checkpoint file) is the first implementation;
/// `serve`'s PostgreSQL store is another, where entries and checkpoint are one transaction, fenced by a lease.
///
/// "Offsets" and ``size`` are positions in the journal: bytes of a file, or entry sequence numbers of a table.
package protocol Journal: AnyObject, Sendable {
    /// How much the journal holds (for a file, its size in bytes), or `nil` when it cannot be measured or read
    /// back (standard output).
    var size: Int64? { get }

    /// Called once, before ``loadCheckpoint()`` and ``readBack(from:upTo:visit:)``, so that a remote journal can
    /// fetch what they return for `configuration`'s recovery (its checkpoint, and the entries a re-check or a rescan
    /// reads back). A local journal does nothing.
    func prepareForRecovery(_ configuration: AuditLogsCollector.Configuration) async throws(CollectorError)

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

extension Journal {
    package func prepareForRecovery(_ configuration: AuditLogsCollector.Configuration) async throws(CollectorError) {}
}

/// Entries for one commit, with the envelope each line gets when metadata is on.
package struct JournalBatch: Sendable {
    package var entries: [RawLogEntry]
    var envelope: OutputLine.Envelope?

    package init(entries: [RawLogEntry]) {
        self.entries = entries
        self.envelope = nil
    }

    init(entries: [RawLogEntry], envelope: OutputLine.Envelope?) {
        self.entries = entries
        self.envelope = envelope
    }

    /// No entries: a commit that only moves the checkpoint.
    static let empty = JournalBatch(entries: [], envelope: nil)
}

/// What reading back part of a journal found.
package struct JournalReadBack: Sendable, Hashable {
    package var lines = 0
    package var unreadableLines = 0
    /// Bytes of an incomplete last line that were cut off.
    package var tornBytes: Int64 = 0

    package init() {}
}
