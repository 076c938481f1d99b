/// An error from ``AuditLogsClient``: a stable ``code`` plus everything known about what went wrong.
///
/// Compare errors by code:
///
/// ```swift
/// do {
///     _ = try await client.logs(limit: 100)
/// } catch let error as AuditLogsError where error.code == .rateLimited {
///     print("slow down for \(error.retryAfter ?? .seconds(1))")
/// }
/// ```
///
/// An error never holds the token or the request headers. Its `description` says what happened and what to do.
public struct AuditLogsError: Error, Sendable {
    /// What kind of failure this is. New codes may be added, so switch with a `default` case.
    public internal(set) var code: Code
    /// A sentence that says what went wrong.
    public internal(set) var message: String
    /// The HTTP status, when a response was received.
    public internal(set) var httpStatus: Int?
    /// Slack's `error` code from the body (for example `invalid_auth` or `invalid_cursor`).
    public internal(set) var slackError: String?
    /// Slack's `needed` field: the scope the call needs.
    public internal(set) var needed: String?
    /// Slack's `provided` field: the scopes the token has.
    public internal(set) var provided: String?
    /// Slack's `warning` field.
    public internal(set) var warning: String?
    /// How long Slack asked to wait before the next call (from `Retry-After`), when it said.
    public internal(set) var retryAfter: Duration?
    /// The response that caused the error, when one was received.
    public internal(set) var response: AuditLogsRawResponse?
    /// The lower-level error (transport, TLS, decoding) that caused this one, if any.
    public internal(set) var underlying: (any Error)?

    /// Creates an error. Users read errors; only this package makes them, so they cannot be forged.
    package init(
        code: Code,
        message: String,
        httpStatus: Int? = nil,
        slackError: String? = nil,
        needed: String? = nil,
        provided: String? = nil,
        warning: String? = nil,
        retryAfter: Duration? = nil,
        response: AuditLogsRawResponse? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.slackError = slackError
        self.needed = needed
        self.provided = provided
        self.warning = warning
        self.retryAfter = retryAfter
        self.response = response
        self.underlying = underlying
    }
}

extension AuditLogsError {
    /// A stable, comparable error code. Extensible: new codes can be added without breaking your `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) { self.name = name }

        public var description: String { name }

        /// An argument was out of range or malformed; no request was sent.
        public static let invalidArgument = Code("invalidArgument")
        /// The client's configuration is not usable (base URL, proxy, TLS files, token format).
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// No token was sent, or Slack did not see one (`missing_authentication`, `not_authed`).
        public static let missingAuthentication = Code("missingAuthentication")
        /// Slack rejected the token (`invalid_authentication`, `invalid_auth`, `token_revoked`, …).
        public static let invalidAuthentication = Code("invalidAuthentication")
        /// The token lacks the `auditlogs:read` scope (`missing_scope`).
        public static let missingScope = Code("missingScope")
        /// The user or team may not read audit logs (`user_not_authorized`, `team_not_authorized`).
        public static let notAuthorized = Code("notAuthorized")
        /// The Audit Logs API is not enabled for this organization (`feature_not_enabled`).
        public static let featureNotEnabled = Code("featureNotEnabled")
        /// Too many calls: HTTP 429, or `rate_limited` / `ratelimited`.
        public static let rateLimited = Code("rateLimited")
        /// The cursor is not valid (`invalid_cursor`).
        public static let invalidCursor = Code("invalidCursor")
        /// The time range is not valid (`invalid_range`).
        public static let invalidRange = Code("invalidRange")
        /// An action name is not valid (`invalid_action`).
        public static let invalidAction = Code("invalidAction")
        /// Slack answered with another error code (see ``AuditLogsError/slackError``).
        public static let apiError = Code("apiError")
        /// Slack answered 5xx.
        public static let serverError = Code("serverError")
        /// An unexpected HTTP status with no Slack error code (for example a 404 page).
        public static let httpError = Code("httpError")
        /// A successful status, but the body is not JSON.
        public static let notJSON = Code("notJSON")
        /// The body is JSON but not of the expected shape.
        public static let decodingFailed = Code("decodingFailed")
        /// The response was larger than the configured maximum.
        public static let responseTooLarge = Code("responseTooLarge")
        /// The server redirected in a way the client refuses (insecure target, too many redirects).
        public static let redirectRefused = Code("redirectRefused")
        /// The connection could not be established (refused, unreachable, DNS failure, proxy failure).
        public static let connectionFailed = Code("connectionFailed")
        /// The connection was closed or reset before the whole response arrived.
        public static let connectionClosed = Code("connectionClosed")
        /// No complete response within the configured timeout.
        public static let timeout = Code("timeout")
        /// The TLS handshake failed (certificate not trusted, hostname mismatch, protocol error).
        public static let tlsFailure = Code("tlsFailure")
        /// Another transport-level failure.
        public static let transport = Code("transport")
        /// The task was cancelled.
        public static let cancelled = Code("cancelled")
        /// Paging was stopped because Slack returned a cursor that had already been used, which would loop forever.
        public static let repeatedCursor = Code("repeatedCursor")
    }
}

extension AuditLogsError: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        var context: [String] = []
        if let httpStatus { context.append("HTTP \(httpStatus)") }
        if let slackError { context.append("error: \(slackError)") }
        if let needed { context.append("needed: \(needed)") }
        if let provided { context.append("provided: \(provided)") }
        if let warning { context.append("warning: \(warning)") }
        if let retryAfter { context.append("retry after: \(retryAfter.formattedSeconds)") }
        var text = "AuditLogsError.\(code): \(message)"
        if !context.isEmpty { text += " (" + context.joined(separator: ", ") + ")" }
        if let hint = code.hint { text += " " + hint }
        return text
    }

    public var debugDescription: String {
        var text = description
        if let underlying { text += " Underlying error: \(String(reflecting: underlying))" }
        return text
    }
}

extension AuditLogsError.Code {
    /// What a person can do about an error of this kind.
    var hint: String? {
        switch self {
        case .missingAuthentication, .invalidAuthentication:
            return "Use a user token (xoxp-…) of an owner of the Enterprise organization, from an app installed "
                + "on the organization with the auditlogs:read scope."
        case .missingScope:
            return "Add the auditlogs:read user scope to the app, reinstall it on the organization, and use the new "
                + "token."
        case .notAuthorized:
            return "The token must belong to an owner of the Enterprise organization, and the app must be installed "
                + "at the organization level, not on a single workspace."
        case .featureNotEnabled:
            return "The Audit Logs API is only available to Enterprise organizations."
        case .rateLimited:
            return "All apps of an organization share about 50 calls per minute; wait before calling again, add "
                + "RateLimitErrorRetryHandler to the client's retryHandlers, and share one RateLimiter between the "
                + "organization's clients."
        case .invalidCursor:
            return "Start again without a cursor, or from the last cursor that worked."
        case .invalidRange:
            return "oldest must not be in the future nor before March 2018, and oldest must not be after latest."
        case .invalidAction:
            return "Check the names against client.actions()."
        case .serverError, .connectionClosed, .timeout:
            return "This is usually temporary; retry later, or enable the built-in retry handlers."
        case .connectionFailed:
            return "Check the network, the base URL and the proxy settings (HTTPS_PROXY, NO_PROXY)."
        case .tlsFailure:
            return "Check the server certificate, or configure the CA bundle with Configuration.tls."
        default:
            return nil
        }
    }
}
