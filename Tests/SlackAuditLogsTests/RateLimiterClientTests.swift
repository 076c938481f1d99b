import MetricsTestKit
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogs

/// Runs `body` with a simulator serving 50 events, and shuts it down.
private func withRateLimitedSimulator<T>(
    _ rateLimit: SimulatorRateLimit,
    _ body: (AuditLogsSimulator) async throws -> T
) async throws -> T {
    try await AuditLogsSimulator.withSimulator(
        configuration: AuditLogsSimulator.Configuration(events: .recent(count: 50), rateLimit: rateLimit),
        body
    )
}

/// A client of `simulator` with `rateLimiter`; the caller shuts it down.
private func makeClient(
    _ simulator: AuditLogsSimulator,
    rateLimiter: RateLimiter?,
    retryHandlers: [any RetryHandler] = []
) throws -> AuditLogsClient {
    try AuditLogsClient(
        token: simulator.token,
        configuration: AuditLogsClient.Configuration(
            baseURL: simulator.baseURL,
            proxy: .none,
            retryHandlers: retryHandlers,
            rateLimiter: rateLimiter
        )
    )
}

/// Makes `count` calls at once through `client`.
private func concurrentCalls(_ count: Int, through client: AuditLogsClient) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<count {
            group.addTask { _ = try await client.logs(limit: 5) }
        }
        try await group.waitForAll()
    }
}

@Suite("Rate limiter in the client: every attempt waits for a slot, every 429 is reported")
struct RateLimiterClientTests {
    @Test("each Configuration() gets its own Tier 3 limiter; copies of one configuration share it")
    func defaultLimiter() throws {
        let first = AuditLogsClient.Configuration()
        var copy = first
        copy.timeout = .seconds(5)
        let second = AuditLogsClient.Configuration()
        let firstLimiter = try #require(first.rateLimiter)
        #expect(firstLimiter.configuration == .tier3)
        #expect(copy.rateLimiter === firstLimiter)
        #expect(second.rateLimiter !== firstLimiter)
    }

    @Test("the configuration's description and reflection show its limiter, or none")
    func configurationDescription() {
        let configuration = AuditLogsClient.Configuration()
        #expect(configuration.description.contains("rateLimiter: RateLimiter(callsPerMinute: 50))"))
        #expect(AuditLogsClient.Configuration(rateLimiter: nil).description.contains("rateLimiter: none"))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(dumped.contains("RateLimiter(callsPerMinute: 50)"))
    }

    @Test("Tier 3 in the client against a Tier 3 simulator: 20 pages in a row, no 429 and no wait for the limiter")
    func shortJobAtTier3() async throws {
        try await withRateLimitedSimulator(.tier3) { simulator in
            let limiter = RateLimiter.tier3()
            let client = try makeClient(simulator, rateLimiter: limiter)
            do {
                var cursor: String?
                for _ in 0..<20 {
                    let page = try await client.rawLogs(LogsQuery(limit: 2), cursor: cursor)
                    cursor = page.nextCursor  // back to the first page when the last one is reached
                }
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
            let counters = simulator.counters
            #expect(counters.requests == 20)
            #expect(counters.rateLimited == 0, "\(counters)")
            let statistics = limiter.statistics
            #expect(statistics.calls == 20)
            #expect(statistics.waits == 0)
            #expect(statistics.rateLimitedResponses == 0)
        }
    }

    @Test("a client limited just under the simulator's rate makes 40 concurrent calls with few or no 429s")
    func underTheServersRate() async throws {
        // 600 calls per minute with a burst of 10 on the server, 540 with a burst of 3 in the client: the server's
        // bucket stays nearly full, so only a stall of more than a second, which makes the late requests arrive
        // together, can cause a 429. Without the limiter, 40 calls at once would get 30 of them.
        try await withRateLimitedSimulator(.perMinute(600, burst: 10)) { simulator in
            let limiter = try RateLimiter(.perMinute(540, burst: 3))
            let client = try makeClient(
                simulator,
                rateLimiter: limiter,
                retryHandlers: [RateLimitErrorRetryHandler(maxRetryCount: 10, jitter: .none)]
            )
            let start = ContinuousClock.now
            do {
                try await concurrentCalls(40, through: client)
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
            let elapsed = ContinuousClock.now - start
            let counters = simulator.counters
            #expect(counters.pagesServed == 40)
            // Usually none; a machine starved for seconds at a time can bunch a few. A quarter of what no limiter gets.
            #expect(counters.rateLimited <= 8, "\(counters)")
            // Every attempt took a slot, retries included, and every 429 was reported.
            #expect(limiter.statistics.calls == counters.requests)
            #expect(limiter.statistics.rateLimitedResponses == counters.rateLimited)
            // 40 calls at 111 ms with a burst of 3 take at least 37 intervals.
            #expect(elapsed >= .milliseconds(4100))
        }
    }

    @Test("429s from a server slower than the limiter are reported, lower the rate and hold every later caller")
    func fasterThanTheServer() async throws {
        // One call per second after a burst of 3: 10 calls at once get 3 pages and 429s with Retry-After: 1.
        try await withRateLimitedSimulator(.perMinute(60, burst: 3)) { simulator in
            let limiter = try RateLimiter(.perMinute(6000, burst: 10))
            let client = try makeClient(simulator, rateLimiter: limiter)
            let other = try makeClient(
                simulator,
                rateLimiter: limiter,
                retryHandlers: [RateLimitErrorRetryHandler(maxRetryCount: 10, jitter: .none)]
            )
            do {
                let errors = await withTaskGroup(of: AuditLogsError?.self) { group in
                    for _ in 0..<10 {
                        group.addTask {
                            do {
                                _ = try await client.logs(limit: 5)
                                return nil
                            } catch {
                                return error as? AuditLogsError
                            }
                        }
                    }
                    return await group.reduce(into: [AuditLogsError]()) { errors, error in
                        if let error { errors.append(error) }
                    }
                }
                #expect(errors.allSatisfy { $0.code == .rateLimited && $0.retryAfter == .seconds(1) })
                let rateLimited = simulator.counters.rateLimited
                #expect(rateLimited >= 1)
                #expect(errors.count == rateLimited)
                #expect(limiter.statistics.rateLimitedResponses == rateLimited)
                #expect(limiter.statistics.currentCallsPerMinute < 6000)

                // The next call, even through another client sharing the limiter, waits out Retry-After.
                _ = try await other.logs(limit: 5)
                let requests = simulator.requests
                #expect(requests.count >= 11)
                let first429 = try #require(requests.first { $0.outcome == .rateLimited })
                let next = try #require(requests.dropFirst(10).first)
                #expect(next.receivedAt - first429.receivedAt >= .seconds(1))
                #expect(requests.last?.outcome == .page(entries: 5, hasNextCursor: true))
                try await client.shutdown()
                try await other.shutdown()
            } catch {
                try? await client.shutdown()
                try? await other.shutdown()
                throw error
            }
        }
    }

    @Test("two clients sharing one limiter share its budget")
    func sharedBudget() async throws {
        try await withRateLimitedSimulator(.unlimited) { simulator in
            let limiter = try RateLimiter(.perMinute(600, burst: 2))
            let first = try makeClient(simulator, rateLimiter: limiter)
            let second = try makeClient(simulator, rateLimiter: limiter)
            #expect(first.configuration.rateLimiter === second.configuration.rateLimiter)
            let start = ContinuousClock.now
            do {
                async let firstCalls: Void = concurrentCalls(10, through: first)
                async let secondCalls: Void = concurrentCalls(10, through: second)
                _ = try await (firstCalls, secondCalls)
                try await first.shutdown()
                try await second.shutdown()
            } catch {
                try? await first.shutdown()
                try? await second.shutdown()
                throw error
            }
            let elapsed = ContinuousClock.now - start
            #expect(limiter.statistics.calls == 20)
            #expect(simulator.counters.requests == 20)
            // 20 calls at 100 ms with a burst of 2 take at least 18 intervals; 10 per client would take 8.
            #expect(elapsed >= .milliseconds(1800))
        }
    }

    @Test("retries and redirects take a slot each, and a 429 is reported with its Retry-After")
    func everyAttemptCounts() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            server.enqueue(
                .respond(status: 302, headers: [("Location", "/logs?limit=1")], body: []),
                .json(status: 429, "{}", headers: [("Retry-After", "0")])
            )
            let limiter = try RateLimiter(.perMinute(6000, burst: 5))
            try await withClient(
                baseURL: server.baseURL,
                retryHandlers: [RateLimitErrorRetryHandler(jitter: .none)],
                rateLimiter: limiter
            ) { fixture in
                _ = try await fixture.client.logs(limit: 1)
            }
            #expect(server.requestCount == 3)
            #expect(limiter.statistics.calls == 3)
            #expect(limiter.statistics.rateLimitedResponses == 1)
            #expect(limiter.statistics.currentCallsPerMinute < 6000)
        }
    }

    @Test("cancelling a call that waits for the limiter throws cancelled and sends nothing")
    func cancelledWhileWaiting() async throws {
        try await withRateLimitedSimulator(.unlimited) { simulator in
            let limiter = try RateLimiter(.perMinute(1, burst: 1))
            let client = try makeClient(simulator, rateLimiter: limiter)
            do {
                _ = try await client.logs(limit: 5)
                let waiting = Task { _ = try await client.logs(limit: 5) }
                try await Task.sleep(for: .milliseconds(50))
                waiting.cancel()
                let result = await waiting.result
                guard case .failure(let error as AuditLogsError) = result else {
                    Issue.record("Expected a cancelled AuditLogsError, got \(result)")
                    return
                }
                #expect(error.code == .cancelled)
                #expect(error.message.contains("/logs"))
                #expect(simulator.counters.requests == 1)
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }

    @Test("metrics: calls, waits, 429s, wait durations and the current rate, as in statistics")
    func metrics() async throws {
        let metrics = TestMetrics()
        let clock = ManualClock()
        let limiter = RateLimiter(
            validated: .perMinute(1200, burst: 2),
            metricsFactory: metrics,
            clock: clock.limiterClock
        )
        #expect(try metrics.expectGauge("slack_audit_logs_rate_limiter_calls_per_minute").lastValue == 1200)
        try await limiter.acquire()
        try await limiter.acquire()
        let third = Task { try await limiter.acquire() }
        #expect(try await eventually { clock.sleeping == milliseconds(50) })
        clock.advance(by: .milliseconds(50))
        try await third.value
        limiter.recordRateLimited(retryAfter: .milliseconds(500))
        let fourth = Task { try await limiter.acquire() }
        #expect(try await eventually { clock.sleeping == milliseconds(550) })
        clock.advance(by: .milliseconds(500))
        try await fourth.value

        let expected = RateLimiter.Statistics(
            calls: 4,
            waits: 2,
            totalWait: .milliseconds(550),
            rateLimitedResponses: 1,
            currentCallsPerMinute: 600
        )
        #expect(limiter.statistics == expected)
        #expect(try metrics.expectCounter("slack_audit_logs_rate_limiter_calls_total").totalValue == 4)
        #expect(try metrics.expectCounter("slack_audit_logs_rate_limiter_waits_total").totalValue == 2)
        #expect(try metrics.expectCounter("slack_audit_logs_rate_limiter_rate_limited_total").totalValue == 1)
        let timer = try metrics.expectTimer("slack_audit_logs_rate_limiter_wait_seconds")
        #expect(timer.values == [0, 0, 50_000_000, 500_000_000])
        let gauge = try metrics.expectGauge("slack_audit_logs_rate_limiter_calls_per_minute")
        #expect(gauge.values == [1200, 1200, 1200, 1200, 600, 600])
    }
}
