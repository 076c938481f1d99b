/// Decides whether a failed attempt is tried again, and after how long.
///
/// The client consults its ``AuditLogsClient/Configuration/retryHandlers`` in order after every transport error
/// and every non-2xx response; the first handler that returns a retry decision wins, and the client does the
/// waiting (cancellably). A handler only decides: it never sleeps and never sends anything.
///
/// ```swift
/// struct RetryOnTeapot: RetryHandler {
///     func retryDecision(for context: RetryContext, state: inout RetryState) -> RetryDecision {
///         guard context.response?.statusCode == 418, state.retryCount(for: name) < 3 else { return .doNotRetry }
///         return .retry(after: .milliseconds(200))
///     }
/// }
/// ```
public protocol RetryHandler: Sendable {
    /// The key under which the client counts this handler's retries in ``RetryState``. Defaults to the type name.
    var name: String { get }

    /// Decides what to do after a failed attempt.
    ///
    /// - Parameters:
    ///   - context: the request, and the response or the error of the attempt that failed.
    ///   - state: state shared by all handlers for the whole call; a handler may keep its own values in it.
    func retryDecision(for context: RetryContext, state: inout RetryState) -> RetryDecision
}

extension RetryHandler {
    public var name: String { String(describing: Self.self) }
}

/// What a ``RetryHandler`` decided.
public struct RetryDecision: Sendable, Hashable {
    /// How long to wait before the next attempt, or `nil` for no retry.
    public var delay: Duration?

    /// Do not retry: let the next handler decide, and if none retries, the call fails.
    public static let doNotRetry = RetryDecision(delay: nil)

    /// Retry after waiting `delay`.
    public static func retry(after delay: Duration) -> RetryDecision {
        RetryDecision(delay: max(delay, .zero))
    }

    /// Whether this decision asks for a retry.
    public var shouldRetry: Bool { delay != nil }
}

/// What a ``RetryHandler`` knows about the attempt that failed.
public struct RetryContext: Sendable {
    /// The request that was sent.
    public var request: Request
    /// The response, when one was received (a non-2xx status).
    public var response: AuditLogsRawResponse?
    /// The error the attempt stands for: a transport error (no response), or the error a non-2xx response maps to.
    public var error: AuditLogsError?

    /// Creates a context.
    public init(request: Request, response: AuditLogsRawResponse?, error: AuditLogsError?) {
        self.request = request
        self.response = response
        self.error = error
    }

    /// The parts of a request a handler may look at. It never holds the headers, so never the token.
    public struct Request: Sendable, Hashable {
        /// The HTTP method, such as `GET`.
        public var method: String
        /// The full URL, with its query string.
        public var url: String

        /// Creates a request description.
        public init(method: String, url: String) {
            self.method = method
            self.url = url
        }
    }
}

/// State shared by every retry handler during one call.
public struct RetryState: Sendable {
    /// How many attempts have been made so far, including the one that just failed (1 after the first).
    public internal(set) var attempt: Int = 0
    /// How many retries each handler has asked for during this call, by handler ``RetryHandler/name``.
    public internal(set) var retryCounts: [String: Int] = [:]
    /// Values handlers keep for themselves between attempts of the same call.
    public var customValues: [String: any Sendable] = [:]

    /// Creates an empty state.
    public init() {}

    /// How many retries the handler called `name` has asked for during this call.
    public func retryCount(for name: String) -> Int {
        retryCounts[name, default: 0]
    }
}

extension Array where Element == any RetryHandler {
    /// The default: one retry after a connection error, as in Slack's reference SDK.
    public static var connectionErrorsOnly: [any RetryHandler] {
        [ConnectionErrorRetryHandler()]
    }

    /// Every built-in handler with its defaults: connection errors, rate limits (429) and server errors (5xx).
    ///
    /// ```swift
    /// var configuration = AuditLogsClient.Configuration()
    /// configuration.retryHandlers = .allBuiltIn
    /// ```
    public static var allBuiltIn: [any RetryHandler] {
        [ConnectionErrorRetryHandler(), RateLimitErrorRetryHandler(), ServerErrorRetryHandler()]
    }
}
