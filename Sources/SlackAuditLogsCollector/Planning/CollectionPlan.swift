/// What collecting a range will cost, estimated from one or two probing calls: see
/// ``AuditLogsCollector/plan(workers:callsPerMinute:)``.
///
/// Slack gives no counts, so the number of entries is read off the probes: the first page of the range tells how
/// many seconds its newest 9,999 entries span, and a second page, from the middle of the rest, how dense the older
/// part is. The count is exact when a probe reaches the end of its part.
public struct CollectionPlan: Sendable, Hashable {
    /// The cost with a number of workers.
    public struct Estimate: Sendable, Hashable {
        /// Workers reading at once.
        public var workers: Int
        /// Calls the collection is expected to spend.
        public var calls: Int
        /// How long it is expected to take at the rate given, with the latency the probes saw.
        public var duration: Duration
    }

    /// The first second of the range, inclusive.
    public var oldest: Int64
    /// The end of the range, exclusive.
    public var end: Int64
    /// The entries expected in the range.
    public var estimatedEntries: Int
    /// Whether ``estimatedEntries`` is exact rather than estimated.
    public var isExact: Bool
    /// Calls spent probing.
    public var probeCalls: Int
    /// How long a probing call took, on average.
    public var callLatency: Duration
    /// The rate the durations assume, in calls per minute; `nil` when the client has no rate limiter.
    public var callsPerMinute: Double?
    /// One estimate per number of workers asked for.
    public var estimates: [Estimate]
}

/// The arithmetic of a plan, from what the probes saw: a plain value, tested on its own.
struct PlanEstimator: Sendable, Hashable {
    /// What one probe of `oldest...latest` returned.
    struct Probe: Sendable, Hashable {
        var oldest: Int64
        var latest: Int64
        /// Entries in the page (within the bounds asked).
        var entries: Int
        /// The oldest `date_create` in the page, or `nil` when it was empty.
        var oldestSecond: Int64?
        /// The page was the last of its query: `entries` is the exact count of the part.
        var isLast: Bool
    }

    var pageLimit: Int

    /// The second part to probe after `first`: the older half of what `first` did not reach, or `nil` when
    /// `first` reached the end.
    func secondProbeRange(after first: Probe) -> ClosedRange<Int64>? {
        guard !first.isLast, let reached = first.oldestSecond, reached > first.oldest else { return nil }
        let middle = first.oldest + (reached - first.oldest) / 2
        return first.oldest...middle
    }

    /// The entries expected in `first`'s range, and whether the count is exact.
    func entries(first: Probe, second: Probe?) -> (count: Int, isExact: Bool) {
        guard !first.isLast, let reached = first.oldestSecond else { return (first.entries, true) }
        let topDensity = Double(first.entries) / Double(first.latest - reached + 1)
        guard let second else {
            return (first.entries + Int((topDensity * Double(reached - first.oldest)).rounded()), false)
        }
        // Between the two probes the density is taken to move linearly from one to the other.
        let gap = Double(max(0, reached - second.latest - 1))
        if second.isLast {
            let lowerDensity = Double(second.entries) / Double(second.latest - second.oldest + 1)
            let between = gap * (topDensity + lowerDensity) / 2
            return (first.entries + second.entries + Int(between.rounded()), gap == 0)
        }
        let secondReached = second.oldestSecond ?? second.oldest
        let lowerDensity = Double(second.entries) / Double(second.latest - secondReached + 1)
        let between = gap * (topDensity + lowerDensity) / 2
        let below = lowerDensity * Double(secondReached - second.oldest)
        return (first.entries + second.entries + Int((between + below).rounded()), false)
    }

    /// The calls and time with `workers` workers, for `entries` entries, at `callsPerMinute` (unlimited when `nil`)
    /// and `latency` per call. The collector reads the first page alone, then splits what is left into parts of
    /// at least two pages, one per worker.
    func estimate(
        entries: Int,
        workers: Int,
        callsPerMinute: Double?,
        latency: Duration
    ) -> CollectionPlan.Estimate {
        let pages = max(1, (entries + pageLimit - 1) / pageLimit)
        let parts = max(1, min(workers, (pages - 1) / 2))
        let calls = pages + parts - 1
        // The first page, then the longest part, one call after another.
        let chain = 1 + (pages - 1 + parts - 1) / parts
        var seconds = Double(chain) * latency.seconds
        if let callsPerMinute, callsPerMinute > 0, Double(calls) > callsPerMinute {
            // The budget lets a minute's calls through, then one more minute's for each minute that passes.
            let waitedMinutes = ((Double(calls) / callsPerMinute).rounded(.up) - 1)
            seconds = max(seconds, waitedMinutes * 60 + latency.seconds)
        }
        return CollectionPlan.Estimate(
            workers: workers,
            calls: calls,
            duration: .milliseconds(Int64((seconds * 1000).rounded()))
        )
    }
}
