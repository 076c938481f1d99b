import Logging
import SlackAuditLogs
import SlackAuditLogsSimulator

/// Runs `body` with a started simulator and a client pointed at it, and shuts both down.
///
/// The client has no rate limiter unless the test passes one, so that tests run at full speed, and a 60 s deadline:
/// only tests about deadlines set a short one, so that a loaded machine cannot turn a slow answer into a timeout.
func withSimulator<T>(
    _ configuration: AuditLogsSimulator.Configuration = AuditLogsSimulator.Configuration(rateLimit: .unlimited),
    token: String? = nil,
    timeout: Duration = .seconds(60),
    retryHandlers: [any RetryHandler] = [],
    rateLimiter: RateLimiter? = nil,
    _ body: (AuditLogsSimulator, AuditLogsClient) async throws -> T
) async throws -> T {
    try await AuditLogsSimulator.withSimulator(configuration: configuration) { simulator in
        try await simulator.withClient(
            token: token,
            configuration: AuditLogsClient.Configuration(
                timeout: timeout,
                proxy: .none,
                retryHandlers: retryHandlers,
                rateLimiter: rateLimiter
            )
        ) { client in
            try await body(simulator, client)
        }
    }
}

/// Pages through `query`, re-sending its filters with every cursor, and returns every entry ID in order.
func collectIDs(
    _ client: AuditLogsClient,
    _ query: LogsQuery,
    maximumPages: Int = 10_000
) async throws -> (ids: [String], pages: Int) {
    var ids: [String] = []
    var cursor: String?
    var pages = 0
    repeat {
        let page = try await client.logs(query, cursor: cursor)
        ids += page.typedBody.entries.compactMap(\.id)
        cursor = page.typedBody.nextCursor
        pages += 1
    } while cursor != nil && pages < maximumPages
    return (ids, pages)
}

/// The error `body` throws, as an ``AuditLogsError``, or `nil`.
func auditLogsError(_ body: () async throws -> Void) async -> AuditLogsError? {
    do {
        try await body()
        return nil
    } catch let error as AuditLogsError {
        return error
    } catch {
        return nil
    }
}
