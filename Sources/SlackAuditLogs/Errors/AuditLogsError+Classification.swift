import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension AuditLogsError {
    /// Slack error codes, from the Audit Logs table and from the Web API, grouped by what a caller does about them.
    private static let codesBySlackError: [String: Code] = [
        "missing_authentication": .missingAuthentication,
        "not_authed": .missingAuthentication,
        "invalid_authentication": .invalidAuthentication,
        "invalid_auth": .invalidAuthentication,
        "token_revoked": .invalidAuthentication,
        "token_expired": .invalidAuthentication,
        "account_inactive": .invalidAuthentication,
        "not_allowed_token_type": .invalidAuthentication,
        "missing_scope": .missingScope,
        "user_not_authorized": .notAuthorized,
        "team_not_authorized": .notAuthorized,
        "not_authorized": .notAuthorized,
        "no_permission": .notAuthorized,
        "feature_not_enabled": .featureNotEnabled,
        "rate_limited": .rateLimited,
        "ratelimited": .rateLimited,
        "invalid_cursor": .invalidCursor,
        "invalid_range": .invalidRange,
        "invalid_action": .invalidAction,
    ]

    /// The error a failed response stands for: a non-2xx status, or a body that says `"ok": false`.
    ///
    /// - Parameters:
    ///   - response: the response received.
    ///   - envelope: Slack's error fields, when the body is a JSON object.
    ///   - now: the current time, to turn an HTTP-date `Retry-After` into a delay.
    static func from(response: AuditLogsRawResponse, envelope: SlackEnvelope?, now: Double) -> AuditLogsError {
        let status = response.statusCode
        let slackError = envelope?.error
        let retryAfter = RetryAfter.parse(response.headers.first(name: "retry-after"), now: now)
        let code: Code
        if status == 429 {
            code = .rateLimited
        } else if let slackError, let known = codesBySlackError[slackError] {
            code = known
        } else if status >= 500 {
            code = .serverError
        } else if slackError != nil {
            code = .apiError
        } else if (200..<300).contains(status) {
            code = envelope == nil ? .notJSON : .apiError
        } else {
            code = .httpError
        }
        return AuditLogsError(
            code: code,
            message: message(code: code, status: status, slackError: slackError, response: response),
            httpStatus: status,
            slackError: slackError,
            needed: envelope?.needed,
            provided: envelope?.provided,
            warning: envelope?.warning,
            retryAfter: retryAfter,
            response: response
        )
    }

    private static func message(code: Code, status: Int, slackError: String?, response: AuditLogsRawResponse) -> String
    {
        let what: String
        switch code {
        case .rateLimited: what = "Slack rate-limited the call"
        case .missingAuthentication: what = "Slack did not receive a token"
        case .invalidAuthentication: what = "Slack rejected the token"
        case .missingScope: what = "The token lacks a required scope"
        case .notAuthorized: what = "The token is not allowed to read audit logs"
        case .featureNotEnabled: what = "The Audit Logs API is not enabled for this organization"
        case .invalidCursor: what = "Slack rejected the cursor"
        case .invalidRange: what = "Slack rejected the time range"
        case .invalidAction: what = "Slack rejected an action name"
        case .serverError: what = "Slack answered with a server error"
        case .notJSON: what = "The response body is not JSON"
        case .apiError: what = "Slack answered with an error"
        default: what = "Unexpected HTTP status \(status)"
        }
        var text = "\(what) for \(response.url)."
        if slackError == nil, code != .rateLimited {
            let snippet = bodySnippet(response.rawBody)
            if !snippet.isEmpty { text += " Body starts with: \"\(snippet)\"." }
        }
        return text
    }

    /// The first line of a body, shortened, so that an HTML page does not flood a log.
    static func bodySnippet(_ body: String, limit: Int = 160) -> String {
        let firstLines = body.split(whereSeparator: \.isNewline).prefix(3).joined(separator: " ")
        let trimmed = firstLines.trimmingWhitespace()
        guard trimmed.count > limit else { return trimmed }
        return String(trimmed.prefix(limit)) + "…"
    }

    /// Maps whatever the transport threw onto a code the retry handlers and callers can rely on.
    static func transport(_ error: any Error, url: String, timeout: Duration) -> AuditLogsError {
        if let error = error as? AuditLogsError { return error }
        let (code, what) = transportCode(error)
        let message: String
        switch code {
        case .timeout:
            message = "No complete response from \(url) within \(timeout.formattedSeconds) (\(what))."
        case .cancelled:
            message = "The request to \(url) was cancelled."
        default:
            message = "The request to \(url) failed: \(what)."
        }
        return AuditLogsError(code: code, message: message, underlying: error)
    }

    private static func transportCode(_ error: any Error) -> (Code, String) {
        if error is CancellationError { return (.cancelled, "cancelled") }
        if error is AttemptTimedOut { return (.timeout, "total timeout") }
        if let error = error as? HTTPClientError {
            switch error {
            case .cancelled, .requestStreamCancelled:
                return (.cancelled, "cancelled")
            case .readTimeout, .writeTimeout, .deadlineExceeded:
                return (.timeout, "read timeout")
            case .connectTimeout, .tlsHandshakeTimeout, .httpProxyHandshakeTimeout, .socksHandshakeTimeout,
                .getConnectionFromPoolTimeout:
                return (.timeout, "connect timeout")
            case .remoteConnectionClosed, .uncleanShutdown, .bodyLengthMismatch:
                return (.connectionClosed, "the server closed the connection")
            case .invalidProxyResponse:
                return (.connectionFailed, "the proxy refused the tunnel")
            case .proxyAuthenticationRequired:
                return (.connectionFailed, "the proxy requires authentication (407)")
            default:
                return (.transport, error.shortDescription)
            }
        }
        if let error = error as? NIOConnectionError {
            return (.connectionFailed, "could not connect to \(error.host):\(error.port)")
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL:
                return (.connectionFailed, "connection refused or unreachable")
            case ECONNRESET, EPIPE, ECONNABORTED:
                return (.connectionClosed, "connection reset by peer")
            case ETIMEDOUT:
                return (.timeout, "timed out")
            default:
                return (.transport, "I/O error \(error.errnoCode)")
            }
        }
        if let error = error as? ChannelError {
            switch error {
            case .connectTimeout:
                return (.timeout, "connect timeout")
            case .ioOnClosedChannel, .eof, .alreadyClosed, .outputClosed, .inputClosed:
                return (.connectionClosed, "the connection was closed")
            default:
                return (.transport, "\(error)")
            }
        }
        if let error = error as? HTTPParserError {
            switch error {
            case .invalidEOFState, .closedConnection:
                return (.connectionClosed, "the connection closed before the whole body arrived")
            default:
                return (.transport, "malformed HTTP response (\(error))")
            }
        }
        if let error = error as? NIOSSLError {
            if case .uncleanShutdown = error { return (.connectionClosed, "TLS connection closed uncleanly") }
            return (.tlsFailure, "\(error)")
        }
        if error is BoringSSLError || error is NIOSSLExtraError {
            return (.tlsFailure, "\(error)")
        }
        if error is NIOTooManyBytesError {
            return (.responseTooLarge, "the response is larger than the configured maximum")
        }
        return (.transport, "\(error)")
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space and line breaks.
    func trimmingWhitespace() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }),
            let end = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[start...end])
    }
}
