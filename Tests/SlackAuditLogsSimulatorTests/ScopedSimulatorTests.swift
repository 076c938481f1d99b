import SlackAuditLogs
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Synchronization
import Testing

@Suite("withSimulator and withClient: scoped servers and clients that never outlive the test")
struct ScopedSimulatorTests {
    struct Planned: Error {}

    static let configuration = AuditLogsSimulator.Configuration(events: .recent(count: 50), rateLimit: .unlimited)

    @Test("withSimulator serves during the body, returns its value and stops serving afterwards")
    func servesThenStops() async throws {
        let (simulator, count) = try await AuditLogsSimulator.withSimulator(configuration: Self.configuration) {
            simulator in
            #expect(simulator.isServing)
            let count = try await simulator.withClient { try await $0.logs(limit: 10).typedBody.entries.count }
            return (simulator, count)
        }
        #expect(count == 10)
        expectNotServing(simulator)
    }

    @Test("withSimulator stops serving when the body throws, and rethrows the body's error")
    func stopsWhenTheBodyThrows() async throws {
        let held = Mutex<AuditLogsSimulator?>(nil)
        await #expect(throws: Planned.self) {
            try await AuditLogsSimulator.withSimulator(configuration: Self.configuration) { simulator in
                held.withLock { $0 = simulator }
                throw Planned()
            }
        }
        expectNotServing(try #require(held.withLock { $0 }))
    }

    @Test("withClient points the configuration at the simulator and sends the token it is given")
    func clientSettings() async throws {
        try await AuditLogsSimulator.withSimulator(configuration: Self.configuration) { simulator in
            let elsewhere = AuditLogsClient.Configuration(
                baseURL: "http://127.0.0.1:9/nowhere/",
                proxy: .none,
                retryHandlers: [],
                rateLimiter: nil
            )
            try await simulator.withClient(configuration: elsewhere) { client in
                _ = try await client.logs(limit: 5)
            }
            #expect(simulator.requests.last?.path.hasSuffix("/audit/v1/logs") == true)
            let refused = await auditLogsError {
                try await simulator.withClient(token: "xoxp-not-accepted") { _ = try await $0.logs(limit: 5) }
            }
            #expect(refused?.code == .invalidAuthentication)
        }
    }

    @Test("withClient rethrows the body's error after shutting the client down")
    func clientBodyThrows() async throws {
        try await AuditLogsSimulator.withSimulator(configuration: Self.configuration) { simulator in
            await #expect(throws: Planned.self) {
                try await simulator.withClient { client in
                    _ = try await client.logs(limit: 5)
                    throw Planned()
                }
            }
            // The simulator is still serving other clients.
            try await simulator.withClient { _ = try await $0.logs(limit: 5) }
            #expect(simulator.counters.pagesServed == 2)
        }
    }

    /// Expects the simulator to have closed its listening socket. (Probing its old port instead would race with
    /// the tests running in parallel: another test's server may be given the freed port and get the probe.)
    private func expectNotServing(_ simulator: AuditLogsSimulator, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!simulator.isServing, "the simulator still accepts connections", sourceLocation: sourceLocation)
    }
}
