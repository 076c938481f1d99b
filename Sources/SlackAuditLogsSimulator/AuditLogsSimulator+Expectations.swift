import SlackAuditLogs

extension AuditLogsSimulator {
    /// Every event visible now that matches `query`, in the order `/logs` returns them: exactly what paging through
    /// the query with its filters re-sent on every page must deliver, each event once.
    ///
    /// - Throws: ``SimulationError`` when the query names an action the simulator does not know (the API would answer
    ///   `invalid_action`).
    public func expectedEvents(for query: LogsQuery) throws -> [SimulatedEvent] {
        var filter = EventFilter(oldest: query.oldest, latest: query.latest)
        if !query.actions.isEmpty {
            var indices: Set<UInt16> = []
            for name in query.actions {
                guard let matches = core.data.actionIndices[name] else {
                    throw SimulationError(
                        code: .invalidConfiguration,
                        message:
                            "The action \(name) is not one the simulator knows; the API would answer invalid_action."
                    )
                }
                indices.formUnion(matches)
            }
            filter.actions = indices
        }
        if let actor = query.actor {
            if let index = core.data.userIndex[actor] { filter.actor = index } else { filter.matchesNothing = true }
        }
        if let entity = query.entity {
            if let reference = core.data.entityIndex[entity] {
                filter.entity = reference
            } else {
                filter.matchesNothing = true
            }
        }
        return core.store.matching(filter: filter, now: now)
    }

    /// The IDs of ``expectedEvents(for:)``, as the API writes them.
    public func expectedIDs(for query: LogsQuery) throws -> [String] {
        try expectedEvents(for: query).map(\.id.description)
    }
}
