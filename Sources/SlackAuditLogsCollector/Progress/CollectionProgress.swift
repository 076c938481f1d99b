/// A snapshot of a running collection, given to the progress callback after every commit.
public struct CollectionProgress: Sendable, Hashable {
    /// Entries written by this run.
    public var delivered: Int
    /// Entries received but not written because the output already holds them.
    public var duplicatesSkipped: Int
    /// Pages received by this run.
    public var pages: Int
    /// Every event before this second (seconds since 1970) is in the output.
    public var completeUntil: Int64
    /// Where this round of collection ends (exclusive).
    public var target: Int64
    /// Time since the run started.
    public var elapsed: Duration
    /// Entries written per second by this run.
    public var entriesPerSecond: Double
    /// The estimated time left to reach ``target``, when there is enough progress to estimate it.
    public var estimatedRemaining: Duration?
    /// Whether the collection is following (waiting for new events between rounds).
    public var isFollowing: Bool
    /// Rounds finished by this run: a round reads up to now minus the settle lag, then re-checks.
    public var roundsCompleted: Int
}
