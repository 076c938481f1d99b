import CoreMetrics
import InMemoryLogging
import Logging
import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogs

/// A token that looks real, so tests can search every output for it.
let testToken = "xoxp-1111111111-2222222222-3333333333-0123456789abcdef0123456789abcdef"

/// A client wired to a test server, with a trace-level in-memory logger.
struct ClientFixture {
    let client: AuditLogsClient
    let logs: InMemoryLogHandler

    /// Every log line rendered as text: message plus metadata.
    var renderedLogLines: [String] {
        logs.entries.map { "\($0.level) \($0.message) \($0.metadata)" }
    }

    /// How many attempts the client logged.
    var attemptCount: Int {
        logs.entries.filter { $0.message.description == "Sending request" }.count
    }
}

/// Runs `body` with a client pointed at `baseURL`, and always shuts the client down.
///
/// Tests get no proxy (whatever the environment says), a 60 s timeout (only tests about deadlines set a short one,
/// so a loaded machine cannot turn a slow answer into a timeout), the default retry handlers and no rate
/// limiter (so that they run at full speed) unless they pass other values.
func withClient<T>(
    baseURL: String,
    token: String = testToken,
    timeout: Duration = .seconds(60),
    tls: AuditLogsClient.Configuration.TLS = .systemDefault,
    proxy: AuditLogsClient.Configuration.Proxy = .none,
    defaultHeaders: [String: String] = [:],
    userAgentPrefix: String? = nil,
    userAgentSuffix: String? = nil,
    retryHandlers: [any RetryHandler] = .connectionErrorsOnly,
    maximumRedirects: Int = 5,
    metricsFactory: (any MetricsFactory)? = nil,
    rateLimiter: RateLimiter? = nil,
    _ body: (ClientFixture) async throws -> T
) async throws -> T {
    let configuration = AuditLogsClient.Configuration(
        baseURL: baseURL,
        timeout: timeout,
        tls: tls,
        proxy: proxy,
        defaultHeaders: defaultHeaders,
        userAgentPrefix: userAgentPrefix,
        userAgentSuffix: userAgentSuffix,
        retryHandlers: retryHandlers,
        maximumRedirects: maximumRedirects,
        metricsFactory: metricsFactory,
        rateLimiter: rateLimiter
    )
    let handler = InMemoryLogHandler()
    var logger = Logger(label: "test", factory: { _ in handler })
    logger.logLevel = .trace
    let client = try AuditLogsClient(token: token, configuration: configuration, logger: logger)
    let fixture = ClientFixture(client: client, logs: handler)
    do {
        let result = try await body(fixture)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

/// Runs `body` with a fresh test server that answers `respond` (change it with `setHandler`), and always shuts
/// the server down.
func withServer<T>(
    tls: Bool = false,
    respond response: TestResponse = .ok("{}"),
    _ body: (TestHTTPServer) async throws -> T
) async throws -> T {
    try await withShutdown(
        try await TestHTTPServer.start(tls: tls ? try TestTLS.serverContext() : nil) { _ in response },
        body
    )
}

/// A retry interval that keeps tests fast and deterministic.
let quickRetry = RetryIntervalCalculator.fixed(.milliseconds(10))

/// A small but valid `/logs` page.
let samplePage = """
    {"entries":[{"id":"0123-abcd","date_create":1700000000,"action":"user_login",\
    "actor":{"type":"user","user":{"id":"W1","name":"ann"}},"entity":{"type":"user","user":{"id":"W1"}},\
    "context":{"location":{"type":"enterprise","id":"E1"},"ua":"curl","ip_address":"10.0.0.1","session_id":12}}],\
    "response_metadata":{"next_cursor":"dXNlcjpXMQ+/="}}
    """
