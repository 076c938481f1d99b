import SlackAuditLogs
import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogsSimulator

@Suite("Pagination: rawLogPages and logEntries, raw entries, loops and cancellation")
struct PaginationTests {
    static let configuration = AuditLogsSimulator.Configuration(
        seed: 3,
        events: .recent(
            count: 20_000,
            span: 2 * 86_400,
            seed: 3,
            rateProfile: .bursty(burstProbability: 0.2, burstSize: 300)
        ),
        rateLimit: .unlimited
    )

    @Test("rawLogPages delivers every event once, as the exact bytes served, re-sending the filters on every page")
    func pages() async throws {
        try await withSimulatedClient(Self.configuration) { simulator, client in
            let events = simulator.events
            let query = LogsQuery(oldest: events[events.count * 3 / 4].dateCreate, actions: [], limit: 700)
            let expected = try simulator.expectedEvents(for: query)
            var delivered: [RawLogEntry] = []
            var pages = 0
            for try await page in client.rawLogPages(query) {
                pages += 1
                delivered += page.entries
            }
            #expect(delivered.map(\.id) == expected.map(\.id.description))
            #expect(delivered.map(\.dateCreate) == expected.map(\.dateCreate))
            for (raw, event) in zip(delivered, expected).prefix(2000) {
                #expect(Array(raw.bytes) == simulator.renderJSON(of: event))
            }
            let requests = simulator.requests
            #expect(requests.count == pages)
            #expect(requests.allSatisfy { $0.queryParameters["oldest"] == String(query.oldest ?? 0) })
            #expect(requests.allSatisfy { $0.queryParameters["limit"] == "700" })
            #expect(requests.dropFirst().allSatisfy { $0.queryParameters["cursor"] != nil })
        }
    }

    @Test("logEntries yields the typed entries in order")
    func entries() async throws {
        try await withSimulatedClient(Self.configuration) { simulator, client in
            var ids: [String] = []
            for try await entry in client.logEntries(LogsQuery(limit: 9999)) { ids.append(entry.id ?? "") }
            #expect(ids == (try simulator.expectedIDs(for: LogsQuery())))
        }
    }

    @Test("a cursor Slack repeats stops paging with repeatedCursor instead of looping")
    func repeatedCursor() async throws {
        let server = try await LoopbackHTTPServer.start { _ in
            .ok(#"{"entries":[{"id":"a","date_create":1}],"response_metadata":{"next_cursor":"c2FtZQ=="}}"#)
        }
        let client = try AuditLogsClient(token: "", configuration: .init(baseURL: server.baseURL, proxy: .none))
        var pages = 0
        let error = await auditLogsError {
            for try await _ in client.rawLogPages(LogsQuery()) { pages += 1 }
        }
        #expect(error?.code == .repeatedCursor)
        #expect(pages == 1)
        #expect(server.requestCount == 2)
        try await client.shutdown()
        try await server.shutdown()
    }

    @Test(
        "an unreadable cursor or entries list stops paging rather than skipping events",
        arguments: [
            #"{"entries":[],"response_metadata":{"next_cursor":7}}"#, #"{"entries":{"id":"a"}}"#,
        ]
    )
    func unreadable(_ body: String) async throws {
        let server = try await LoopbackHTTPServer.start { _ in .ok(body) }
        let client = try AuditLogsClient(token: "", configuration: .init(baseURL: server.baseURL, proxy: .none))
        let error = await auditLogsError { for try await _ in client.rawLogPages(LogsQuery()) {} }
        #expect(error?.code == .decodingFailed)
        try await client.shutdown()
        try await server.shutdown()
    }

    @Test(
        "errors and non-JSON pages are typed errors",
        arguments: [
            (LoopbackHTTPResponse.ok("<html>down</html>"), AuditLogsError.Code.notJSON),
            (.ok(#"{"ok":false,"error":"invalid_cursor"}"#), .invalidCursor),
            (.json(status: 401, #"{"ok":false,"error":"invalid_auth"}"#), .invalidAuthentication),
            (.ok(#"{"entries":[{"id":"a"]}"#), .notJSON),
        ]
    )
    func failures(_ response: LoopbackHTTPResponse, code: AuditLogsError.Code) async throws {
        let server = try await LoopbackHTTPServer.start { _ in response }
        let client = try AuditLogsClient(token: "", configuration: .init(baseURL: server.baseURL, proxy: .none))
        let error = await auditLogsError { for try await _ in client.rawLogPages(LogsQuery()) {} }
        #expect(error?.code == code)
        try await client.shutdown()
        try await server.shutdown()
    }

    @Test("cancelling the consuming task stops paging")
    func cancellation() async throws {
        try await withSimulatedClient(Self.configuration) { simulator, client in
            simulator.setFaults(SimulatorFaults(latency: .milliseconds(200)...(.milliseconds(200))))
            let task = Task {
                var pages = 0
                for try await _ in client.rawLogPages(LogsQuery(limit: 10)) { pages += 1 }
                return pages
            }
            try await Task.sleep(for: .milliseconds(500))
            task.cancel()
            let result = await task.result
            guard case .failure(let error as AuditLogsError) = result else {
                Issue.record("Expected a cancelled error, got \(result)")
                return
            }
            #expect(error.code == .cancelled)
            #expect(simulator.counters.requests < 10)
        }
    }

    @Test("the scanner: exact slices, last duplicate wins, brackets inside strings, odd entries, bad JSON")
    func scanner() throws {
        let body =
            #"{"ok":true,"entries":[ {"id":"x","id":"y","date_create":5,"details":{"t":"a}]\"[{"}} ,"#
            + #"{"date_create":"soon","id":1}],"response_metadata":{"next_cursor":"n+/="}}"#
        let page = try RawLogsPage(body: Array(body.utf8))
        #expect(page.entries.count == 2)
        #expect(String(decoding: page.entries[0].bytes, as: UTF8.self).hasSuffix(#""a}]\"[{"}}"#))
        #expect(page.entries[0].id == "y")
        #expect(page.entries[0].dateCreate == 5)
        #expect(page.entries[1].id == nil && page.entries[1].dateCreate == nil)
        #expect(page.nextCursor == "n+/=")
        #expect(try page.entries[0].decode().details?.unknownFields["t"] == #"a}]"[{"#)
        // An element that is not an object refuses the page, as the typed reader does.
        let odd = #"{"entries":[{"id":"a"},7]}"#
        let error = #expect(throws: JSONParseError.self) { try RawLogsPage(body: Array(odd.utf8)) }
        #expect(error?.reason.contains("entries[1] is a number, not an object") == true)
        for bad in [#"{"entries":[{"id":"a"},]}"#, #"{"entries":[{"id":"a"}]"#, #"{"entries":[]} x"#, "[]", ""] {
            #expect(throws: JSONParseError.self, "\(bad)") { try RawLogsPage(body: Array(bad.utf8)) }
        }
    }
}
