import Foundation
import MetricsTestKit
import SlackAuditLogsTestSupport
import Synchronization
import Testing

@testable import SlackAuditLogs

@Suite("Retries: built-in handlers, custom handlers, waits and cancellation")
struct RetryTests {
    /// A port on loopback that nothing listens on: a server is started and stopped to find one.
    @Test("connection refused: the default handler retries once, then a connectionFailed error")
    func connectionRefused() async throws {
        try await withRefusingPort { port in
            try await withClient(baseURL: "http://127.0.0.1:\(port)/") { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .connectionFailed)
                #expect(error.httpStatus == nil)
                #expect(error.response == nil)
                #expect(fixture.attemptCount == 2)
            }
        }
    }

    @Test("connection refused with no handlers: exactly one attempt")
    func connectionRefusedNoRetry() async throws {
        try await withRefusingPort { port in
            try await withClient(baseURL: "http://127.0.0.1:\(port)/", retryHandlers: []) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .connectionFailed)
                #expect(fixture.attemptCount == 1)
            }
        }
    }

    @Test("the server closes without answering: a custom retry count gives exact request counts")
    func remoteDisconnect() async throws {
        try await withServer(respond: .closeWithoutResponse) { server in
            try await withClient(
                baseURL: server.baseURL,
                retryHandlers: [ConnectionErrorRetryHandler(maxRetryCount: 3, intervalCalculator: quickRetry)]
            ) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .connectionClosed)
            }
            #expect(server.requestCount == 4)
        }
    }

    @Test("a disconnect followed by a good answer succeeds on the retry")
    func disconnectThenSuccess() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            server.enqueue(.closeWithoutResponse, .closeWithoutResponse)
            try await withClient(
                baseURL: server.baseURL,
                retryHandlers: [ConnectionErrorRetryHandler(maxRetryCount: 2, intervalCalculator: quickRetry)]
            ) { fixture in
                let response = try await fixture.client.logs()
                #expect(response.typedBody.entries.count == 1)
            }
            #expect(server.requestCount == 3)
        }
    }

    @Test("a connection reset mid-body is a connectionClosed error and is retried")
    func resetMidBody() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            server.enqueue(
                .resetMidBody(status: 200, bodyPrefix: Array(#"{"entries":[{"id":"#.utf8), declaredLength: 500)
            )
            try await withClient(
                baseURL: server.baseURL,
                retryHandlers: [ConnectionErrorRetryHandler(maxRetryCount: 1, intervalCalculator: quickRetry)]
            ) { fixture in
                let response = try await fixture.client.logs()
                #expect(response.typedBody.entries.count == 1)
            }
            #expect(server.requestCount == 2)
        }
        try await withServer { server in
            server.setHandler { _ in
                .resetMidBody(status: 200, bodyPrefix: Array(#"{"entries":[{"id":"#.utf8), declaredLength: 500)
            }
            try await withClient(baseURL: server.baseURL, retryHandlers: []) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .connectionClosed)
            }
        }
    }

    @Test("a body cut short by a clean close is a connectionClosed error, and is retried")
    func truncatedBody() async throws {
        let truncated = TestResponse.truncated(status: 200, body: Array(samplePage.utf8), sentBytes: 40)
        try await withServer(respond: .ok(samplePage)) { server in
            server.enqueue(truncated)
            try await withClient(baseURL: server.baseURL, retryHandlers: []) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .connectionClosed)
            }
            server.enqueue(truncated)
            try await withClient(
                baseURL: server.baseURL,
                retryHandlers: [ConnectionErrorRetryHandler(intervalCalculator: quickRetry)]
            ) { fixture in
                let page = try await fixture.client.logs()
                #expect(page.rawBody == samplePage)
            }
            #expect(server.requestCount == 3)
        }
    }

    @Test("429 with Retry-After in seconds: waits that long (not the default), then succeeds")
    func rateLimitedSeconds() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            server.enqueue(.json(status: 429, #"{"ok":false,"error":"ratelimited"}"#, headers: [("Retry-After", "2")]))
            try await withClient(
                baseURL: server.baseURL,
                retryHandlers: [RateLimitErrorRetryHandler(jitter: .none, missingHeaderDelay: .zero)]
            ) { fixture in
                _ = try await fixture.client.logs()
                let info = fixture.logs.entries.filter { $0.level == .info }
                #expect(info.count == 1)
                #expect(info.first?.metadata["slack_audit_logs.retry_delay_ms"] == "2000")
            }
            let requests = server.requests
            #expect(requests.count == 2)
            let waited = requests[1].receivedAt - requests[0].receivedAt
            #expect(waited >= .milliseconds(1990))
        }
    }

    @Test("429 with Retry-After as an HTTP-date: waits until that date")
    func rateLimitedHTTPDate() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            let answered = Mutex(0)
            server.setHandler { _ in
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: "GMT")
                formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
                // First four seconds from now, truncated to the second by the format: a wait of 3 to 4 seconds.
                // The last answer (not waited for: one retry only) names a minute from now, so that the error's
                // retryAfter is positive however long a loaded machine takes to read it.
                let first = answered.withLock { count in
                    count += 1
                    return count == 1
                }
                let date = formatter.string(from: Date().addingTimeInterval(first ? 4 : 60))
                return .json(status: 429, #"{"ok":false,"error":"ratelimited"}"#, headers: [("Retry-After", date)])
            }
            try await withClient(
                baseURL: server.baseURL,
                retryHandlers: [RateLimitErrorRetryHandler(maxRetryCount: 1, jitter: .none, missingHeaderDelay: .zero)]
            ) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .rateLimited)
                let retryAfter = try #require(error.retryAfter)
                #expect(retryAfter > .seconds(30) && retryAfter <= .seconds(60))
            }
            let requests = server.requests
            #expect(requests.count == 2)
            #expect(requests[1].receivedAt - requests[0].receivedAt >= .milliseconds(1900))
        }
    }

    @Test("429 without Retry-After: waits the default second")
    func rateLimitedNoHeader() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            server.enqueue(.json(status: 429, #"{"ok":false,"error":"ratelimited"}"#))
            try await withClient(
                baseURL: server.baseURL,
                retryHandlers: [RateLimitErrorRetryHandler(jitter: .none)]
            ) { fixture in
                _ = try await fixture.client.logs()
            }
            let requests = server.requests
            #expect(requests.count == 2)
            #expect(requests[1].receivedAt - requests[0].receivedAt >= .milliseconds(990))
        }
    }

    @Test("a huge Retry-After is capped by maximumDelay")
    func rateLimitedCapped() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            server.enqueue(.json(status: 429, "{}", headers: [("Retry-After", "86400")]))
            try await withClient(
                baseURL: server.baseURL,
                retryHandlers: [RateLimitErrorRetryHandler(jitter: .none, maximumDelay: .milliseconds(50))]
            ) { fixture in
                _ = try await fixture.client.logs()
            }
            #expect(server.requestCount == 2)
        }
    }

    @Test("the rate-limit handler gives up after maxRetryCount and the error says so", arguments: [0, 1, 3])
    func rateLimitedGivesUp(maxRetryCount: Int) async throws {
        let response = TestResponse.json(status: 429, "{}", headers: [("Retry-After", "0")])
        try await withServer(respond: response) { server in
            try await withClient(
                baseURL: server.baseURL,
                retryHandlers: [RateLimitErrorRetryHandler(maxRetryCount: maxRetryCount, jitter: .none)]
            ) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .rateLimited)
                #expect(error.retryAfter == .zero)
            }
            #expect(server.requestCount == maxRetryCount + 1)
        }
    }

    @Test("server errors 500, 502, 503, 504 are retried by the server-error handler", arguments: [500, 502, 503, 504])
    func serverErrorsRetried(status: Int) async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            server.enqueue(.text(status: status, "<html>oops</html>", contentType: "text/html"))
            try await withClient(
                baseURL: server.baseURL,
                retryHandlers: [ServerErrorRetryHandler(intervalCalculator: quickRetry)]
            ) { fixture in
                _ = try await fixture.client.logs()
            }
            #expect(server.requestCount == 2)
        }
    }

    @Test("501 is not retried by the server-error handler")
    func notImplementedNotRetried() async throws {
        try await withServer(respond: .text(status: 501, "no", contentType: "text/plain")) { server in
            try await withClient(baseURL: server.baseURL, retryHandlers: .allBuiltIn) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .serverError)
            }
            #expect(server.requestCount == 1)
        }
    }

    @Test("allBuiltIn handles a disconnect, a 429 and a 503 in one call")
    func allBuiltIn() async throws {
        try await withServer(respond: .ok(samplePage)) { server in
            server.enqueue(
                .closeWithoutResponse,
                .json(status: 429, "{}", headers: [("Retry-After", "0")]),
                .text(status: 503, "busy", contentType: "text/plain")
            )
            try await withClient(baseURL: server.baseURL, retryHandlers: .allBuiltIn) { fixture in
                _ = try await fixture.client.logs()
            }
            #expect(server.requestCount == 4)
        }
    }

    /// A handler that retries everything and records what it saw.
    final class SeenLog: Sendable {
        let entries = Mutex<[String]>([])
    }

    struct RecordingHandler: RetryHandler {
        let seen: SeenLog

        func retryDecision(for context: RetryContext, state: inout RetryState) -> RetryDecision {
            let attempts = (state.customValues["attempts"] as? Int ?? 0) + 1
            state.customValues["attempts"] = attempts
            seen.entries.withLock {
                $0.append(
                    "\(state.attempt):\(context.response?.statusCode ?? 0):\(context.error?.code.description ?? "-")"
                )
            }
            return attempts < 3 ? .retry(after: .milliseconds(5)) : .doNotRetry
        }
    }

    @Test("custom handlers see every non-2xx response and keep their own state between attempts")
    func customHandler() async throws {
        let handler = RecordingHandler(seen: SeenLog())
        try await withServer(respond: .json(status: 418, #"{"ok":false,"error":"teapot"}"#)) { server in
            try await withClient(baseURL: server.baseURL, retryHandlers: [handler]) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .apiError)
                #expect(error.slackError == "teapot")
            }
            #expect(server.requestCount == 3)
        }
        #expect(handler.seen.entries.withLock { $0 } == ["1:418:apiError", "2:418:apiError", "3:418:apiError"])
    }

    struct AlwaysRetry: RetryHandler {
        func retryDecision(for context: RetryContext, state: inout RetryState) -> RetryDecision {
            .retry(after: .zero)
        }
    }

    @Test("no call makes more than 100 attempts, whatever the handlers say")
    func hardCap() async throws {
        try await withServer(respond: .text(status: 500, "x", contentType: "text/plain")) { server in
            try await withClient(baseURL: server.baseURL, retryHandlers: [AlwaysRetry()]) {
                fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .serverError)
            }
            #expect(server.requestCount == AuditLogsClient.maximumAttemptsPerCall)
        }
    }

    @Test("cancelling the task stops a retry wait at once")
    func cancellationDuringWait() async throws {
        let response = TestResponse.json(status: 429, "{}", headers: [("Retry-After", "60")])
        try await withServer(respond: response) { server in
            try await withClient(
                baseURL: server.baseURL,
                retryHandlers: [RateLimitErrorRetryHandler(jitter: .none)]
            ) { fixture in
                let client = fixture.client
                let task = Task { try await client.logs() }
                while server.requestCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
                try await Task.sleep(for: .milliseconds(100))
                let cancelledAt = ContinuousClock.now
                task.cancel()
                let result = await task.result
                // A hang guard, not a timing: the wait was 60 s; a loaded 2-core machine can take seconds to switch.
                #expect(ContinuousClock.now - cancelledAt < .seconds(30))
                guard case .failure(let error as AuditLogsError) = result else {
                    Issue.record("Expected a cancelled AuditLogsError, got \(result)")
                    return
                }
                #expect(error.code == .cancelled)
            }
            #expect(server.requestCount == 1)
        }
    }

    @Test("the timeout covers the whole body: a server that stalls mid-body times out")
    func totalTimeout() async throws {
        let stall = TestResponse.stallMidBody(
            status: 200,
            headers: [("Content-Type", "application/json")],
            bodyPrefix: Array(#"{"entries":["#.utf8),
            declaredLength: 10_000
        )
        try await withServer(respond: stall) { server in
            try await withClient(
                baseURL: server.baseURL,
                timeout: .milliseconds(500),
                retryHandlers: []
            ) { fixture in
                let started = ContinuousClock.now
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .timeout)
                // The stall never ends: any bound proves the deadline fired. Generous, for loaded machines.
                #expect(ContinuousClock.now - started < .seconds(30))
            }
            #expect(server.requestCount == 1)
            // The default handler treats a timeout as a connection error: one retry.
            try await withClient(
                baseURL: server.baseURL,
                timeout: .milliseconds(300),
                retryHandlers: [ConnectionErrorRetryHandler(intervalCalculator: quickRetry)]
            ) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .timeout)
            }
            #expect(server.requestCount == 3)
        }
    }

    @Test("the timeout is a total deadline: a body that trickles in, each read quick, still times out")
    func trickleTimeout() async throws {
        // 20 chunks, one every 100 ms: no single read waits long, but the whole body takes about 2 seconds.
        let slow = TestResponse.trickle(
            status: 200,
            headers: [("Content-Type", "application/json")],
            body: Array(samplePage.utf8),
            chunkSize: samplePage.utf8.count / 20 + 1,
            interval: .milliseconds(100)
        )
        try await withServer(respond: slow) { server in
            try await withClient(baseURL: server.baseURL, timeout: .milliseconds(600), retryHandlers: []) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .timeout)
            }
            // With a long enough deadline the same slow body arrives whole.
            try await withClient(baseURL: server.baseURL, timeout: .seconds(10), retryHandlers: []) { fixture in
                let response = try await fixture.client.logs()
                #expect(response.rawBody == samplePage)
            }
        }
    }

    @Test("a server that never answers times out too")
    func stallTimeout() async throws {
        try await withServer(respond: .stall) { server in
            try await withClient(
                baseURL: server.baseURL,
                timeout: .milliseconds(300),
                retryHandlers: []
            ) { fixture in
                let error = try #require(await auditLogsError { _ = try await fixture.client.logs() })
                #expect(error.code == .timeout)
                #expect(error.description.contains("0.300s"))
            }
        }
    }
}

@Suite("Metrics: attempts, retries, 429s and transport failures are counted")
struct MetricsTests {
    @Test("one call with a 429, a 503 and a disconnect counts every attempt and retry")
    func counters() async throws {
        let metrics = TestMetrics()
        try await withServer(respond: .ok(samplePage)) { server in
            server.enqueue(
                .json(status: 429, "{}", headers: [("Retry-After", "0")]),
                .text(status: 503, "busy"),
                .closeWithoutResponse
            )
            try await withClient(
                baseURL: server.baseURL,
                retryHandlers: [
                    RateLimitErrorRetryHandler(jitter: .none),
                    ServerErrorRetryHandler(intervalCalculator: quickRetry),
                    ConnectionErrorRetryHandler(intervalCalculator: quickRetry),
                ],
                metricsFactory: metrics
            ) { fixture in
                _ = try await fixture.client.logs()
            }
        }
        #expect(try metrics.expectCounter("slack_audit_logs_requests_total").totalValue == 4)
        #expect(try metrics.expectCounter("slack_audit_logs_retries_total").totalValue == 3)
        #expect(try metrics.expectCounter("slack_audit_logs_rate_limited_total").totalValue == 1)
        #expect(try metrics.expectCounter("slack_audit_logs_transport_failures_total").totalValue == 1)
    }
}
