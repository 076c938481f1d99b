import Synchronization

/// Which events a `/logs` request asks for, with its names already resolved to the simulator's indices.
struct EventFilter: Sendable {
    var oldest: Int64?
    var latest: Int64?
    /// Allowed actions, or `nil` for any.
    var actions: Set<UInt16>?
    /// The actor, or `nil` for any.
    var actor: UInt32?
    /// The entity, or `nil` for any.
    var entity: EntityReference?
    /// An actor or entity ID that names nothing: nothing matches.
    var matchesNothing = false

    func matches(_ event: SimulatedEvent) -> Bool {
        if matchesNothing { return false }
        if let actions, !actions.contains(event.action) { return false }
        if let actor, event.actor != actor { return false }
        if let entity, event.entity != entity { return false }
        return true
    }
}

/// One page of events, and the position of the next matching event if there is one.
struct EventPage: Sendable {
    var events: [SimulatedEvent]
    var next: (dateCreate: Int64, id: EventID)?
}

/// The simulator's events, newest first (`date_create` descending, then ID ascending), safe to read while events are
/// appended.
final class EventStore: Sendable {
    private let events: Mutex<[SimulatedEvent]>

    init(_ events: [SimulatedEvent]) {
        self.events = Mutex(events.sorted(by: Self.precedes))
    }

    /// Whether `a` comes before `b` in the order `/logs` returns events.
    static func precedes(_ a: SimulatedEvent, _ b: SimulatedEvent) -> Bool {
        precedes(a.dateCreate, a.id, b.dateCreate, b.id)
    }

    static func precedes(_ dateA: Int64, _ idA: EventID, _ dateB: Int64, _ idB: EventID) -> Bool {
        dateA > dateB || (dateA == dateB && idA < idB)
    }

    var count: Int { events.withLock { $0.count } }

    /// Every event, in order.
    var all: [SimulatedEvent] { events.withLock { $0 } }

    /// Adds events, keeping the order (a merge: cheap when few events are added).
    func append(_ newEvents: [SimulatedEvent]) {
        guard !newEvents.isEmpty else { return }
        let sorted = newEvents.sorted(by: Self.precedes)
        events.withLock { existing in
            var merged: [SimulatedEvent] = []
            merged.reserveCapacity(existing.count + sorted.count)
            var i = 0
            var j = 0
            while i < existing.count, j < sorted.count {
                if Self.precedes(sorted[j], existing[i]) {
                    merged.append(sorted[j])
                    j += 1
                } else {
                    merged.append(existing[i])
                    i += 1
                }
            }
            merged.append(contentsOf: existing[i...])
            merged.append(contentsOf: sorted[j...])
            existing = merged
        }
    }

    /// A page: up to `limit` matching visible events from `position` on, extended to the end of the last second so
    /// that a second is never split across pages.
    func page(
        filter: EventFilter,
        from position: (dateCreate: Int64, id: EventID)?,
        limit: Int,
        now: Int64
    ) -> EventPage {
        events.withLock { events in
            var index = 0
            if let position {
                index = Self.firstIndex(in: events) {
                    !Self.precedes($0.dateCreate, $0.id, position.dateCreate, position.id)
                }
            }
            if let latest = filter.latest {
                index = max(index, Self.firstIndex(in: events) { $0.dateCreate <= latest })
            }
            var page: [SimulatedEvent] = []
            page.reserveCapacity(min(limit, 10_000))
            while index < events.count {
                let event = events[index]
                if let oldest = filter.oldest, event.dateCreate < oldest { break }
                if event.visibleFrom <= now, filter.matches(event) {
                    if page.count >= limit, let last = page.last, last.dateCreate != event.dateCreate {
                        return EventPage(events: page, next: (event.dateCreate, event.id))
                    }
                    page.append(event)
                }
                index += 1
            }
            return EventPage(events: page, next: nil)
        }
    }

    /// Every matching visible event, in order: what paging through the whole query must return.
    func matching(filter: EventFilter, now: Int64) -> [SimulatedEvent] {
        page(filter: filter, from: nil, limit: Int.max, now: now).events
    }

    /// The first index whose event satisfies `predicate`, for a predicate that is false then true along the order.
    private static func firstIndex(in events: [SimulatedEvent], where predicate: (SimulatedEvent) -> Bool) -> Int {
        var low = 0
        var high = events.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(events[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
