extension SimulatedEvent {
    /// Whether `lhs` comes before `rhs` in the order `GET logs` returns events: newer first, and by ID within a
    /// second. Use it to sort or to binary-search events: `events.sort(by: SimulatedEvent.logOrder)`.
    package static func logOrder(_ lhs: SimulatedEvent, _ rhs: SimulatedEvent) -> Bool {
        lhs.dateCreate != rhs.dateCreate ? lhs.dateCreate > rhs.dateCreate : lhs.id < rhs.id
    }
}
