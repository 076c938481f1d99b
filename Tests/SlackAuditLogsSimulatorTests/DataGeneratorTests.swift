import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

@Suite("Event generator")
struct DataGeneratorTests {
    @Test("The same seed gives identical events; another seed different ones")
    func determinism() throws {
        let (_, _, first) = try DataTestSupport.events(count: 5_000, seed: 11, profile: .bursty())
        let (_, _, second) = try DataTestSupport.events(count: 5_000, seed: 11, profile: .bursty())
        let (_, _, other) = try DataTestSupport.events(count: 5_000, seed: 12, profile: .bursty())
        #expect(first == second)
        #expect(first != other)
        #expect(Set(first.map(\.id)).isDisjoint(with: other.map(\.id)))
    }

    @Test(
        "Events are newest first, within the span, with unique version-4 IDs",
        arguments: [
            EventRateProfile.uniform, .bursty(), .diurnal,
            .diurnal(utcOffsetHours: -8).withBursts(probability: 0.01, size: 50),
        ]
    )
    func orderAndSpan(profile: EventRateProfile) throws {
        let configuration = EventGenerator.Configuration(count: 20_000, oldest: 1_700_000_000, latest: 1_700_600_000)
        var generator = try EventGenerator(
            organization: try DataTestSupport.organization(),
            catalog: try DataTestSupport.catalog(),
            configuration: .init(
                count: configuration.count,
                oldest: configuration.oldest,
                latest: configuration.latest,
                seed: 3,
                rateProfile: profile
            )
        )
        let events = generator.makeEvents()
        #expect(events.count == 20_000)
        #expect(generator.eventsMade == 20_000)
        let disorder = events.indices.dropFirst().first { !SimulatedEvent.logOrder(events[$0 - 1], events[$0]) }
        #expect(disorder == nil, "events \(disorder.map { "\($0 - 1) and \($0)" } ?? "") are out of order")
        #expect(events.allSatisfy { (1_700_000_000...1_700_600_000).contains($0.dateCreate) })
        #expect(events.allSatisfy { $0.visibleFrom == $0.dateCreate })
        #expect(Set(events.map(\.id)).count == events.count)
        for event in events.prefix(200) {
            let text = event.id.description
            let groups = text.split(separator: "-").map(\.count)
            #expect(groups == [8, 4, 4, 4, 12])
            #expect(Array(text)[14] == "4")
            #expect("89ab".contains(Array(text)[19]))
            #expect(text == text.lowercased())
        }
        // Spread over the span rather than piled at one end.
        let middle = (configuration.oldest + configuration.latest) / 2
        let newerHalf = events.filter { $0.dateCreate > middle }.count
        #expect((4_000...16_000).contains(newerHalf))
    }

    @Test("Bursts put hundreds of events in the same second, about the share asked for")
    func bursts() throws {
        let (_, _, bursty) = try DataTestSupport.events(
            count: 20_000,
            profile: .bursty(burstProbability: 0.2, burstSize: 400)
        )
        let (_, _, uniform) = try DataTestSupport.events(count: 20_000)
        func seconds(_ events: [SimulatedEvent]) -> [Int] {
            Array(Dictionary(grouping: events, by: \.dateCreate).values.map(\.count))
        }
        #expect(seconds(bursty).max() ?? 0 >= 150)
        #expect(seconds(uniform).max() ?? 0 <= 5)
        let inBursts = seconds(bursty).filter { $0 > 5 }.reduce(0, +)
        #expect((2_000...6_000).contains(inBursts), "\(inBursts) of 20,000 events in bursts")
    }

    @Test("Office hours: most events on weekday working hours")
    func diurnal() throws {
        // 2024-01-01 was a Monday; four weeks.
        var generator = try EventGenerator(
            organization: try DataTestSupport.organization(),
            catalog: try DataTestSupport.catalog(),
            configuration: .init(
                count: 20_000,
                oldest: 1_704_067_200,
                latest: 1_704_067_200 + 28 * 86_400 - 1,
                rateProfile: .diurnal
            )
        )
        let events = generator.makeEvents()
        let working = events.filter { event in
            let seconds = event.dateCreate - 1_704_067_200
            let day = seconds / 86_400 % 7
            let hour = seconds % 86_400 / 3_600
            return day < 5 && (9..<18).contains(hour)
        }
        // Working hours are 27% of the week and should hold well over half of the events.
        #expect(working.count > 11_000)
    }

    @Test("Late arrivals become visible after they happened")
    func lateArrivals() throws {
        let (_, _, events) = try DataTestSupport.events(count: 20_000, lateArrivalFraction: 0.1)
        let late = events.filter { $0.visibleFrom != $0.dateCreate }
        #expect((1_500...2_500).contains(late.count))
        #expect(late.allSatisfy { (30...900).contains($0.visibleFrom - $0.dateCreate) })
        #expect(events.allSatisfy { $0.visibleFrom >= $0.dateCreate })
    }

    @Test("Events appended later are new, visible at the given second, late ones backdated")
    func appending() throws {
        let organization = try DataTestSupport.organization()
        var generator = try EventGenerator(
            organization: organization,
            catalog: try DataTestSupport.catalog(),
            configuration: .init(count: 1_000, lateArrivalFraction: 0.2, lateArrivalDelay: 60...600)
        )
        let history = generator.makeEvents()
        let now: Int64 = 1_735_700_000
        let fresh = generator.makeEvents(count: 500, at: now)
        #expect(fresh.count == 500)
        #expect(generator.eventsMade == 1_500)
        #expect(fresh.allSatisfy { $0.visibleFrom == now })
        let late = fresh.filter { $0.dateCreate < now }
        #expect(!late.isEmpty)
        #expect(late.allSatisfy { (60...600).contains(now - $0.dateCreate) })
        #expect(fresh.filter { $0.dateCreate == now }.count == 500 - late.count)
        #expect(fresh.indices.dropFirst().allSatisfy { SimulatedEvent.logOrder(fresh[$0 - 1], fresh[$0]) })
        #expect(Set(history.map(\.id)).isDisjoint(with: fresh.map(\.id)))
        #expect(generator.makeEvents(count: -3, at: now).isEmpty)
        let more = try generator.makeEvents(count: 100, oldest: now, latest: now + 60)
        #expect(more.allSatisfy { (now...now + 60).contains($0.dateCreate) })
        #expect(throws: SimulationError.self) { try generator.makeEvents(count: 1, oldest: 10, latest: 5) }
    }

    @Test("Actions come from every category, common ones most often, every action in a large batch")
    func actionCoverage() throws {
        let (organization, catalog, events) = try DataTestSupport.events(count: 300_000, seed: 4)
        var counts = [Int](repeating: 0, count: catalog.count)
        for event in events {
            counts[Int(event.action)] += 1
        }
        let categories = Set(counts.indices.filter { counts[$0] > 0 }.compactMap { catalog.category(of: UInt16($0)) })
        #expect(categories == Set(catalog.categories))
        #expect(
            counts.allSatisfy { $0 > 0 },
            "missing: \(counts.indices.filter { counts[$0] == 0 }.map { catalog.actions[$0] })"
        )
        let login = try #require(catalog.index(of: "user_login"))
        let rare = try #require(catalog.index(of: "barrier_deleted"))
        #expect(counts[Int(login)] > 20 * counts[Int(rare)])
        for event in events.prefix(20_000) {
            #expect(catalog.entityKind(of: event.action) == event.entity.kind)
            #expect(organization.entityID(for: event.entity) != nil)
            #expect(organization.userID(at: event.actor) != nil)
        }
    }

    @Test("Bad configurations throw typed errors")
    func invalidConfiguration() throws {
        let organization = try DataTestSupport.organization()
        let catalog = try DataTestSupport.catalog()
        let invalid: [EventGenerator.Configuration] = [
            .init(count: -1), .init(oldest: 10, latest: 5), .init(oldest: -1, latest: 5),
            .init(oldest: 0, latest: 200 * 365 * 86_400), .init(lateArrivalFraction: 1.5),
            .init(lateArrivalFraction: .nan), .init(lateArrivalDelay: 0...10),
            .init(rateProfile: .bursty(burstProbability: 2)), .init(rateProfile: .bursty(burstSize: 0)),
            .init(rateProfile: .diurnal(utcOffsetHours: 20)),
        ]
        for configuration in invalid {
            #expect(throws: SimulationError.self) {
                try EventGenerator(organization: organization, catalog: catalog, configuration: configuration)
            }
        }
        var empty = try EventGenerator(organization: organization, catalog: catalog, configuration: .init(count: 0))
        #expect(empty.makeEvents().isEmpty)
    }
}
