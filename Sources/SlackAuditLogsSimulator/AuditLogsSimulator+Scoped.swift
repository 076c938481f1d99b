import Logging
import SlackAuditLogs

extension AuditLogsSimulator {
    /// Starts a simulator, runs `body` with it, and shuts it down, whether `body` returns or throws.
    ///
    /// The scoped form of ``start(configuration:logger:)`` and ``shutdown()``, for tests: the server never outlives
    /// the test that started it, even when an expectation throws.
    ///
    /// ```swift
    /// try await AuditLogsSimulator.withSimulator(configuration: .init(rateLimit: .unlimited)) { simulator in
    ///     try await simulator.withClient { client in
    ///         let page = try await client.logs(limit: 100)
    ///         #expect(page.typedBody.entries.count == 100)
    ///     }
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - configuration: What to generate and how to serve it.
    ///   - logger: Where the simulator logs; nowhere by default.
    ///   - isolation: Where `body` runs: the caller's actor, by default.
    ///   - body: The work to do while the simulator serves.
    /// - Returns: What `body` returns.
    /// - Throws: The error of ``start(configuration:logger:)``, of `body`, or of ``shutdown()``, in that order of
    ///   precedence: when `body` throws, a failure to shut down is not reported over it.
    public static func withSimulator<Result>(
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "slack-audit-logs.simulator", factory: { _ in SwiftLogNoOpLogHandler() }),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (AuditLogsSimulator) async throws -> Result
    ) async throws -> Result {
        let simulator = try await start(configuration: configuration, logger: logger)
        let result: Result
        do {
            result = try await body(simulator)
        } catch {
            try? await simulator.shutdown()
            throw error
        }
        try await simulator.shutdown()
        return result
    }

    /// Runs `body` with an `AuditLogsClient` pointed at this simulator, and shuts the client down,
    /// whether `body` returns or throws.
    ///
    /// The client gets `configuration` with its `baseURL` replaced by ``baseURL``. The default configuration suits
    /// tests: no proxy (the simulator is on loopback), and no client-side rate limiter, so the simulator's own
    /// ``Configuration/rateLimit`` is what a test meets; pass a configuration with a limiter to test pacing.
    ///
    /// - Parameters:
    ///   - token: The bearer token to send; ``token`` (one the simulator accepts) by default. Pass another to test
    ///     authentication errors.
    ///   - configuration: The client's settings; its `baseURL` is ignored.
    ///   - logger: Where the client logs; nowhere by default.
    ///   - isolation: Where `body` runs: the caller's actor, by default.
    ///   - body: The work to do with the client.
    /// - Returns: What `body` returns.
    /// - Throws: The client's configuration error, the error of `body`, or the error of shutting the client down, in
    ///   that order of precedence.
    public func withClient<Result>(
        token: String? = nil,
        configuration: AuditLogsClient.Configuration = AuditLogsClient.Configuration(proxy: .none, rateLimiter: nil),
        logger: Logger = AuditLogsClient.disabledLogger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (AuditLogsClient) async throws -> Result
    ) async throws -> Result {
        var configuration = configuration
        configuration.baseURL = baseURL
        let client = try AuditLogsClient(token: token ?? self.token, configuration: configuration, logger: logger)
        let result: Result
        do {
            result = try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }
}
