import SlackAuditLogs

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AuditLogsCollector {
    /// What to collect, where to write it and how.
    ///
    /// ```swift
    /// var configuration = AuditLogsCollector.Configuration(start: 1_700_000_000, output: .file("audit.ndjson"))
    /// configuration.checkpointPath = "audit.checkpoint.json"
    /// configuration.workers = 4
    /// ```
    public struct Configuration: Sendable {
        /// The filters (actions, actor, entity, extra parameters). Leave `oldest` and `latest` unset: the collector
        /// sets them for each window from ``start`` and ``end``. `limit` is the page size (``defaultPageLimit`` when
        /// unset).
        public var query: LogsQuery
        /// The first second to collect, in seconds since 1970, inclusive. A checkpoint, when there is one, wins.
        public var start: Int64
        /// The second where collection ends, exclusive; `nil` collects up to now minus ``settleLag``.
        public var end: Int64?
        /// Keep collecting: after catching up, wait ``followInterval`` and collect what is new, until cancelled (or
        /// until ``end``, when it is set).
        public var follow: Bool
        /// How long to wait between two rounds when following.
        public var followInterval: Duration
        /// How far behind now collection stays, so that events Slack makes visible late are not skipped.
        public var settleLag: Duration
        /// When set, each round also re-reads this span before what is already collected and writes the events
        /// that arrived after their window was read (later than ``settleLag``).
        public var recheckSpan: Duration?
        /// How many windows are read at once. The collector opens one window for the range and splits it only where
        /// a window still holds several pages, so extra workers spend calls only where they save time. The client's
        /// `AuditLogsClient.Configuration.rateLimiter` is shared by all of them, so more workers hide request latency
        /// without exceeding the rate budget.
        public var workers: Int
        /// The order of the output.
        public var order: OutputOrder
        /// Where the entries go.
        public var output: CollectorOutput
        /// The checkpoint file; `nil` collects without one (nothing to resume from).
        public var checkpointPath: String?
        /// Wrap each entry in an envelope with the collection time and its window:
        /// `{"collected_at":…,"window_oldest":…,"window_latest":…,"entry":{…}}`. Off: the line is the entry's exact
        /// bytes.
        public var includeMetadata: Bool
        /// What to do when the checkpoint is missing or damaged while the output already holds entries.
        public var recovery: Recovery
        /// The current time in seconds since 1970. Tests point it at a simulated clock.
        public var now: @Sendable () -> Int64

        /// The page size used when the query sets no `limit`: the most Slack allows, so that each call of the rate
        /// budget brings as many entries as possible.
        public static let defaultPageLimit = LogsQuery.maximumLimit

        /// Creates a configuration.
        public init(
            query: LogsQuery = LogsQuery(),
            start: Int64,
            end: Int64? = nil,
            follow: Bool = false,
            followInterval: Duration = .seconds(60),
            settleLag: Duration = .seconds(300),
            recheckSpan: Duration? = nil,
            workers: Int = 1,
            order: OutputOrder = .asFetched,
            output: CollectorOutput = .standardOutput,
            checkpointPath: String? = nil,
            includeMetadata: Bool = false,
            recovery: Recovery = .strict,
            now: @escaping @Sendable () -> Int64 = { Int64(time(nil)) }
        ) {
            self.query = query
            self.start = start
            self.end = end
            self.follow = follow
            self.followInterval = followInterval
            self.settleLag = settleLag
            self.recheckSpan = recheckSpan
            self.workers = workers
            self.order = order
            self.output = output
            self.checkpointPath = checkpointPath
            self.includeMetadata = includeMetadata
            self.recovery = recovery
            self.now = now
        }
    }

    /// The order of the lines in the output.
    public struct OutputOrder: Sendable, Hashable, CustomStringConvertible {
        let isOldestFirst: Bool

        /// Each page is written as soon as it arrives: newest first within a window, windows interleaved when
        /// several workers run. Memory holds about one page per worker.
        public static let asFetched = OutputOrder(isOldestFirst: false)
        /// Strictly oldest first: each window's pages are kept on disk, in a spool next to the checkpoint
        /// (`<checkpoint>.spool/`, or a temporary folder without a checkpoint), until the window is read and every
        /// older window is written; then its entries are written oldest first. Memory holds about one page per
        /// worker plus an 8 MB chunk of the spool, whatever the window's size; disk holds the windows not yet
        /// written. With one worker a backfill is one window, written when it has been read.
        public static let oldestFirst = OutputOrder(isOldestFirst: true)

        public var description: String { isOldestFirst ? "oldestFirst" : "asFetched" }
    }

    /// How to start when there is no usable checkpoint but the output already holds entries.
    public struct Recovery: Sendable, Hashable, CustomStringConvertible {
        package let rescansOutput: Bool

        /// Refuse to start, with an error that explains the situation (the default): nothing is guessed.
        public static let strict = Recovery(rescansOutput: false)
        /// Read every entry ID already in the output file, then collect from ``Configuration/start`` writing only
        /// entries that are not there yet; a checkpoint whose output was rotated or truncated is trusted as it is.
        /// Costs memory in proportion to the output's size.
        public static let rescanOutput = Recovery(rescansOutput: true)

        public var description: String { rescansOutput ? "rescanOutput" : "strict" }
    }
}

extension AuditLogsCollector.Configuration {
    /// The page size actually used.
    var pageLimit: Int { query.limit ?? Self.defaultPageLimit }

    /// The filters a checkpoint records: everything but the time bounds and the page size.
    var checkpointFilters: [String: String] {
        var filters = query.queryParameters
        for key in ["oldest", "latest", "limit"] { filters[key] = nil }
        return filters
    }

    /// Checks every setting, so that a mistake fails before anything is fetched or written.
    func validate() throws(CollectorError) {
        func invalid(_ message: String) -> CollectorError {
            CollectorError(code: .invalidConfiguration, message: message)
        }
        do {
            try query.validate()
        } catch {
            throw invalid("The query is invalid: \(error.message)")
        }
        if query.oldest != nil || query.latest != nil {
            throw invalid("Set the collection range with start and end, not with the query's oldest and latest.")
        }
        let times = Checkpoint.validTimes
        guard times.contains(start) else {
            throw invalid("start is \(start); give seconds since 1970, at most \(times.upperBound) (the year 3000).")
        }
        if let end, !times.contains(end) {
            throw invalid("end is \(end); give seconds since 1970, at most \(times.upperBound) (the year 3000).")
        }
        if let end, end <= start {
            throw invalid("end (\(end)) must be after start (\(start)); end is exclusive.")
        }
        if !(1...64).contains(workers) { throw invalid("workers is \(workers); give 1 to 64.") }
        // Upper bounds too: they keep the arithmetic on times far from overflowing, and refuse what cannot work.
        let year = Duration.seconds(366 * 86_400)
        if settleLag < .zero || settleLag > year {
            throw invalid("settleLag is \(settleLag); give zero to a year (five minutes is usually enough).")
        }
        if followInterval < .zero || followInterval > .seconds(7 * 86_400) {
            throw invalid("followInterval is \(followInterval); give zero to a week.")
        }
        if let recheckSpan, recheckSpan < .seconds(1) || recheckSpan > year {
            throw invalid("recheckSpan is \(recheckSpan); give one second to a year, or nil to turn re-checking off.")
        }
        if let path = checkpointPath, path.isEmpty {
            throw invalid("checkpointPath is empty; give a file path or nil.")
        }
        // The same path is caught here; another path to the same file (`./x`, a link) when the files are opened.
        if let path = checkpointPath, path == output.path {
            throw invalid("The checkpoint and the output are the same file (\(path)); give them different files.")
        }
    }
}
