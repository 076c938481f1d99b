import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogs

@Suite("Errors: every failed response becomes a typed error")
struct ErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var status: Int
        var body: String
        var contentType: String = "application/json"
        var code: AuditLogsError.Code
        var slackError: String?
        var testDescription: String { "\(status) \(slackError ?? contentType) → \(code)" }
    }

    static let cases: [Case] = [
        Case(
            status: 401,
            body: #"{"ok":false,"error":"invalid_auth"}"#,
            code: .invalidAuthentication,
            slackError: "invalid_auth"
        ),
        Case(
            status: 401,
            body: #"{"ok":false,"error":"invalid_authentication"}"#,
            code: .invalidAuthentication,
            slackError: "invalid_authentication"
        ),
        Case(
            status: 401,
            body: #"{"ok":false,"error":"missing_authentication"}"#,
            code: .missingAuthentication,
            slackError: "missing_authentication"
        ),
        Case(
            status: 401,
            body: #"{"ok":false,"error":"not_authed"}"#,
            code: .missingAuthentication,
            slackError: "not_authed"
        ),
        Case(
            status: 401,
            body: #"{"ok":false,"error":"token_revoked"}"#,
            code: .invalidAuthentication,
            slackError: "token_revoked"
        ),
        Case(
            status: 403,
            body: #"{"ok":false,"error":"user_not_authorized"}"#,
            code: .notAuthorized,
            slackError: "user_not_authorized"
        ),
        Case(
            status: 403,
            body: #"{"ok":false,"error":"team_not_authorized"}"#,
            code: .notAuthorized,
            slackError: "team_not_authorized"
        ),
        Case(
            status: 403,
            body: #"{"ok":false,"error":"feature_not_enabled"}"#,
            code: .featureNotEnabled,
            slackError: "feature_not_enabled"
        ),
        Case(
            status: 400,
            body: #"{"ok":false,"error":"invalid_cursor"}"#,
            code: .invalidCursor,
            slackError: "invalid_cursor"
        ),
        Case(
            status: 400,
            body: #"{"ok":false,"error":"invalid_range"}"#,
            code: .invalidRange,
            slackError: "invalid_range"
        ),
        Case(
            status: 400,
            body: #"{"ok":false,"error":"invalid_action"}"#,
            code: .invalidAction,
            slackError: "invalid_action"
        ),
        Case(status: 404, body: #"{"ok":false,"error":"bad_endpoint"}"#, code: .apiError, slackError: "bad_endpoint"),
        Case(
            status: 405,
            body: #"{"ok":false,"error":"method_not_allowed"}"#,
            code: .apiError,
            slackError: "method_not_allowed"
        ),
        Case(
            status: 429,
            body: #"{"ok":false,"error":"rate_limited"}"#,
            code: .rateLimited,
            slackError: "rate_limited"
        ),
        Case(status: 429, body: "", contentType: "text/plain", code: .rateLimited),
        Case(status: 200, body: #"{"ok":false,"error":"ratelimited"}"#, code: .rateLimited, slackError: "ratelimited"),
        Case(
            status: 200,
            body: #"{"ok":false,"error":"invalid_cursor"}"#,
            code: .invalidCursor,
            slackError: "invalid_cursor"
        ),
        Case(status: 500, body: #"{"ok":false,"error":"fatal_error"}"#, code: .serverError, slackError: "fatal_error"),
        Case(
            status: 502,
            body: "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
            contentType: "text/html",
            code: .serverError
        ),
        Case(status: 503, body: "upstream connect error", contentType: "text/plain", code: .serverError),
        Case(status: 404, body: "<html><body>Not Found</body></html>", contentType: "text/html", code: .httpError),
        Case(status: 200, body: "<html>maintenance</html>", contentType: "text/html", code: .notJSON),
        Case(status: 200, body: "", contentType: "text/plain", code: .notJSON),
        Case(status: 200, body: #"[1,2,3]"#, code: .decodingFailed),
    ]

    @Test("logs() maps the response to the right code and keeps Slack's fields", arguments: cases)
    func mapping(_ testCase: Case) async throws {
        let response = TestResponse.text(status: testCase.status, testCase.body, contentType: testCase.contentType)
        try await withServer(respond: response) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs(limit: 10) })
                #expect(error.code == testCase.code)
                #expect(error.httpStatus == testCase.status)
                #expect(error.slackError == testCase.slackError)
                #expect(error.response?.statusCode == testCase.status)
                #expect(error.response?.rawBody == testCase.body)
                #expect(error.description.contains("\(testCase.code)"))
            }
            // No built-in handler retries these by default.
            #expect(server.requestCount == 1)
        }
    }

    @Test("missing_scope carries needed and provided, and says which scope to add")
    func missingScope() async throws {
        let body =
            #"{"ok":false,"error":"missing_scope","needed":"auditlogs:read","provided":"admin,users:read","warning":"superfluous_charset"}"#
        try await withServer(respond: .json(status: 403, body)) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .missingScope)
                #expect(error.needed == "auditlogs:read")
                #expect(error.provided == "admin,users:read")
                #expect(error.warning == "superfluous_charset")
                #expect(error.description.contains("auditlogs:read"))
                #expect(error.description.contains("HTTP 403"))
            }
        }
    }

    @Test("an HTML error page shows a short snippet, not the whole page")
    func htmlSnippet() async throws {
        let page = "<html><body>" + String(repeating: "x", count: 5000) + "</body></html>"
        try await withServer(respond: .text(status: 500, page, contentType: "text/html")) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .serverError)
                #expect(error.description.contains("<html><body>xxx"))
                #expect(error.description.count < 1000)
                #expect(error.response?.body == nil)
            }
        }
    }

    @Test("a member of an unexpected type is kept in unknownFields; entries that are not a list refuse the page")
    func lenientMembers() async throws {
        try await withServer(respond: .ok(#"{"entries":[],"response_metadata":{"next_cursor":7,"x":1},"y":[]}"#)) {
            server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let page = try await fixture.client.logs()
                #expect(page.typedBody.entries.isEmpty)
                #expect(page.typedBody.unknownFields["y"] == [])
                #expect(page.typedBody.responseMetadata?.unknownFields["next_cursor"] == 7)
                #expect(page.typedBody.nextCursor == nil)
                #expect(page.typedBody.jsonValue == page.body)
            }
        }
        try await withServer(respond: .ok(#"{"entries":"not a list"}"#)) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let error = await auditLogsError { _ = try await fixture.client.logs() }
                #expect(error?.code == .decodingFailed, "valid JSON, but not a page: not notJSON")
                #expect(error?.message.contains("entries is a string, not a list") == true, "\(error?.message ?? "")")
            }
        }
    }

    @Test("a success body without an ok field is a success")
    func successWithoutOK() async throws {
        try await withServer(respond: .ok(#"{"entries":[],"response_metadata":{"next_cursor":""}}"#)) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let response = try await fixture.client.logs()
                #expect(response.typedBody.ok == nil)
                #expect(response.typedBody.entries.isEmpty)
                #expect(response.typedBody.nextCursor == nil)
            }
        }
    }

    @Test("apiCall() returns a 500 instead of throwing, after the handlers had their say")
    func apiCallReturnsFailures() async throws {
        try await withServer(respond: .text(status: 500, "boom", contentType: "text/plain")) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let response = try await fixture.client.apiCall(path: "logs")
                #expect(response.statusCode == 500)
                #expect(response.rawBody == "boom")
                #expect(response.body == nil)
                #expect(!response.isSuccess)
            }
            #expect(server.requestCount == 1)
            try await withClient(
                baseURL: server.baseURL,
                retryHandlers: [ServerErrorRetryHandler(maxRetryCount: 2, intervalCalculator: quickRetry)]
            ) { fixture in
                let response = try await fixture.client.apiCall(path: "logs")
                #expect(response.statusCode == 500)
            }
            #expect(server.requestCount == 4)
        }
    }

    @Test("a 429 without a retry handler throws rateLimited with Retry-After")
    func rateLimitedError() async throws {
        let response = TestResponse.json(
            status: 429,
            #"{"ok":false,"error":"ratelimited"}"#,
            headers: [("Retry-After", "17")]
        )
        try await withServer(respond: response) { server in
            try await withClient(baseURL: server.baseURL, retryHandlers: []) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .rateLimited)
                #expect(error.retryAfter == .seconds(17))
                #expect(error.description.contains("retry after: 17s"))
            }
        }
    }
}
