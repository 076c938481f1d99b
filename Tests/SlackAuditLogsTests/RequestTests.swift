import Foundation
import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogs

@Suite("Requests: URLs, methods, headers and queries")
struct RequestTests {
    @Test("logs() sends GET /logs with every filter, the bearer token and JSON accept")
    func logsRequest() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let response = try await fixture.client.logs(
                    latest: 1_700_000_100,
                    oldest: 1_600_000_000,
                    action: "user_login",
                    actor: "W123",
                    entity: "C456",
                    limit: 250,
                    cursor: "abc"
                )
                #expect(response.statusCode == 200)
                #expect(response.typedBody.entries.count == 1)
                #expect(response.typedBody.entries.first?.id == "0123-abcd")
                #expect(response.typedBody.entries.first?.dateCreate == 1_700_000_000)
                #expect(response.typedBody.entries.first?.actor?.user?.name == "ann")
                #expect(response.typedBody.entries.first?.context?.sessionID == "12")
                #expect(response.typedBody.nextCursor == "dXNlcjpXMQ+/=")
                #expect(response.rawBody == samplePage)
                #expect(response.body?["entries"]?[0]?["action"] == "user_login")
                #expect(response.headers.first(name: "CONTENT-LENGTH") == String(samplePage.utf8.count))
            }
            let request = try #require(server.requests.first)
            #expect(request.method == "GET")
            #expect(request.path == "/logs")
            #expect(
                request.query
                    == "action=user_login&actor=W123&cursor=abc&entity=C456&latest=1700000100&limit=250&oldest=1600000000"
            )
            #expect(request.header("authorization") == "Bearer \(testToken)")
            #expect(request.header("accept") == "application/json")
            #expect(request.body.isEmpty)
        }
    }

    @Test("nil parameters are not sent; an empty cursor is not sent")
    func nilParametersAreOmitted() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                _ = try await fixture.client.logs()
                _ = try await fixture.client.logs(limit: 5, cursor: "")
            }
            #expect(server.requests.map(\.uri) == ["/logs", "/logs?limit=5"])
        }
    }

    @Test("a list of actions is sent comma-separated, with the comma encoded")
    func actionList() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                _ = try await fixture.client.logs(LogsQuery(actions: ["user_login", "user_logout", "file_downloaded"]))
            }
            #expect(server.requests.first?.query == "action=user_login%2Cuser_logout%2Cfile_downloaded")
        }
    }

    @Test("cursors and filters are percent-encoded so they arrive exactly as given")
    func encoding() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                _ = try await fixture.client.logs(actor: "a b&c#d%e?f", entity: "Zürich-é", cursor: "a+b/c=")
            }
            let query = try #require(server.requests.first?.query)
            #expect(query == "actor=a%20b%26c%23d%25e%3Ff&cursor=a%2Bb%2Fc%3D&entity=Z%C3%BCrich-%C3%A9")
            // Decoding the query gives back every value exactly.
            var components = URLComponents()
            components.percentEncodedQuery = query
            let values = Dictionary(
                uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
            )
            #expect(values == ["actor": "a b&c#d%e?f", "cursor": "a+b/c=", "entity": "Zürich-é"])
        }
    }

    @Test("additionalQueryParameters add keys and override named ones")
    func additionalQueryParameters() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                _ = try await fixture.client.logs(
                    limit: 10,
                    cursor: "from-argument",
                    additionalQueryParameters: ["limit": "20", "cursor": "from-additional", "team": "T1"]
                )
            }
            #expect(server.requests.first?.query == "cursor=from-additional&limit=20&team=T1")
        }
    }

    @Test("schemas() and actions() call their endpoints and decode the body")
    func schemasAndActions() async throws {
        try await withServer { server in
            server.setHandler { request in
                switch request.path {
                case "/schemas": return .ok(#"{"schemas":[{"type":"channel","channel":{"id":"string"}}]}"#)
                case "/actions": return .ok(#"{"actions":{"user":["user_login","user_logout"]}}"#)
                default: return .json(status: 404, #"{"ok":false,"error":"bad_endpoint"}"#)
                }
            }
            try await withClient(baseURL: server.baseURL, token: "") { fixture in
                let schemas = try await fixture.client.schemas(queryParameters: ["x": "1"])
                #expect(schemas.typedBody.schemas.first?.type == "channel")
                let actions = try await fixture.client.actions()
                #expect(actions.typedBody.actions["user"] == ["user_login", "user_logout"])
            }
            #expect(server.requests.map(\.uri) == ["/schemas?x=1", "/actions"])
            // With no token, no Authorization header is sent at all.
            #expect(server.requests.allSatisfy { $0.header("authorization") == nil })
        }
    }

    @Test("apiCall() reaches any path with query, body and headers")
    func apiCall() async throws {
        try await withServer(respond: .ok(#"{"ok":true,"n":1}"#)) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let response = try await fixture.client.apiCall(
                    method: .POST,
                    path: "/logs/extra",
                    queryParameters: ["limit": "1"],
                    body: ["key": "value"],
                    headers: ["X-Trace": "t1"]
                )
                #expect(response.statusCode == 200)
                #expect(response.typedBody?["n"] == 1)
            }
            let request = try #require(server.requests.first)
            #expect(request.method == "POST")
            #expect(request.uri == "/logs/extra?limit=1")
            #expect(String(decoding: request.body, as: UTF8.self) == #"{"key":"value"}"#)
            #expect(request.header("content-type") == "application/json; charset=utf-8")
            #expect(request.header("x-trace") == "t1")
        }
    }

    @Test("apiCall() writes its body with the library's writer: keys as given, numbers exact; NaN is refused")
    func apiCallBody() async throws {
        try await withServer(respond: .ok(#"{"ok":true}"#)) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let body: JSONValue = ["e\u{301}": 1, "\u{e9}": .double(0.1), "big": .integer(9_007_199_254_740_993)]
                _ = try await fixture.client.apiCall(method: .POST, path: "x", body: body)
                let nan: JSONValue = ["ok": ["deep": [.double(.nan)]]]
                let error = try #require(
                    await auditLogsError { _ = try await fixture.client.apiCall(method: .POST, path: "x", body: nan) }
                )
                #expect(error.code == .invalidArgument)
                #expect(error.message.contains("$.ok.deep[0]"), "\(error.message)")
            }
            #expect(server.requestCount == 1, "the refused body was never sent")
            let sent = try JSONValue(parsing: try #require(server.requests.first).body)
            #expect(sent.objectValue?.count == 2 + 1, "NFC and NFD keys stay two members")
            #expect(sent["big"] == .integer(9_007_199_254_740_993))
        }
    }

    @Test("a base URL with a path prefix and no trailing slash is joined correctly")
    func baseURLWithoutTrailingSlash() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            let base = server.baseURL + "audit/v1"
            try await withClient(baseURL: base) { fixture in
                #expect(fixture.client.endpoint.base == base + "/")
                _ = try await fixture.client.logs(limit: 1)
            }
            #expect(server.requests.first?.uri == "/audit/v1/logs?limit=1")
        }
    }

    @Test("User-Agent has the library, Swift and OS versions, with prefix and suffix")
    func userAgent() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                _ = try await fixture.client.logs()
            }
            try await withClient(
                baseURL: server.baseURL,
                userAgentPrefix: "my-siem/2.1",
                userAgentSuffix: "(contact: sec@example.com)"
            ) { fixture in
                _ = try await fixture.client.logs()
            }
            let agents = server.requests.compactMap { $0.header("user-agent") }
            #expect(agents.count == 2)
            let plain = try #require(agents.first)
            let pattern = #/^slack-audit-logs-swift/\d+\.\d+\.\d+ Swift/\d+(\.\d+)* [A-Za-z]+/\S+$/#
            #expect(plain.wholeMatch(of: pattern) != nil, "\(plain)")
            #expect(agents.last == "my-siem/2.1 \(plain) (contact: sec@example.com)")
        }
    }

    @Test("headers: built-in < default headers < per-call headers, case-insensitively")
    func headerPrecedence() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            try await withClient(
                baseURL: server.baseURL,
                defaultHeaders: ["accept": "application/x-default", "X-Team": "default", "X-Only-Default": "d"]
            ) { fixture in
                _ = try await fixture.client.logs(headers: ["x-team": "call", "X-Only-Call": "c"])
            }
            let request = try #require(server.requests.first)
            #expect(request.header("accept") == "application/x-default")
            #expect(request.header("x-team") == "call")
            #expect(request.header("x-only-default") == "d")
            #expect(request.header("x-only-call") == "c")
            #expect(request.headers.filter { $0.name.lowercased() == "x-team" }.count == 1)
            #expect(request.headers.filter { $0.name.lowercased() == "accept" }.count == 1)
        }
    }
}

@Suite("The documented call shapes compile and send the same request")
struct CallShapeTests {
    @Test("logs() with labelled filters and with a LogsQuery send the same request")
    func argumentOrders() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            try await withClient(baseURL: server.baseURL) { fixture in
                let client = fixture.client
                _ = try await client.logs(oldest: 1_700_000_000, action: "user_login", limit: 100)
                _ = try await client.logs(LogsQuery(oldest: 1_700_000_000, actions: ["user_login"], limit: 100))
                _ = try await client.rawLogs(LogsQuery(oldest: 1_700_000_000, actions: ["user_login"], limit: 100))
            }
            let queries = Set(server.requests.compactMap(\.query))
            #expect(queries == ["action=user_login&limit=100&oldest=1700000000"])
            #expect(server.requestCount == 3)
        }
    }
}
