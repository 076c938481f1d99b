extension AuditLogsSimulator {
    /// Makes the next `count` requests (to any endpoint) get `fault`, after any already scripted.
    public func script(_ fault: SimulatorFault, count: Int = 1) {
        core.state.withLock { $0.script.append(contentsOf: repeatElement(fault, count: max(count, 0))) }
    }

    /// Makes the next requests get these faults, one each, in order.
    public func script(_ faults: [SimulatorFault]) {
        core.state.withLock { $0.script.append(contentsOf: faults) }
    }

    /// Changes the organization's situation for the following requests.
    public func setScenario(_ scenario: SimulatorScenario) {
        core.state.withLock { $0.scenario = scenario }
    }

    /// Changes the bearer tokens `/logs` accepts from the next request on: leave one out to revoke it (its calls
    /// get 401 `invalid_authentication`, as Slack answers a revoked token), add one to rotate to it.
    public func setTokens(_ tokens: Set<String>) {
        core.state.withLock { $0.validTokens = tokens }
    }

    /// Changes the random faults for the following requests.
    public func setFaults(_ faults: SimulatorFaults) {
        core.state.withLock { state in
            state.faults = faults
            state.random = SimulationRandom(seed: faults.seed)
        }
    }

    /// Changes the rate limit for the following requests; the bucket starts full.
    public func setRateLimit(_ rateLimit: SimulatorRateLimit) {
        core.state.withLock { state in
            state.rateLimit = rateLimit
            state.bucket = TokenBucket(limit: rateLimit, now: .now)
        }
    }

    /// The simulator's current time, in seconds since 1970: the wall clock plus ``advanceClock(by:)``.
    public var now: Int64 { core.now() }

    /// Moves the simulator's clock forward (or back) by `seconds`: late events become visible, cursors age.
    public func advanceClock(by seconds: Int64) {
        core.state.withLock { $0.clockOffset += seconds }
    }

    /// Adds events while serving. Events whose `visibleFrom` is later than ``now`` stay hidden until then.
    package func append(_ events: [SimulatedEvent]) {
        core.store.append(events)
    }

    /// Generates `count` more events between `oldest` and `latest` (inclusive; `latest` defaults to ``now``) with the
    /// simulator's organization and adds them; returns them.
    ///
    /// - Throws: ``SimulationError`` when the count or the span is out of range.
    @discardableResult
    public func generateEvents(
        count: Int,
        oldest: Int64,
        latest: Int64? = nil
    ) throws(SimulationError) -> [SimulatedEvent] {
        let end = latest ?? now
        let events = try generator.withLock { generator throws(SimulationError) in
            try generator.makeEvents(count: count, oldest: oldest, latest: end)
        }
        core.store.append(events)
        return events
    }

    /// Every event the simulator holds, visible or not, newest first.
    package var events: [SimulatedEvent] { core.store.all }

    /// The newest requests received (at most ``Configuration/requestLogLimit``), oldest first, tokens redacted.
    /// ``counters`` counts every request.
    public var requests: [SimulatorRequest] { core.state.withLock { $0.requests.elements } }

    /// What the simulator has done so far.
    public var counters: SimulatorCounters { core.state.withLock { $0.counters } }

    /// Forgets the recorded requests and zeroes the counters.
    public func resetRecords() {
        core.state.withLock { state in
            state.requests.removeAll()
            state.counters = SimulatorCounters()
        }
    }

    /// The JSON of one event, exactly as `/logs` serves it.
    package func renderJSON(of event: SimulatedEvent) -> [UInt8] {
        var bytes: [UInt8] = []
        core.data.render(event, &bytes)
        return bytes
    }
}
