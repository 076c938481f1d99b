import Foundation
import NIOHTTP1
import SlackAuditLogs
import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogsSimulator

@Suite("Simulator: paging, filters and cursors, through AuditLogsClient")
struct SimulatorPagingTests {
    static let bursty = AuditLogsSimulator.Configuration(
        seed: 7,
        events: .recent(
            count: 50_000,
            span: 3 * 86_400,
            seed: 7,
            rateProfile: .bursty(burstProbability: 0.05, burstSize: 400)
        ),
        rateLimit: .unlimited,
        requestLogLimit: 0
    )

    @Test("paging through 50,000 events returns each exactly once, newest first")
    func pagingFiftyThousand() async throws {
        try await withSimulatedClient(Self.bursty) { simulator, client in
            let expected = try simulator.expectedIDs(for: LogsQuery())
            #expect(expected.count == 50_000)
            let (ids, pages) = try await collectIDs(client, LogsQuery(limit: 999))
            #expect(ids == expected)
            // 50,000 / 999 would be 51 pages; pages that finish their last second hold more, so there are fewer.
            #expect(pages > 1 && pages <= 51)
            let dates = simulator.events.map(\.dateCreate)
            #expect(dates == dates.sorted(by: >))
        }
    }

    @Test("a page never splits a second, so it may hold more than limit")
    func sameSecondOverflow() async throws {
        try await withSimulatedClient(Self.bursty) { simulator, client in
            var cursor: String?
            var overflowed = false
            var previousLastDate: Int64?
            for _ in 0..<200 {
                let page = try await client.logs(LogsQuery(limit: 25), cursor: cursor)
                let entries = page.typedBody.entries
                if entries.count > 25 { overflowed = true }
                if let first = entries.first?.dateCreate, let previous = previousLastDate { #expect(first < previous) }
                previousLastDate = entries.last?.dateCreate
                cursor = page.typedBody.nextCursor
                if cursor == nil { break }
            }
            #expect(overflowed)
        }
    }

    @Test("filters re-sent with every cursor stay applied; dropped, paging runs past them as Slack's does")
    func filtersAreNotInTheCursor() async throws {
        try await withSimulatedClient(Self.bursty) { simulator, client in
            let all = simulator.events
            let oldest = all[all.count / 2].dateCreate
            let query = LogsQuery(oldest: oldest, limit: 500)
            let (ids, _) = try await collectIDs(client, query)
            #expect(ids == (try simulator.expectedIDs(for: query)))
            #expect(ids.count < all.count)
            // The second page asked without `oldest`: the cursor alone does not remember it.
            let first = try await client.logs(query)
            let cursor = try #require(first.typedBody.nextCursor)
            var unfiltered = LogsQuery(limit: 9999)
            unfiltered.additionalQueryParameters = [:]
            var older: [Int64] = []
            var next: String? = cursor
            while let current = next {
                let page = try await client.logs(unfiltered, cursor: current)
                older += page.typedBody.entries.compactMap(\.dateCreate)
                next = page.typedBody.nextCursor
            }
            #expect(older.contains { $0 < oldest })
        }
    }

    @Test("action, actor and entity filters return exactly the matching events")
    func filters() async throws {
        try await withSimulatedClient(Self.bursty) { simulator, client in
            let sample = simulator.events[1234]
            let action = simulator.catalog.actions[Int(sample.action)]
            let actor = try #require(simulator.organization.userID(at: sample.actor))
            let entity = try #require(simulator.organization.entityID(for: sample.entity))
            for query in [
                LogsQuery(actions: [action], limit: 9999), LogsQuery(actor: actor, limit: 9999),
                LogsQuery(entity: entity, limit: 9999),
                LogsQuery(actions: [action, "user_login"], actor: actor, limit: 50),
                LogsQuery(actor: "W_NOBODY"),
            ] {
                let (ids, _) = try await collectIDs(client, query)
                let expected = try simulator.expectedIDs(for: query)
                #expect(ids == expected, "\(query)")
            }
            #expect(!(try simulator.expectedIDs(for: LogsQuery(actor: actor))).isEmpty)
        }
    }

    @Test("an action listed under two categories matches its events in both")
    func actionInTwoCategories() async throws {
        try await withSimulatedClient(Self.bursty) { simulator, client in
            let catalog = simulator.catalog
            let name = try #require(catalog.actions.first { catalog.indices(of: $0).count > 1 })
            let indices = catalog.indices(of: name).sorted()
            // One more event under each category of the action, so that every category is there whatever the
            // random data holds: the check below cannot pass by having too few events.
            let template = try #require(simulator.events.first)
            simulator.append(
                indices.enumerated().map { offset, index in
                    var event = template
                    event.id = EventID(high: 0x0A0A_0A0A_0A0A_4000 | UInt64(offset), low: 0x8000_0000_0000_0000)
                    event.action = index
                    return event
                }
            )
            let direct = simulator.events.filter { indices.contains($0.action) }.map(\.id.description)
            let expected = try simulator.expectedIDs(for: LogsQuery(actions: [name], limit: 9999))
            #expect(expected == direct)
            let categories = Set(simulator.events.filter { indices.contains($0.action) }.map(\.action))
            #expect(categories.count == indices.count, "\(name): \(categories)")
            let (ids, _) = try await collectIDs(client, LogsQuery(actions: [name], limit: 9999))
            #expect(ids == direct)
        }
    }

    @Test("cursors are base64 with +, / and =, and survive the client's percent-encoding")
    func cursorShape() async throws {
        try await withSimulatedClient { simulator, client in
            let page = try await client.logs(limit: 10)
            let cursor = try #require(page.typedBody.nextCursor)
            #expect(cursor.contains("+") && cursor.contains("/") && cursor.hasSuffix("="))
            let request = try #require(simulator.requests.last)
            #expect(request.queryParameters["limit"] == "10")
            let second = try await client.logs(limit: 10, cursor: cursor)
            #expect(simulator.requests.last?.query?.contains("%2B") == true)
            #expect(second.typedBody.entries.first?.id != page.typedBody.entries.first?.id)
        }
    }

    @Test("the API is also served at the root, and the captures at /schemas and /actions")
    func rootAndCaptures() async throws {
        try await withSimulatedClient { simulator, _ in
            let client = try AuditLogsClient(
                token: "",
                configuration: .init(baseURL: "http://127.0.0.1:\(simulator.port)/", proxy: .none)
            )
            let actions = try await client.actions()
            #expect(actions.typedBody.allNames.count == 762)
            let schemas = try await client.schemas()
            #expect(schemas.typedBody.schemas.count == 21)
            try await client.shutdown()
        }
    }
}

@Suite("Simulator: errors, rate limits, faults, late arrivals, records")
struct SimulatorBehaviourTests {
    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var path: String
        var query: [String: String]
        var method: String = "GET"
        var code: String
        var status: Int
        var testDescription: String { "\(method) \(path) \(query) → \(code)" }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(path: "logs", query: ["limit": "0"], code: "invalid_arguments", status: 400),
        ErrorCase(path: "logs", query: ["limit": "10000"], code: "invalid_arguments", status: 400),
        ErrorCase(path: "logs", query: ["limit": "ten"], code: "invalid_arguments", status: 400),
        ErrorCase(path: "logs", query: ["oldest": "4102444800"], code: "invalid_range", status: 400),
        ErrorCase(path: "logs", query: ["oldest": "1500000000"], code: "invalid_range", status: 400),
        ErrorCase(
            path: "logs",
            query: ["oldest": "1700000100", "latest": "1700000000"],
            code: "invalid_range",
            status: 400
        ),
        ErrorCase(path: "logs", query: ["action": "not_an_action"], code: "invalid_action", status: 400),
        ErrorCase(
            path: "logs",
            query: ["action": (0..<31).map { _ in "user_login" }.joined(separator: ",")],
            code: "invalid_arguments",
            status: 400
        ),
        ErrorCase(path: "logs", query: ["cursor": "bm90IGEgY3Vyc29y"], code: "invalid_cursor", status: 400),
        ErrorCase(path: "nothing", query: [:], code: "bad_endpoint", status: 404),
        ErrorCase(path: "logs", query: [:], method: "POST", code: "method_not_allowed", status: 405),
    ]

    @Test("bad requests get Slack's error codes", arguments: errorCases)
    func errorCodes(_ errorCase: ErrorCase) async throws {
        try await withSimulatedClient { simulator, client in
            let method: HTTPMethod = errorCase.method == "POST" ? .POST : .GET
            let response = try await client.apiCall(
                method: method,
                path: errorCase.path,
                queryParameters: errorCase.query
            )
            #expect(response.statusCode == errorCase.status)
            #expect(response.body?["ok"] == false)
            #expect(response.body?["error"]?.stringValue == errorCase.code)
            #expect(simulator.requests.last?.outcome == .error(status: errorCase.status, code: errorCase.code))
        }
    }

    @Test("authentication: no token, a wrong token, and the organization scenarios")
    func authentication() async throws {
        try await withSimulatedClient(token: "") { _, client in
            let error = try #require(await auditLogsError { _ = try await client.logs() })
            #expect(error.code == .missingAuthentication)
            #expect(error.httpStatus == 401)
        }
        try await withSimulatedClient(token: "xoxp-wrong") { simulator, client in
            let error = try #require(await auditLogsError { _ = try await client.logs() })
            #expect(error.code == .invalidAuthentication)
            #expect(simulator.requests.last?.header("authorization") == "Bearer <redacted>")
            // /schemas and /actions need no token.
            _ = try await client.schemas()
        }
        for (scenario, code) in [
            (SimulatorScenario.featureNotEnabled, AuditLogsError.Code.featureNotEnabled),
            (.userNotAuthorized, .notAuthorized), (.teamNotAuthorized, .notAuthorized),
        ] {
            try await withSimulatedClient { simulator, client in
                simulator.setScenario(scenario)
                let error = try #require(await auditLogsError { _ = try await client.logs() })
                #expect(error.code == code)
                #expect(error.slackError == "\(scenario)")
                simulator.setScenario(.normal)
                _ = try await client.logs()
            }
        }
    }

    @Test("a cursor expires after cursorLifetime")
    func expiredCursor() async throws {
        var configuration = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
        configuration.cursorLifetime = .seconds(300)
        try await withSimulatedClient(configuration) { simulator, client in
            let cursor = try #require(try await client.logs(limit: 5).typedBody.nextCursor)
            _ = try await client.logs(limit: 5, cursor: cursor)
            simulator.advanceClock(by: 301)
            let error = try #require(await auditLogsError { _ = try await client.logs(limit: 5, cursor: cursor) })
            #expect(error.code == .invalidCursor)
        }
    }

    @Test(
        "the org-wide rate limit answers 429 with Retry-After in each form",
        arguments: [
            RetryAfterStyle.seconds, .httpDate, .missing,
        ]
    )
    func rateLimit(_ style: RetryAfterStyle) async throws {
        // One call per minute after a burst of two: the third call is limited however slow the machine is.
        var configuration = AuditLogsSimulator.Configuration(rateLimit: .perMinute(1, burst: 2), retryAfterStyle: style)
        configuration.events = .recent(count: 50)
        try await withSimulatedClient(configuration) { simulator, client in
            _ = try await client.logs()
            _ = try await client.schemas()  // every endpoint counts
            let error = try #require(await auditLogsError { _ = try await client.logs() })
            #expect(error.code == .rateLimited)
            #expect(error.httpStatus == 429)
            let header = error.response?.headers.first(name: "retry-after")
            switch style {
            case .seconds: #expect((1...60).contains(Int(header ?? "") ?? 0))
            case .httpDate: #expect(header?.hasSuffix("GMT") == true)
            default: #expect(header == nil)
            }
            #expect(simulator.counters.rateLimited == 1)
        }
    }

    @Test("a client with the rate-limit handler waits out a 429 and succeeds")
    func rateLimitRetried() async throws {
        // A token every 3 seconds after a burst of one: three calls sent at once hit the limit at least twice, however
        // slow the machine (sent one after another, a starved machine could space them out past the limit).
        var configuration = AuditLogsSimulator.Configuration(rateLimit: .perMinute(20, burst: 1))
        configuration.events = .recent(count: 50)
        try await withSimulatedClient(
            configuration,
            retryHandlers: [RateLimitErrorRetryHandler(maxRetryCount: 5, jitter: .none)]
        ) { simulator, client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 { group.addTask { _ = try await client.logs() } }
                try await group.waitForAll()
            }
            #expect(simulator.counters.rateLimited >= 2)
            #expect(simulator.counters.pagesServed == 3)
        }
    }

    struct FaultCase: Sendable, CustomTestStringConvertible {
        var fault: SimulatorFault
        var code: AuditLogsError.Code
        var testDescription: String { "\(fault) → \(code)" }
    }

    static let faultCases: [FaultCase] = [
        FaultCase(fault: .serverError(503), code: .serverError),
        FaultCase(fault: .serverErrorHTML(502), code: .serverError),
        FaultCase(fault: .serverErrorText(504), code: .serverError),
        FaultCase(fault: .closeBeforeResponse, code: .connectionClosed),
        FaultCase(fault: .resetMidBody, code: .connectionClosed),
        FaultCase(fault: .truncatedBody, code: .connectionClosed),
        FaultCase(fault: .stallMidBody, code: .timeout),
        FaultCase(fault: .nonJSON, code: .notJSON),
        FaultCase(fault: .rateLimited, code: .rateLimited),
        FaultCase(fault: .apiError("invalid_auth", status: 401), code: .invalidAuthentication),
    ]

    @Test("each scripted fault reaches the client as the right error, then the API recovers", arguments: faultCases)
    func faults(_ faultCase: FaultCase) async throws {
        // Only a stalled body needs a short deadline: it never ends. Every other fault is answered at once, and a
        // short deadline would turn a slow answer on a loaded machine into a timeout instead of the fault's error.
        let expectsTimeout = faultCase.code == .timeout
        try await withSimulatedClient(timeout: expectsTimeout ? .seconds(1) : .seconds(30)) { simulator, client in
            simulator.script(faultCase.fault)
            let error = try #require(await auditLogsError { _ = try await client.logs(limit: 200) })
            #expect(error.code == faultCase.code, "\(error)")
            // The API recovers: the next call, by a client with an ordinary deadline, gets a whole page.
            try await simulator.withClient {
                let page = try await $0.logs(limit: 200)
                #expect(page.typedBody.entries.count >= 200)
            }
            #expect(simulator.counters.faultsInjected == 1)
        }
    }

    @Test("retry handlers get through scripted server errors and disconnects")
    func faultsRetried() async throws {
        try await withSimulatedClient(retryHandlers: [
            ServerErrorRetryHandler(maxRetryCount: 2, intervalCalculator: .fixed(.milliseconds(10))),
            ConnectionErrorRetryHandler(maxRetryCount: 2, intervalCalculator: .fixed(.milliseconds(10))),
        ]) { simulator, client in
            simulator.script([.serverError(500), .resetMidBody])
            _ = try await client.logs()
            #expect(simulator.counters.requests == 3)
        }
    }

    @Test("latency delays the answer")
    func latency() async throws {
        try await withSimulatedClient { simulator, client in
            simulator.script(.latency(.milliseconds(300)))
            let start = ContinuousClock.now
            _ = try await client.logs()
            #expect(ContinuousClock.now - start >= .milliseconds(300))
        }
    }

    @Test("random faults are reproducible from their seed")
    func seededFaults() async throws {
        func outcomes(seed: UInt64) async throws -> [String] {
            var configuration = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
            configuration.faults = SimulatorFaults(seed: seed, rules: [.init(.serverError(503), probability: 0.3)])
            return try await withSimulatedClient(configuration) { simulator, client in
                for _ in 0..<30 { _ = try? await client.logs(limit: 5) }
                return simulator.requests.map { "\($0.outcome)" }
            }
        }
        let first = try await outcomes(seed: 11)
        #expect(first == (try await outcomes(seed: 11)))
        #expect(first != (try await outcomes(seed: 12)))
        #expect(first.contains { $0.contains("fault") } && first.contains { $0.contains("page") })
    }

    @Test("late arrivals become visible only later; appended events are served")
    func lateArrivals() async throws {
        try await withSimulatedClient { simulator, client in
            let before = try simulator.expectedIDs(for: LogsQuery()).count
            var late = simulator.events[10]
            late.id = EventID(high: 0xFEED, low: 1)
            late.visibleFrom = simulator.now + 120
            var fresh = simulator.events[20]
            fresh.id = EventID(high: 0xFEED, low: 2)
            fresh.dateCreate = simulator.now
            fresh.visibleFrom = fresh.dateCreate
            simulator.append([late, fresh])
            let (ids, _) = try await collectIDs(client, LogsQuery(limit: 9999))
            #expect(ids.count == before + 1)
            #expect(ids.first == fresh.id.description)
            #expect(!ids.contains(late.id.description))
            simulator.advanceClock(by: 121)
            let (after, _) = try await collectIDs(client, LogsQuery(limit: 9999))
            #expect(after.contains(late.id.description))
            #expect(after.count == before + 2)
        }
    }

    @Test("counters count requests, pages, entries and bytes")
    func counters() async throws {
        try await withSimulatedClient { simulator, client in
            let page = try await client.logs(limit: 50)
            let counters = simulator.counters
            #expect(counters.requests == 1)
            #expect(counters.pagesServed == 1)
            #expect(counters.entriesServed == page.typedBody.entries.count)
            #expect(counters.bytesServed == page.rawBody.utf8.count)
            simulator.resetRecords()
            #expect(simulator.requests.isEmpty && simulator.counters.requests == 0)
        }
    }

    @Test("the request log keeps only the newest requests, tokens redacted; the counters count them all")
    func boundedRequestLog() async throws {
        var configuration = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
        configuration.events = events(count: 10)
        configuration.requestLogLimit = 3
        try await withSimulatedClient(configuration) { simulator, client in
            for limit in 1...10 { _ = try await client.logs(limit: limit) }
            #expect(simulator.counters.requests == 10)
            #expect(simulator.requests.map { $0.queryParameters["limit"] } == ["8", "9", "10"])
            #expect(simulator.requests.allSatisfy { $0.header("authorization") == "Bearer <redacted>" })
        }
        configuration.requestLogLimit = 0
        try await withSimulatedClient(configuration) { simulator, client in
            _ = try await client.logs(limit: 1)
            #expect(simulator.requests.isEmpty)
            #expect(simulator.counters.requests == 1)
        }
        configuration.requestLogLimit = -1
        await #expect(throws: SimulationError.self) { try await AuditLogsSimulator.start(configuration: configuration) }
    }
}
