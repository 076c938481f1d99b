import SlackAuditLogs

extension AuditLogsCollector {
    /// Estimates what ``run(progress:)`` would spend, probing the range with one or two calls and writing nothing.
    ///
    /// The range is the one the next run would read: from the checkpoint's first incomplete second when there is a
    /// checkpoint (read, never changed), else from ``Configuration/start``, up to ``Configuration/end`` or now minus
    /// the settle lag. The probes count against the client's rate limiter like any call.
    ///
    /// - Parameters:
    ///   - workers: the worker counts to estimate for, such as `1...4`.
    ///   - callsPerMinute: the rate the durations assume; by default the client's rate limiter's, and no limit when
    ///     the client has none.
    /// - Throws: ``CollectorError`` when the checkpoint cannot be read or a probe fails.
    public func plan(
        workers: ClosedRange<Int> = 1...4,
        callsPerMinute: Double? = nil
    ) async throws(CollectorError) -> CollectionPlan {
        let checkpoint = try configuration.checkpointPath.flatMap { path throws(CollectorError) in
            try CheckpointStore(path: path).load()
        }
        let oldest = checkpoint?.completeUntil ?? configuration.start
        let settled = configuration.now() - configuration.settleLag.wholeSecondsRoundedUp
        let end = min(configuration.end ?? settled, settled)
        let rate = callsPerMinute ?? client.configuration.rateLimiter?.configuration.callsPerMinute
        let estimator = PlanEstimator(pageLimit: configuration.pageLimit)
        var latencies: [Duration] = []

        func probe(_ range: ClosedRange<Int64>) async throws(CollectorError) -> PlanEstimator.Probe {
            var query = configuration.query
            query.limit = configuration.pageLimit
            query.oldest = range.lowerBound
            query.latest = range.upperBound
            let started = ContinuousClock.now
            let page: RawLogsPage
            do {
                page = try await client.rawLogs(query)
            } catch {
                throw CollectorError(
                    error,
                    during: "Probing \(Timestamp.iso8601(range.lowerBound))…\(Timestamp.iso8601(range.upperBound))"
                )
            }
            latencies.append(ContinuousClock.now - started)
            let seconds = page.entries.compactMap(\.dateCreate).filter(range.contains)
            return PlanEstimator.Probe(
                oldest: range.lowerBound,
                latest: range.upperBound,
                entries: seconds.count,
                oldestSecond: seconds.min(),
                isLast: page.nextCursor == nil
            )
        }

        var count = 0
        var isExact = true
        if oldest < end {
            let first = try await probe(oldest...(end - 1))
            let second: PlanEstimator.Probe?
            if let range = estimator.secondProbeRange(after: first) {
                second = try await probe(range)
            } else {
                second = nil
            }
            (count, isExact) = estimator.entries(first: first, second: second)
        }
        let latency = latencies.isEmpty ? Duration.zero : latencies.reduce(.zero, +) / latencies.count
        return CollectionPlan(
            oldest: oldest,
            end: max(oldest, end),
            estimatedEntries: count,
            isExact: isExact,
            probeCalls: latencies.count,
            callLatency: latency,
            callsPerMinute: rate,
            estimates: workers.map { workerCount in
                estimator.estimate(entries: count, workers: workerCount, callsPerMinute: rate, latency: latency)
            }
        )
    }
}
