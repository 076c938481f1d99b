import Foundation
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Synchronization
import Testing

@Suite("Backfill: every event exactly once")
struct BackfillTests {
    /// A collector configuration for the simulator's settled past: the range ends an hour before "now".
    static func configuration(
        directory: String,
        start: Int64 = referenceNow - 3 * 86_400,
        end: Int64 = referenceNow - 1800,
        limit: Int = 1000,
        workers: Int = 1,
        order: AuditLogsCollector.OutputOrder = .asFetched
    ) -> AuditLogsCollector.Configuration {
        var configuration = AuditLogsCollector.Configuration(
            query: LogsQuery(limit: limit),
            start: start,
            end: end,
            settleLag: .seconds(60),
            workers: workers,
            order: order,
            output: .file(directory + "/audit.ndjson"),
            checkpointPath: directory + "/checkpoint.json"
        )
        configuration.now = { referenceNow }
        return configuration
    }

    @Test("200,000 events in same-second bursts, one worker: the output is the simulator's set, once each")
    func largeBurstyBackfill() async throws {
        let simulator = AuditLogsSimulator.Configuration(
            rateLimit: .unlimited,
            requestLogLimit: 0
        )
        var withEvents = simulator
        withEvents.events = events(
            count: 200_000,
            span: 2 * 86_400,
            rateProfile: .bursty(burstProbability: 0.05, burstSize: 600)
        )
        try await withSimulatedOrg(withEvents) { simulator, client in
            try await withTemporaryDirectory { directory in
                let configuration = Self.configuration(directory: directory, limit: 2000)
                let collector = try AuditLogsCollector(client: client, configuration: configuration)
                let summary = try await collector.run()
                let expected = simulator.events.map(\.id.description)
                #expect(summary.delivered == expected.count)
                #expect(summary.interrupted == false)
                #expect(summary.completeUntil == configuration.end)
                let output = try outputEntries(directory + "/audit.ndjson")
                expectExactlyOnce(output.map(\.id), expected)
                // Same-second bursts were really there: many seconds hold more than one event.
                let perSecond = Dictionary(grouping: simulator.events, by: \.dateCreate)
                #expect(perSecond.values.filter { $0.count >= 100 }.count > 10)
            }
        }
    }

    @Test(
        "Parallel workers, both orders, with a window split inside bursts",
        arguments: [AuditLogsCollector.OutputOrder.asFetched, .oldestFirst]
    )
    func parallelBackfill(order: AuditLogsCollector.OutputOrder) async throws {
        var simulator = AuditLogsSimulator.Configuration(rateLimit: .unlimited, requestLogLimit: 0)
        simulator.events = events(count: 30_000, rateProfile: .bursty(burstProbability: 0.05, burstSize: 300))
        simulator.faults = SimulatorFaults(latency: .milliseconds(1)...(.milliseconds(4)))
        try await withSimulatedOrg(simulator) { simulator, client in
            try await withTemporaryDirectory { directory in
                let configuration = Self.configuration(
                    directory: directory,
                    limit: 300,
                    workers: 4,
                    order: order
                )
                let collector = try AuditLogsCollector(client: client, configuration: configuration)
                let summary = try await collector.run()
                let output = try outputEntries(directory + "/audit.ndjson")
                expectExactlyOnce(output.map(\.id), simulator.events.map(\.id.description))
                #expect(summary.delivered == 30_000)
                if order == .oldestFirst {
                    let dates = output.map(\.dateCreate)
                    #expect(dates == dates.sorted(), "oldest-first output is in date order")
                }
                // Nothing is left open: the checkpoint says the whole range is done.
                let checkpoint = try String(contentsOfFile: directory + "/checkpoint.json", encoding: .utf8)
                #expect(checkpoint.contains(#""open_windows":[]"#))
                #expect(checkpoint.contains(#""covered_until":\#(configuration.end ?? 0)"#))
            }
        }
    }

    @Test("Every page re-sends the filters; the windows tile the range without overlap")
    func filtersAndWindows() async throws {
        var simulator = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
        simulator.events = events(count: 5000)
        try await withSimulatedOrg(simulator) { simulator, client in
            try await withTemporaryDirectory { directory in
                var configuration = Self.configuration(directory: directory, limit: 100)
                configuration.query.actions = ["user_login", "file_downloaded"]
                let collector = try AuditLogsCollector(client: client, configuration: configuration)
                _ = try await collector.run()
                let expected = try simulator.expectedIDs(
                    for: LogsQuery(
                        latest: (configuration.end ?? 0) - 1,
                        oldest: configuration.start,
                        actions: ["user_login", "file_downloaded"]
                    )
                )
                #expect(!expected.isEmpty)
                expectExactlyOnce(try outputEntries(directory + "/audit.ndjson").map(\.id), expected)
                let requests = simulator.requests.filter { $0.path.hasSuffix("logs") }
                #expect(requests.count > 10)
                var windows = Set<[String]>()
                for request in requests {
                    #expect(request.queryParameters["action"] == "user_login,file_downloaded")
                    #expect(request.queryParameters["limit"] == "100")
                    let oldest = request.queryParameters["oldest"] ?? ""
                    let latest = request.queryParameters["latest"] ?? ""
                    #expect(!oldest.isEmpty && !latest.isEmpty, "oldest and latest on every page")
                    windows.insert([oldest, latest])
                }
                let bounds = windows.compactMap { pair -> ClosedRange<Int64>? in
                    guard let low = Int64(pair[0]), let high = Int64(pair[1]) else { return nil }
                    return low...high
                }.sorted { $0.lowerBound < $1.lowerBound }
                #expect(bounds.first?.lowerBound == configuration.start)
                #expect(bounds.last?.upperBound == (configuration.end ?? 0) - 1)
                for (previous, next) in zip(bounds, bounds.dropFirst()) {
                    #expect(previous.upperBound + 1 == next.lowerBound, "windows are contiguous and disjoint")
                }
            }
        }
    }

    @Test("Metadata envelopes carry the window and the exact entry bytes")
    func metadataEnvelope() async throws {
        var simulator = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
        simulator.events = events(count: 2000)
        try await withSimulatedOrg(simulator) { simulator, client in
            try await withTemporaryDirectory { directory in
                var configuration = Self.configuration(directory: directory, limit: 250)
                configuration.includeMetadata = true
                _ = try await AuditLogsCollector(client: client, configuration: configuration).run()
                let path = directory + "/audit.ndjson"
                expectExactlyOnce(try outputEntries(path).map(\.id), simulator.events.map(\.id.description))
                let rendered = Dictionary(
                    uniqueKeysWithValues: simulator.events.map { ($0.id.description, simulator.renderJSON(of: $0)) }
                )
                let lines = try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: UInt8(ascii: "\n"))
                for line in lines.prefix(200) {
                    let value = try JSONValue(parsing: Array(line))
                    #expect(value["collected_at"]?.intValue == referenceNow)
                    let oldest = try #require(value["window_oldest"]?.intValue)
                    let latest = try #require(value["window_latest"]?.intValue)
                    let entry = try #require(value["entry"])
                    let date = try #require(entry["date_create"]?.intValue)
                    #expect((oldest...latest).contains(date))
                    let id = try #require(entry["id"]?.stringValue)
                    let bytes = Array(line)
                    let original = try #require(rendered[id])
                    #expect(bytes.count > original.count)
                    let suffix = Array(bytes[(bytes.count - 1 - original.count)..<(bytes.count - 1)])
                    #expect(suffix == original, "the entry's bytes are written unchanged")
                }
            }
        }
    }

    @Test("Progress reports grow, with an estimate of the time left on a bounded range")
    func progressReports() async throws {
        var simulator = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
        simulator.events = events(count: 3000)
        try await withSimulatedOrg(simulator) { _, client in
            try await withTemporaryDirectory { directory in
                let configuration = Self.configuration(directory: directory, limit: 100)
                let reports = Mutex<[CollectionProgress]>([])
                let summary = try await AuditLogsCollector(client: client, configuration: configuration).run {
                    progress in reports.withLock { $0.append(progress) }
                }
                let seen = reports.withLock { $0 }
                #expect(seen.count >= summary.pages)
                #expect(seen.map(\.delivered) == seen.map(\.delivered).sorted())
                #expect(seen.last?.delivered == 3000)
                #expect(seen.contains { $0.estimatedRemaining != nil })
                #expect(seen.allSatisfy { $0.target == configuration.end })
            }
        }
    }

    @Test("A second run with the same checkpoint writes nothing new")
    func rerunIsIdempotent() async throws {
        var simulator = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
        simulator.events = events(count: 3000)
        try await withSimulatedOrg(simulator) { simulator, client in
            try await withTemporaryDirectory { directory in
                let configuration = Self.configuration(directory: directory, limit: 500)
                _ = try await AuditLogsCollector(client: client, configuration: configuration).run()
                let again = try await AuditLogsCollector(client: client, configuration: configuration).run()
                #expect(again.delivered == 0)
                expectExactlyOnce(
                    try outputEntries(directory + "/audit.ndjson").map(\.id),
                    simulator.events.map(\.id.description)
                )
            }
        }
    }
}
