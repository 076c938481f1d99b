import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogs

/// Typed decoding costs memory per entry, not per byte: a 9 MB page of `{}` entries once took 2.1 GB. The typed calls
/// refuse pages beyond ``AuditLogsClient/Configuration/maximumTypedEntries`` and `maximumTypedBytes`; the raw path
/// reads them.
@Suite("Typed decoding is bounded; the raw path reads what it refuses")
struct TypedDecodingLimitTests {
    /// A page of `count` empty entries, as a hostile server or proxy might send.
    static func emptyEntries(_ count: Int) -> String {
        #"{"entries":["# + Array(repeating: "{}", count: count).joined(separator: ",") + "]}"
    }

    @Test("25,000 empty entries: logs and logEntries refuse with responseTooLarge; rawLogs and rawLogPages read them")
    func tooManyEntries() async throws {
        try await withServer(respond: .ok(Self.emptyEntries(25_000))) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let typed = await auditLogsError { _ = try await fixture.client.logs(LogsQuery()) }
                #expect(typed?.code == .responseTooLarge)
                #expect(typed?.message.contains("25000 entries") == true, "\(typed?.message ?? "")")
                #expect(typed?.message.contains("rawLogPages") == true)
                let sequence = await auditLogsError {
                    for try await _ in fixture.client.logEntries(LogsQuery()) {}
                }
                #expect(sequence?.code == .responseTooLarge)
                let page = try await fixture.client.rawLogs(LogsQuery())
                #expect(page.entries.count == 25_000)
                var pages = 0
                for try await page in fixture.client.rawLogPages(LogsQuery()) {
                    pages += 1
                    #expect(page.entries.count == 25_000)
                }
                #expect(pages == 1)
            }
        }
    }

    @Test("the limits are settings: a lower entry or byte limit refuses a sample page, a valid one reads it")
    func configurable() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            var configuration = AuditLogsClient.Configuration(baseURL: server.baseURL, proxy: .none, rateLimiter: nil)
            configuration.maximumTypedBytes = 100
            let small = try AuditLogsClient(token: testToken, configuration: configuration)
            let refused = await auditLogsError { _ = try await small.logs(LogsQuery()) }
            #expect(refused?.code == .responseTooLarge)
            try await small.shutdown()
            configuration.maximumTypedBytes = 1 << 20
            let fine = try AuditLogsClient(token: testToken, configuration: configuration)
            #expect(try await fine.logs(LogsQuery()).typedBody.entries.count == 1)
            try await fine.shutdown()
            configuration.maximumTypedEntries = 0
            #expect(throws: AuditLogsError.self) {
                _ = try AuditLogsClient(token: testToken, configuration: configuration)
            }
        }
    }
}
