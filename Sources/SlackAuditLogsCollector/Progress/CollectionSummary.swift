/// What a run of the collector did.
public struct CollectionSummary: Sendable, Hashable {
    /// Entries written by this run.
    public var delivered: Int
    /// Entries received but not written because the output already held them (a crashed run's last pages, the
    /// boundary second of a re-read window, events a re-check had already seen).
    public var duplicatesSkipped: Int
    /// Entries Slack returned outside the window that was asked for; they are written by the window they belong to.
    public var outsideWindowSkipped: Int
    /// Late events found by re-checking closed windows (included in ``delivered``).
    public var lateEventsFound: Int
    /// Pages received.
    public var pages: Int
    /// Times a window's cursor had expired and the window was read again from its watermark.
    public var windowsRestarted: Int
    /// Entry IDs found after the last checkpoint in the output of an interrupted run.
    public var recoveredFromOutput: Int
    /// Bytes of an incomplete last line cut off the output of an interrupted run.
    public var tornBytesRemoved: Int64
    /// Every event before this second (seconds since 1970) is in the output.
    public var completeUntil: Int64
    /// The newest `date_create` among the entries this run wrote, or `nil` when it wrote none: now minus this is
    /// how far behind the events the output is (a service's watermark lag).
    public var newestEventTime: Int64?
    /// `true` when the run stopped because it was cancelled or signalled, `false` when it reached its end.
    public var interrupted: Bool
    /// How long the run took.
    public var elapsed: Duration

    /// A summary of nothing done yet.
    init() {
        delivered = 0
        duplicatesSkipped = 0
        outsideWindowSkipped = 0
        lateEventsFound = 0
        pages = 0
        windowsRestarted = 0
        recoveredFromOutput = 0
        tornBytesRemoved = 0
        completeUntil = 0
        newestEventTime = nil
        interrupted = false
        elapsed = .zero
    }
}
