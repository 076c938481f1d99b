import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogs

@Suite("Validation: bad arguments and configurations fail before anything is sent")
struct ValidationTests {
    struct BadQuery: Sendable, CustomTestStringConvertible {
        var query: LogsQuery
        var mentions: String
        var testDescription: String { mentions }
    }

    static let badQueries: [BadQuery] = [
        BadQuery(query: LogsQuery(limit: 0), mentions: "between 1 and 9999"),
        BadQuery(query: LogsQuery(limit: 10_000), mentions: "between 1 and 9999"),
        BadQuery(query: LogsQuery(limit: -5), mentions: "between 1 and 9999"),
        BadQuery(query: LogsQuery(oldest: -1), mentions: "cannot be negative"),
        BadQuery(query: LogsQuery(latest: -1), mentions: "cannot be negative"),
        BadQuery(query: LogsQuery(latest: 100, oldest: 200), mentions: "after latest"),
        BadQuery(query: LogsQuery(actions: (0..<31).map { "action_\($0)" }), mentions: "at most 30"),
        BadQuery(query: LogsQuery(actions: ["user_login,user_logout"]), mentions: "one name per item"),
        BadQuery(query: LogsQuery(actions: [""]), mentions: "\"\" is not an action name"),
        BadQuery(
            query: LogsQuery(actions: [String(repeating: "x", count: 100_000)]),
            mentions: "(100000 characters)\" is not an action name"
        ),
        BadQuery(query: LogsQuery(actor: String(repeating: "W", count: 300)), mentions: "actor"),
        BadQuery(query: LogsQuery(entity: "F1\n"), mentions: "entity"),
    ]

    @Test("invalid filters throw invalidArgument and send nothing", arguments: badQueries)
    func badFilters(_ bad: BadQuery) async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs(bad.query) })
                #expect(error.code == .invalidArgument)
                #expect(error.message.contains(bad.mentions), "\(error.message)")
            }
            #expect(server.requestCount == 0)
        }
    }

    @Test("the edges of the valid ranges are accepted")
    func validEdges() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                _ = try await fixture.client.logs(latest: 0, oldest: 0, limit: 1)
                _ = try await fixture.client.logs(LogsQuery(actions: (0..<30).map { "a\($0)" }, limit: 9999))
            }
            #expect(server.requestCount == 2)
        }
    }

    @Test("per-call headers with line breaks are refused without showing their value")
    func badHeader() async throws {
        try await withServer { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let error = try #require(
                    await auditLogsError { _ = try await fixture.client.logs(headers: ["X-Evil": "secret\r\nHost: x"]) }
                )
                #expect(error.code == .invalidArgument)
                #expect(error.message.contains("X-Evil"))
                #expect(!error.message.contains("secret"))
            }
            #expect(server.requestCount == 0)
        }
    }

    struct BadConfiguration: Sendable, CustomTestStringConvertible {
        var baseURL: String
        var mentions: String
        var testDescription: String { baseURL }
    }

    static let badBaseURLs: [BadConfiguration] = [
        BadConfiguration(
            baseURL: "http://api.slack.com/audit/v1/",
            mentions: "plain http is only allowed for loopback"
        ),
        BadConfiguration(baseURL: "http://10.0.0.5:8080/", mentions: "plain http is only allowed for loopback"),
        BadConfiguration(baseURL: "ftp://api.slack.com/", mentions: "scheme must be https"),
        BadConfiguration(baseURL: "api.slack.com/audit/v1", mentions: "not an absolute URL"),
        BadConfiguration(baseURL: "https:///audit", mentions: "no host"),
        BadConfiguration(baseURL: "https://api.slack.com/audit/v1/?x=1", mentions: "query string"),
        BadConfiguration(baseURL: "https://user:pw@api.slack.com/", mentions: "user name or password"),
    ]

    @Test("unusable base URLs are refused when the client is created", arguments: badBaseURLs)
    func badBaseURL(_ bad: BadConfiguration) {
        #expect {
            _ = try AuditLogsClient(token: testToken, configuration: .init(baseURL: bad.baseURL, proxy: .none))
        } throws: { error in
            guard let error = error as? AuditLogsError else { return false }
            return error.code == .invalidConfiguration && error.message.contains(bad.mentions)
        }
    }

    @Test(
        "plain http is accepted for every loopback form",
        arguments: [
            "http://127.0.0.1:1/", "http://127.8.9.10/", "http://localhost:9/audit/v1", "http://[::1]:80/",
        ]
    )
    func loopbackHTTP(_ baseURL: String) async throws {
        let client = try AuditLogsClient(token: testToken, configuration: .init(baseURL: baseURL, proxy: .none))
        try await client.shutdown()
    }

    @Test("other bad configurations are refused with a clear message")
    func badConfigurations() {
        func code(
            _ configure: (inout AuditLogsClient.Configuration) -> Void,
            token: String = testToken
        ) -> AuditLogsError? {
            var configuration = AuditLogsClient.Configuration(proxy: .none)
            configure(&configuration)
            do {
                let client = try AuditLogsClient(token: token, configuration: configuration)
                Issue.record("Expected the configuration to be refused")
                Task { try await client.shutdown() }
                return nil
            } catch {
                return error
            }
        }
        #expect(code({ $0.timeout = .zero })?.code == .invalidConfiguration)
        #expect(code({ $0.maximumRedirects = -1 })?.code == .invalidConfiguration)
        #expect(code({ $0.defaultHeaders = ["Bad Name": "x"] })?.code == .invalidConfiguration)
        #expect(code({ $0.proxy = .url("ftp://proxy:21") })?.message.contains("not supported") == true)
        #expect(code({ $0.proxy = .url("http://proxy:notaport") })?.message.contains("port") == true)
        #expect(code({ $0.proxy = .url("https://proxy:3128") })?.message.contains("use http://") == true)
        let missingCA = code({ $0.tls = .customCA(pemFile: "/nonexistent/ca.pem") })
        #expect(missingCA?.code == .invalidConfiguration)
        #expect(missingCA?.message.contains("/nonexistent/ca.pem") == true)
        #expect(code({ $0.tls = TLS(trustRoots: .pem("not a certificate")) })?.code == .invalidConfiguration)
        #expect(code({ _ in }, token: "xoxp-with space")?.message.contains("spaces") == true)
        #expect(code({ _ in }, token: "xoxp-abc\ndef")?.code == .invalidConfiguration)
    }

    @Test("a token with a trailing newline (from a file) is trimmed")
    func trailingNewline() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            try await withClient(baseURL: server.baseURL, token: testToken + "\n") { fixture in
                _ = try await fixture.client.logs()
            }
            #expect(server.requests.first?.header("authorization") == "Bearer \(testToken)")
        }
    }
}

typealias TLS = AuditLogsClient.Configuration.TLS
