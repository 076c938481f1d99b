import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogs

@Suite("Redirects: the token never follows a redirect to another host")
struct RedirectTests {
    @Test("a redirect to another origin is followed without the Authorization header")
    func crossHost() async throws {
        try await withServer(respond: .ok(samplePage)) { other in
            // The same machine under another name and port: a different origin.
            let target = "http://localhost:\(other.port)/elsewhere/logs?limit=1"
            try await withServer(respond: .respond(status: 302, headers: [("Location", target)], body: [])) { origin in
                try await withClient(baseURL: origin.baseURL) { fixture in
                    let response = try await fixture.client.logs(limit: 1)
                    #expect(response.url == target)
                    #expect(response.typedBody.entries.count == 1)
                }
                #expect(origin.requests.first?.header("authorization") == "Bearer \(testToken)")
            }
            let redirected = try #require(other.requests.first)
            #expect(redirected.uri == "/elsewhere/logs?limit=1")
            #expect(redirected.header("authorization") == nil)
            #expect(redirected.header("user-agent") != nil)
        }
    }

    @Test("a redirect on the same origin keeps the Authorization header")
    func sameOrigin() async throws {
        try await withServer { server in
            server.setHandler { request in
                request.path == "/logs"
                    ? .respond(status: 307, headers: [("Location", "/v2/logs?limit=1")], body: [])
                    : .ok(samplePage)
            }
            try await withClient(baseURL: server.baseURL) { fixture in
                _ = try await fixture.client.logs(limit: 1)
            }
            #expect(server.requests.map(\.uri) == ["/logs?limit=1", "/v2/logs?limit=1"])
            #expect(server.requests.allSatisfy { $0.header("authorization") == "Bearer \(testToken)" })
        }
    }

    @Test("a redirect to plain http on a public host is refused")
    func insecureRedirect() async throws {
        let redirect = TestResponse.respond(status: 301, headers: [("Location", "http://example.com/logs")], body: [])
        try await withServer(respond: redirect) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .redirectRefused)
                #expect(error.message.contains("plain http"))
            }
            #expect(server.requestCount == 1)
        }
    }

    @Test("redirect loops stop at maximumRedirects and surface the 3xx")
    func redirectLimit() async throws {
        let loop = TestResponse.respond(status: 302, headers: [("Location", "/logs")], body: [])
        try await withServer(respond: loop) { server in
            try await withClient(baseURL: server.baseURL, maximumRedirects: 3) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .httpError)
                #expect(error.httpStatus == 302)
            }
            #expect(server.requestCount == 4)
        }
    }
}
