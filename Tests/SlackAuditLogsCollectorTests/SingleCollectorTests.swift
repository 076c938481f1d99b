import Foundation
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cron overlap or an operator's second terminal must not make two collectors write the same files. (That a
/// collector killed with SIGKILL leaves no lock behind is what every restart of the crash tests relies on.)
@Suite("One collector per output and checkpoint")
struct SingleCollectorTests {
    /// Starts a collection that stays busy (50 pages at 200 ms), waits until it holds its files, runs `body`, then
    /// cancels it.
    func whileCollecting(
        _ directory: String,
        _ body: (AuditLogsSimulator, AuditLogsClient, AuditLogsCollector.Configuration) async throws -> Void
    ) async throws {
        var simulator = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
        simulator.events = events(count: 5_000)
        simulator.faults = SimulatorFaults(latency: .milliseconds(200)...(.milliseconds(200)))
        try await withSimulatedOrg(simulator) { simulator, client in
            let configuration = BackfillTests.configuration(directory: directory, limit: 100)
            let first = Task { try await AuditLogsCollector(client: client, configuration: configuration).run() }
            let deadline = ContinuousClock.now + .seconds(60)
            while !FileManager.default.fileExists(atPath: directory + "/audit.ndjson")
                || (try? outputEntries(directory + "/audit.ndjson").count) == 0
            {
                guard ContinuousClock.now < deadline else { throw TestSupportFailure(message: "the first never wrote") }
                try await Task.sleep(for: .milliseconds(20))
            }
            try await body(simulator, client, configuration)
            first.cancel()
            let summary = try await first.value
            #expect(summary.interrupted)
        }
    }

    @Test("A second collector on the same files is refused at once, naming the first one's pid, writing nothing")
    func secondCollectorRefused() async throws {
        try await withTemporaryDirectory { directory in
            try await whileCollecting(directory) { _, client, configuration in
                let size = try FileManager.default.attributesOfItem(atPath: directory + "/audit.ndjson")[.size]
                let error = await #expect(throws: CollectorError.self) {
                    _ = try await AuditLogsCollector(client: client, configuration: configuration).run()
                }
                #expect(error?.code == .alreadyRunning)
                #expect(error?.message.contains("pid \(getpid())") == true, "\(error?.message ?? "")")
                #expect(error?.path == directory + "/checkpoint.json")
                // Nothing was cut or rewritten: the output only grew, through the first collector.
                let after = try FileManager.default.attributesOfItem(atPath: directory + "/audit.ndjson")[.size]
                #expect((after as? Int ?? 0) >= (size as? Int ?? 0))
            }
        }
    }

    @Test("The same output with another checkpoint is refused too")
    func sameOutputOtherCheckpoint() async throws {
        try await withTemporaryDirectory { directory in
            try await whileCollecting(directory) { _, client, configuration in
                var other = configuration
                other.checkpointPath = directory + "/other-checkpoint.json"
                let error = await #expect(throws: CollectorError.self) {
                    _ = try await AuditLogsCollector(client: client, configuration: other).run()
                }
                #expect(error?.code == .alreadyRunning)
                #expect(error?.message.contains("Another collector is writing") == true)
                #expect(!FileManager.default.fileExists(atPath: directory + "/other-checkpoint.json"))
            }
        }
    }

    @Test("Once the first has stopped, the next run takes the files and finishes: every event once")
    func nextRunAfterTheFirst() async throws {
        try await withTemporaryDirectory { directory in
            var simulatorEvents: [String] = []
            var collectorConfiguration: AuditLogsCollector.Configuration?
            try await whileCollecting(directory) { simulator, _, configuration in
                simulatorEvents = simulator.events.map(\.id.description)
                collectorConfiguration = configuration
            }
            let configuration = try #require(collectorConfiguration)
            var fast = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
            fast.events = events(count: 5_000)
            try await withSimulatedOrg(fast) { simulator, client in
                #expect(simulator.events.map(\.id.description) == simulatorEvents, "the same seeded events")
                let summary = try await AuditLogsCollector(client: client, configuration: configuration).run()
                #expect(!summary.interrupted)
                expectExactlyOnce(try outputEntries(directory + "/audit.ndjson").map(\.id), simulatorEvents)
            }
        }
    }
}
