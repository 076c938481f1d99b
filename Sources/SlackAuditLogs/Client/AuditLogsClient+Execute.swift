import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// A request ready to send: URL with its query, every header, the body.
struct PreparedRequest: Sendable {
    var method: HTTPMethod
    var url: String
    var headers: HTTPHeaders
    var body: [UInt8]?
}

/// What came back from one attempt, before any interpretation.
struct ReceivedResponse: Sendable {
    var url: String
    var statusCode: Int
    var headers: HTTPHeaders
    /// The body as received: the one copy of it that the client keeps (a page becomes ``RawLogsPage/body`` as is).
    var body: [UInt8]

    var isSuccess: Bool { (200..<300).contains(statusCode) }
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON, or why it is not JSON.
    func parsedBody() -> Result<JSONValue, JSONParseError> {
        body.withUnsafeBytes { bytes in
            Result { () throws(JSONParseError) in try JSONParser.parse(bytes) }
        }
    }
}

/// Thrown inside an attempt when the total per-attempt deadline passes.
struct AttemptTimedOut: Error {}

// The request pipeline: build → send (with a total deadline) → redirect → retry decision → decode.
extension AuditLogsClient {
    /// Sends a request, following redirects and retrying as the handlers decide. Returns the final response
    /// whatever its status; throws only when no response was obtained.
    ///
    /// Each attempt first waits for a slot of the configuration's rate limiter, and each 429 is reported to it. The
    /// retry handler's `Retry-After` wait and the limiter's backoff overlap: after the handler's wait, the backoff
    /// is over.
    func send(_ request: PreparedRequest) async throws(AuditLogsError) -> ReceivedResponse {
        var state = RetryState()
        var current = request
        var redirects = 0
        while true {
            // Every attempt counts against Slack's budget: first attempts, retries and redirects alike.
            if let rateLimiter = configuration.rateLimiter {
                let waited: Duration
                do {
                    waited = try await rateLimiter.acquireSlot()
                } catch let error where error.code == .cancelled {
                    throw .transport(CancellationError(), url: current.url, timeout: configuration.timeout)
                }
                if waited > .zero {
                    logger.debug(
                        "Waited for the rate limiter",
                        metadata: [
                            "slack_audit_logs.url": "\(current.url)",
                            "slack_audit_logs.rate_limiter_wait_ms": "\(waited.milliseconds)",
                        ]
                    )
                }
            }
            if Task.isCancelled {
                throw AuditLogsError.transport(CancellationError(), url: current.url, timeout: configuration.timeout)
            }
            if let refusal = configuration.callPermit?() {
                throw AuditLogsError(code: .cancelled, message: "The call to \(current.url) was not sent: \(refusal)")
            }
            state.attempt += 1
            metrics.requests.increment()
            var metadata: Logger.Metadata = [
                "slack_audit_logs.method": "\(current.method.rawValue)",
                "slack_audit_logs.url": "\(current.url)",
                "slack_audit_logs.attempt": "\(state.attempt)",
            ]
            logger.trace("Sending request", metadata: metadata)
            let started = ContinuousClock.now
            let outcome: Result<ReceivedResponse, AuditLogsError>
            do {
                outcome = .success(try await attempt(current))
            } catch {
                outcome = .failure(error)
            }
            metadata["slack_audit_logs.duration_ms"] = "\((ContinuousClock.now - started).milliseconds)"

            let context: RetryContext
            switch outcome {
            case .success(let response):
                metadata["slack_audit_logs.status"] = "\(response.statusCode)"
                logger.debug("Received response", metadata: metadata)
                if let target = try redirectTarget(of: response, from: current, followed: redirects) {
                    redirects += 1
                    current = target
                    continue
                }
                if response.isSuccess { return response }
                let error = makeError(from: response)
                if response.statusCode == 429 {
                    metrics.rateLimited.increment()
                    configuration.rateLimiter?.recordRateLimited(retryAfter: error.retryAfter)
                }
                context = RetryContext(
                    request: .init(method: current.method.rawValue, url: current.url),
                    response: error.response,
                    error: error
                )
            case .failure(let error):
                if error.code == .cancelled { throw error }
                metrics.transportFailures.increment()
                metadata["slack_audit_logs.error"] = "\(error.code)"
                logger.debug("Request failed", metadata: metadata)
                context = RetryContext(
                    request: .init(method: current.method.rawValue, url: current.url),
                    response: nil,
                    error: error
                )
            }

            guard state.attempt < Self.maximumAttemptsPerCall,
                let decision = retryDecision(for: context, state: &state)
            else {
                return try outcome.get()
            }
            let (handler, delay) = decision
            state.retryCounts[handler, default: 0] += 1
            metrics.retries.increment()
            metadata["slack_audit_logs.retry_delay_ms"] = "\(delay.milliseconds)"
            metadata["slack_audit_logs.retry_handler"] = "\(handler)"
            if context.error?.code == .rateLimited {
                logger.info("Rate limited by Slack, retrying after the delay", metadata: metadata)
            } else {
                logger.debug("Retrying after the delay", metadata: metadata)
            }
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw AuditLogsError.transport(CancellationError(), url: current.url, timeout: configuration.timeout)
            }
        }
    }

    /// The first handler that asks for a retry, with its delay.
    private func retryDecision(
        for context: RetryContext,
        state: inout RetryState
    ) -> (handler: String, delay: Duration)? {
        for handler in configuration.retryHandlers {
            if let delay = handler.retryDecision(for: context, state: &state).delay {
                return (handler.name, delay)
            }
        }
        return nil
    }

    /// One attempt, bounded by the configured timeout from the first byte sent to the last byte received.
    private func attempt(_ request: PreparedRequest) async throws(AuditLogsError) -> ReceivedResponse {
        var httpRequest = HTTPClientRequest(url: request.url)
        httpRequest.method = request.method
        httpRequest.headers = request.headers
        if let body = request.body { httpRequest.body = .bytes(ByteBuffer(bytes: body)) }
        let finalRequest = httpRequest
        let client = httpClient
        let timeout = configuration.timeout
        let maximumBytes = configuration.maximumResponseBytes
        let url = request.url
        do {
            return try await withThrowingTaskGroup(of: ReceivedResponse?.self) { group in
                group.addTask {
                    let response = try await client.execute(finalRequest, deadline: .now() + TimeAmount(timeout))
                    let body = try await Self.collect(response, upTo: maximumBytes)
                    return ReceivedResponse(
                        url: url,
                        statusCode: Int(response.status.code),
                        headers: response.headers,
                        body: body
                    )
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else { throw AttemptTimedOut() }
                return response
            }
        } catch {
            throw AuditLogsError.transport(error, url: url, timeout: timeout)
        }
    }

    /// The whole body, in one array sized from `Content-Length` when the body is not compressed.
    ///
    /// AsyncHTTPClient's `collect(upTo:)` grows a `ByteBuffer` by doubling, and a page then had to be copied out of it:
    /// a 9 MB page cost about 25 MB at its peak. Appending the streamed chunks to an array reserved at the announced
    /// size keeps one copy of the page and no spare capacity.
    private static func collect(
        _ response: HTTPClientResponse,
        upTo maximumBytes: Int
    ) async throws -> [UInt8] {
        var body: [UInt8] = []
        if response.headers.first(name: "content-encoding") == nil,
            let announced = response.headers.first(name: "content-length").flatMap(Int.init), announced > 0
        {
            guard announced <= maximumBytes else { throw NIOTooManyBytesError(maxBytes: maximumBytes) }
            body.reserveCapacity(announced)
        }
        for try await chunk in response.body {
            guard chunk.readableBytes <= maximumBytes - body.count else {
                throw NIOTooManyBytesError(maxBytes: maximumBytes)
            }
            body.append(contentsOf: chunk.readableBytesView)
        }
        return body
    }

    /// The request to send next when `response` is a redirect that should be followed, or `nil`.
    private func redirectTarget(
        of response: ReceivedResponse,
        from request: PreparedRequest,
        followed: Int
    ) throws(AuditLogsError) -> PreparedRequest? {
        guard [301, 302, 303, 307, 308].contains(response.statusCode),
            let location = response.headers.first(name: "location"),
            followed < configuration.maximumRedirects
        else { return nil }
        guard let resolved = URL(string: location, relativeTo: URL(string: request.url))?.absoluteURL.absoluteString
        else {
            throw AuditLogsError(
                code: .redirectRefused,
                message: "The server redirected \(request.url) to an unreadable location.",
                httpStatus: response.statusCode
            )
        }
        let from: APIEndpoint
        let to: APIEndpoint
        do {
            from = try APIEndpoint(validating: request.url, purpose: "The request URL", allowingQuery: true)
            to = try APIEndpoint(validating: resolved, purpose: "The redirect target", allowingQuery: true)
        } catch {
            throw AuditLogsError(
                code: .redirectRefused,
                message: "Refused to follow a redirect from \(request.url): \(error.message)",
                httpStatus: response.statusCode
            )
        }
        var next = request
        next.url = resolved
        if from.scheme != to.scheme || from.host.lowercased() != to.host.lowercased() || from.port != to.port {
            // The token is for Slack only: another origin never receives it.
            next.headers.remove(name: "authorization")
        }
        if response.statusCode == 303 {
            next.method = .GET
            next.body = nil
        }
        logger.debug(
            "Following redirect",
            metadata: ["slack_audit_logs.status": "\(response.statusCode)", "slack_audit_logs.url": "\(resolved)"]
        )
        return next
    }

    // MARK: Interpreting responses

    /// The response with its body parsed as generic JSON.
    func rawResponse(_ response: ReceivedResponse, parsed: JSONValue?? = nil) -> AuditLogsRawResponse {
        AuditLogsRawResponse(
            url: response.url,
            statusCode: response.statusCode,
            headers: response.headers,
            rawBody: response.text,
            typedBody: parsed ?? (try? response.parsedBody().get())
        )
    }

    /// The error a failed response stands for, with anything that echoes the token scrubbed from the message and
    /// from the response the error keeps (a server that echoes the `Authorization` header must not make the error
    /// carry the token).
    func makeError(from response: ReceivedResponse, parsed: JSONValue?? = nil) -> AuditLogsError {
        var raw = rawResponse(response, parsed: parsed)
        if !token.isEmpty, raw.rawBody.contains(token.value) {
            raw.rawBody = token.scrub(raw.rawBody)
            raw.typedBody = try? JSONValue(parsing: raw.rawBody)
        }
        var error = AuditLogsError.from(
            response: raw,
            envelope: SlackEnvelope(json: raw.typedBody),
            now: Date().timeIntervalSince1970
        )
        error.message = token.scrub(error.message)
        return error
    }

    /// Decodes a response into `Body`, or throws the error it stands for: a non-2xx status, `"ok": false`, a body
    /// that is not JSON or not a JSON object.
    func decode<Body: SlackResponseBody>(
        _ response: ReceivedResponse,
        as type: Body.Type
    ) throws(AuditLogsError) -> AuditLogsResponse<Body> {
        guard response.isSuccess else { throw makeError(from: response) }
        let decoded = response.body.withUnsafeBytes { bytes in
            Result { () throws(JSONParseError) in try JSONParser.read(Body.self, from: bytes) }
        }
        let body: Body
        switch decoded {
        case .success(let value?):
            body = value
        case .success(nil):
            var failure = makeError(from: response)
            failure.code = .decodingFailed
            failure.message = "The body from \(response.url) is JSON but not an object, so not a \(Body.self)."
            throw failure
        case .failure(let parseError):
            if let parsed = try? response.parsedBody().get() {
                // JSON, but not this kind of body (entries that are not objects, say): say so, not "not JSON".
                var failure = makeError(from: response, parsed: .some(parsed))
                failure.code = .decodingFailed
                failure.message =
                    "The body from \(response.url) cannot be read as a \(Body.self): \(parseError.reason)."
                failure.underlying = parseError
                throw failure
            }
            var failure = makeError(from: response, parsed: .some(nil))
            failure.underlying = parseError
            throw failure
        }
        if body.ok == false {
            throw makeError(from: response)
        }
        return AuditLogsResponse(
            url: response.url,
            statusCode: response.statusCode,
            headers: response.headers,
            rawBody: response.text,
            typedBody: body
        )
    }
}
