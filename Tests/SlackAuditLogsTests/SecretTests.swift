import Foundation
import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogs

@Suite("Secrets: the token never shows in logs, errors or descriptions")
struct SecretTests {
    /// Every way the token could leak from a value: description, debug description, interpolation and `dump`.
    static func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    @Test("client and configuration descriptions and reflection redact the token")
    func descriptions() async throws {
        try await withClient(baseURL: "http://127.0.0.1:1/") { fixture in
            for text in Self.renderings(fixture.client) + Self.renderings(fixture.client.configuration) {
                #expect(!text.contains(testToken))
                #expect(!text.contains("0123456789abcdef"))
            }
            #expect(String(describing: fixture.client).contains("<redacted>"))
            #expect(Self.renderings(fixture.client.token).allSatisfy { !$0.contains(testToken) })
        }
    }

    @Test("the token never appears in trace logs or errors, on success, failure, retries and redirects")
    func logsAndErrors() async throws {
        // The server misbehaves in every way, and even echoes the Authorization header back in its error body.
        try await withServer { server in
            // The client's own calls (typed `logs`), so every error below is made by the client, not by the test.
            server.setHandler { request in
                switch request.query {
                case "mode=echo"?:
                    return .json(
                        status: 401,
                        #"{"ok":false,"error":"invalid_auth","echo":"\#(request.header("authorization") ?? "")"}"#
                    )
                case "mode=html"?:
                    return .text(
                        status: 500,
                        "<html>\(request.header("authorization") ?? "")</html>",
                        contentType: "text/html"
                    )
                case "mode=redirect"?:
                    return .respond(status: 302, headers: [("Location", "/logs")], body: [])
                case "mode=close"?:
                    return .closeWithoutResponse
                case "mode=limited"?:
                    return .json(status: 429, "{}", headers: [("Retry-After", "0")])
                default:
                    return .ok(samplePage)
                }
            }
            try await withClient(
                baseURL: server.baseURL,
                retryHandlers: [
                    ConnectionErrorRetryHandler(intervalCalculator: quickRetry),
                    RateLimitErrorRetryHandler(jitter: .none),
                    ServerErrorRetryHandler(intervalCalculator: quickRetry),
                ]
            ) { fixture in
                _ = try await fixture.client.logs()
                _ = try await fixture.client.logs(additionalQueryParameters: ["mode": "redirect"])
                var errors: [AuditLogsError] = []
                let expected: [(mode: String, code: AuditLogsError.Code)] = [
                    ("echo", .invalidAuthentication), ("html", .serverError), ("close", .connectionClosed),
                    ("limited", .rateLimited),
                ]
                for (mode, code) in expected {
                    let error = try #require(
                        await auditLogsError {
                            _ = try await fixture.client.logs(additionalQueryParameters: ["mode": mode])
                        },
                        "\(mode) must fail"
                    )
                    #expect(error.code == code, "\(mode): \(error)")
                    errors.append(error)
                }
                let invalid = try #require(await auditLogsError { _ = try await fixture.client.logs(limit: 0) })
                #expect(invalid.code == .invalidArgument)
                errors.append(invalid)
                try await withRefusingPort { port in
                    try await withClient(baseURL: "http://127.0.0.1:\(port)/", retryHandlers: []) { refused in
                        let error = try #require(await auditLogsError { _ = try await refused.client.logs() })
                        #expect(error.code == .connectionFailed)
                        errors.append(error)
                        #expect(!refused.renderedLogLines.isEmpty)
                        #expect(refused.renderedLogLines.allSatisfy { !$0.contains(testToken) })
                    }
                }

                #expect(errors.count == 6, "every path named above gave its error")
                for error in errors {
                    #expect(!error.description.contains(testToken), "\(error.description)")
                    #expect(!error.debugDescription.contains(testToken))
                    #expect(!error.message.contains(testToken))
                    #expect(!Self.renderings(error).contains { $0.contains(testToken) })
                }
                let lines = fixture.renderedLogLines
                #expect(lines.count > 10)
                #expect(lines.contains { $0.contains("Sending request") })
                #expect(lines.contains { $0.contains("Rate limited") })
                #expect(lines.contains { $0.contains("Following redirect") })
                for line in lines {
                    #expect(!line.contains(testToken), "\(line)")
                    #expect(!line.lowercased().contains("bearer"), "\(line)")
                }
            }
        }
    }

    @Test("an error message scrubs a token the server echoed back")
    func echoedTokenIsScrubbed() async throws {
        try await withServer { server in
            server.setHandler { request in
                .text(status: 500, "bad token \(request.header("authorization") ?? "")", contentType: "text/plain")
            }
            try await withClient(baseURL: server.baseURL, retryHandlers: []) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.message.contains("bad token Bearer <redacted>"))
                #expect(!error.description.contains(testToken))
            }
        }
    }
}
