import SlackAuditLogs
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

@Suite("withSimulator and withClient: scoped servers and clients that never outlive the test")
struct ScopedSimulatorTests {
    struct Planned: Error {}

    static let configuration = AuditLogsSimulator.Configuration(events: .recent(count: 50), rateLimit: .unlimited)

    @Test("withSimulator serves during the body, returns its value and stops serving afterwards")
    func servesThenStops() async throws {
        let (baseURL, count) = try await AuditLogsSimulator.withSimulator(configuration: Self.configuration) {
            simulator in
            let count = try await simulator.withClient { try await $0.logs(limit: 10).typedBody.entries.count }
            return (simulator.baseURL, count)
        }
        #expect(count == 10)
        try await expectNotServing(baseURL)
    }

    @Test("withSimulator stops serving when the body throws, and rethrows the body's error")
    func stopsWhenTheBodyThrows() async throws {
        var baseURL: String?
        await #expect(throws: Planned.self) {
            try await AuditLogsSimulator.withSimulator(configuration: Self.configuration) { simulator in
                baseURL = simulator.baseURL
                throw Planned()
            }
        }
        try await expectNotServing(try #require(baseURL))
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

    /// Expects a request to `baseURL` to fail to connect: nothing listens there any more.
    private func expectNotServing(_ baseURL: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let client = try AuditLogsClient(
            token: AuditLogsSimulator.defaultToken,
            configuration: AuditLogsClient.Configuration(
                baseURL: baseURL,
                timeout: .seconds(10),
                proxy: .none,
                retryHandlers: [],
                rateLimiter: nil
            )
        )
        let error = await auditLogsError { _ = try await client.logs(limit: 5) }
        try await client.shutdown()
        // Refused, as a rule; but tests run in parallel and another test's server may be given the freed port, and
        // then close the connection on an unexpected request. Either way this simulator no longer serves.
        #expect(
            [.connectionFailed, .connectionClosed].contains(error?.code),
            "\(String(describing: error))",
            sourceLocation: sourceLocation
        )
    }
}
