import Foundation

/// Generates audit events for a simulated organization: deterministic, fast, and compact.
///
/// Events come sorted as `GET logs` returns them, newest first (``SimulatedEvent/logOrder(_:_:)``). A million
/// events take a few tenths of a second and 56 MB, one ``SimulatedEvent`` each, nothing on the heap per event.
///
/// ```swift
/// var generator = try EventGenerator(
///     organization: organization,
///     catalog: try ActionCatalog.bundled(),
///     configuration: .init(count: 1_000_000, rateProfile: .bursty())
/// )
/// let history = generator.makeEvents()
/// let fresh = generator.makeEvents(count: 20, at: now)  // later, while serving
/// ```
///
/// The generator counts the events it has made, so every event of its lifetime has its own ID; two generators with
/// the same seed, organization, catalog and calls make identical events.
package struct EventGenerator: Sendable {
    /// The public name of this configuration is ``AuditLogsSimulator/EventBatch``.
    package typealias Configuration = AuditLogsSimulator.EventBatch

    /// The organization the events happen in.
    package let organization: SimulatedOrganization
    /// The actions the events draw from.
    package let catalog: ActionCatalog
    /// The configured batch (see ``makeEvents()``) and defaults for later batches.
    package let configuration: Configuration
    /// How many events this generator has made so far.
    package private(set) var eventsMade: UInt64 = 0

    private let sampler: ActionSampler
    private let actionsTargetingActor: [Bool]
    private let administrativeActions: [Bool]
    private let userCount: Int
    private let administrators: [UInt32]
    private let key: UInt64

    /// A generator for `organization`, drawing actions from `catalog`.
    /// - Throws: ``SimulationError`` with code ``SimulationError/Code/invalidConfiguration`` when a value of
    ///   `configuration` is out of range.
    package init(
        organization: SimulatedOrganization,
        catalog: ActionCatalog,
        configuration: Configuration = Configuration()
    ) throws(SimulationError) {
        try configuration.validate()
        self.organization = organization
        self.catalog = catalog
        self.configuration = configuration
        sampler = ActionSampler(weights: catalog.actions.map(Self.weight(of:)))
        actionsTargetingActor = catalog.actions.map(Self.targetsActor(action:))
        administrativeActions = catalog.actions.indices.map { index in
            Self.isAdministrative(
                category: catalog.categories[Int(catalog.categoryIndices[index])],
                action: catalog.actions[index]
            )
        }
        userCount = organization.users.count
        administrators = organization.administrators
        key = SimulationRandom.mix(configuration.seed ^ 0x5EED_0FE7_E775)
    }

    /// The configured batch: ``Configuration/count`` events over ``Configuration/oldest``...``Configuration/latest``,
    /// a ``Configuration/lateArrivalFraction`` of them visible only ``Configuration/lateArrivalDelay`` after they
    /// happened. Newest first.
    package mutating func makeEvents() -> [SimulatedEvent] {
        generate(
            count: configuration.count,
            oldest: configuration.oldest,
            latest: configuration.latest,
            lateness: .delaysVisibility
        )
    }

    /// `count` more events over `oldest...latest`, spread and delayed as configured. Newest first.
    /// - Throws: ``SimulationError`` with code ``SimulationError/Code/invalidConfiguration`` when `count` or the
    ///   span is out of range.
    package mutating func makeEvents(
        count: Int,
        oldest: Int64,
        latest: Int64
    ) throws(SimulationError)
        -> [SimulatedEvent]
    {
        guard (0...Configuration.maximumCount).contains(count) else {
            throw .invalidConfiguration("count is \(count); it must be 0...\(Configuration.maximumCount).")
        }
        try Configuration.validateSpan(oldest: oldest, latest: latest)
        return generate(count: count, oldest: oldest, latest: latest, lateness: .delaysVisibility)
    }

    /// `count` events that become visible at `second`, for appending while the simulator serves: most happened at
    /// `second`; a ``Configuration/lateArrivalFraction`` of them are late arrivals that happened
    /// ``Configuration/lateArrivalDelay`` earlier. Newest first. A negative count gives no event; `second` is clamped
    /// to ``Configuration/times``.
    package mutating func makeEvents(count: Int, at second: Int64) -> [SimulatedEvent] {
        let second = min(max(second, Configuration.times.lowerBound), Configuration.times.upperBound)
        var events = generate(
            count: min(max(count, 0), Configuration.maximumCount),
            oldest: second,
            latest: second,
            lateness: .backdates
        )
        if configuration.lateArrivalFraction > 0 {
            events.sort(by: SimulatedEvent.logOrder)
        }
        return events
    }
}

extension EventGenerator {
    /// How a late event is late: it shows up after its time, or (appending live) it shows up now with an earlier time.
    private enum Lateness {
        case delaysVisibility
        case backdates
    }

    private mutating func generate(count: Int, oldest: Int64, latest: Int64, lateness: Lateness) -> [SimulatedEvent] {
        guard count > 0 else { return [] }
        let profile = configuration.rateProfile
        let batch = eventsMade
        // Slot sizes are drawn twice from the same stream: once to count the slots, once while making them.
        let slotStream = SimulationRandom(seed: key, stream: batch ^ 0x510B_0000_0000_0000)
        var counting = slotStream
        var slots = 0
        var remaining = count
        while remaining > 0 {
            remaining -= min(profile.slotSize(using: &counting), remaining)
            slots += 1
        }
        var sizes = slotStream
        var times = SimulationRandom(seed: key, stream: batch ^ 0x7143_0000_0000_0000)
        var timeline = EventTimeline(oldest: oldest, latest: latest, profile: profile)
        var events: [SimulatedEvent] = []
        events.reserveCapacity(count)
        // The slots' times are the order statistics of uniform draws, made largest first: each is the previous one
        // times U^(1/k). So events come out newest first without sorting a million of them.
        var fraction = 1.0
        remaining = count
        for slot in stride(from: slots, through: 1, by: -1) {
            fraction *= pow(times.positiveUnit(), 1 / Double(slot))
            let second = timeline.second(atFraction: fraction)
            let size = min(profile.slotSize(using: &sizes), remaining)
            remaining -= size
            for _ in 0..<size {
                events.append(makeEvent(at: second, lateness: lateness))
            }
        }
        Self.sortRunsByID(&events)
        return events
    }

    private mutating func makeEvent(at second: Int64, lateness: Lateness) -> SimulatedEvent {
        let sequence = eventsMade
        eventsMade += 1
        var random = SimulationRandom(seed: key, stream: sequence)
        let action = sampler.sample(using: &random)
        let kind = catalog.entityKinds[Int(action)]
        let actor =
            administrativeActions[Int(action)] && !administrators.isEmpty && random.chance(0.85)
            ? administrators[random.below(administrators.count)]
            : UInt32(truncatingIfNeeded: random.skewedIndex(below: userCount))
        let entity =
            kind == .user && actionsTargetingActor[Int(action)]
            ? actor : UInt32(truncatingIfNeeded: random.skewedIndex(below: organization.count(of: kind)))
        let variant = random.next()
        var dateCreate = second
        var visibleFrom = second
        if configuration.lateArrivalFraction > 0, random.chance(configuration.lateArrivalFraction) {
            let delay = random.integer(in: configuration.lateArrivalDelay)
            switch lateness {
            case .delaysVisibility: visibleFrom += delay
            case .backdates: dateCreate -= delay
            }
        }
        return SimulatedEvent(
            id: Self.eventID(key: key, sequence: sequence),
            dateCreate: dateCreate,
            visibleFrom: visibleFrom,
            action: action,
            actor: actor,
            entity: EntityReference(kind: kind, index: entity),
            variant: variant
        )
    }

    /// Puts events of the same second in ID order; events arrive grouped by second, newest first.
    private static func sortRunsByID(_ events: inout [SimulatedEvent]) {
        var start = 0
        while start < events.count {
            var end = start + 1
            while end < events.count, events[end].dateCreate == events[start].dateCreate {
                end += 1
            }
            if end - start > 1 {
                events[start..<end].sort { $0.id < $1.id }
            }
            start = end
        }
    }

    /// A version-4 UUID, unique for each sequence number: the low 62 bits are a bijection of the sequence number,
    /// the high bits a hash of it.
    static func eventID(key: UInt64, sequence: UInt64) -> EventID {
        let mask: UInt64 = (1 << 62) - 1
        var bits = (sequence ^ key) & mask
        bits = (bits &* 0x9E37_79B9_7F4A_7C15) & mask
        bits ^= bits >> 29
        bits = (bits &* 0xBF58_476D_1CE4_E5B9) & mask
        bits ^= bits >> 32
        let high = SimulationRandom.mix(sequence &+ key &* 0x2545_F491_4F6C_DD1D)
        return EventID(high: (high & ~0xF000) | 0x4000, low: 0x8000_0000_0000_0000 | bits)
    }
}
