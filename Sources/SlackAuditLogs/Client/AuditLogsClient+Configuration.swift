import CoreMetrics

extension AuditLogsClient {
    /// Everything about how a client talks to Slack. Every field has the reference SDK's default.
    ///
    /// ```swift
    /// var configuration = AuditLogsClient.Configuration()
    /// configuration.timeout = .seconds(60)
    /// configuration.proxy = .url("http://proxy.internal:3128")
    /// configuration.retryHandlers = .allBuiltIn
    /// configuration.rateLimiter = sharedLimiter   // one budget for every client of the organization
    /// let client = try AuditLogsClient(token: token, configuration: configuration)
    /// ```
    public struct Configuration: Sendable {
        /// The API's root URL. A missing trailing slash is added. It must be `https`, except for loopback hosts
        /// (`127.0.0.1`, `::1`, `localhost`), where `http` is allowed for tests and the simulator.
        public var baseURL: String
        /// The longest one attempt may take, from sending the request to the last byte of the body.
        public var timeout: Duration
        /// Which certificates to trust, and the client certificate to present, if any.
        public var tls: TLS
        /// The proxy to use. The default reads `HTTPS_PROXY`, `https_proxy`, `HTTP_PROXY`, `http_proxy` and
        /// `NO_PROXY` from the environment.
        public var proxy: Proxy
        /// Headers sent with every request. They override the built-in headers; per-call headers override them.
        public var defaultHeaders: [String: String]
        /// Text put before the User-Agent (for example your product's name and version).
        public var userAgentPrefix: String?
        /// Text put after the User-Agent.
        public var userAgentSuffix: String?
        /// The retry handlers, consulted in order after each failed attempt. Defaults to
        /// `.connectionErrorsOnly`; `.allBuiltIn` also retries 429s and 5xx.
        public var retryHandlers: [any RetryHandler]
        /// How many redirects to the same API are followed. A redirect to another host is followed without the
        /// `Authorization` header; a redirect to plain `http` on a non-loopback host is refused.
        public var maximumRedirects: Int
        /// The largest response body accepted, in bytes. A full 9,999-entry page is about 10 MB.
        public var maximumResponseBytes: Int
        /// The most entries one page may hold to be decoded into typed models (``AuditLogsClient/logs(_:cursor:headers:)``
        /// and ``AuditLogsClient/logEntries(_:headers:)``). A full page holds 9,999, more when a second is not split.
        ///
        /// Typed decoding takes memory in proportion to the entries, not only to the bytes (an empty entry costs about
        /// 700 bytes as a model): with this and ``maximumTypedBytes`` a hostile server or proxy cannot make a typed call
        /// allocate more than about a gigabyte. The raw path (``AuditLogsClient/rawLogs(_:cursor:headers:)``,
        /// ``AuditLogsClient/rawLogPages(_:headers:)``) has no such limit beyond ``maximumResponseBytes``.
        public var maximumTypedEntries: Int = 20_000
        /// The largest page body decoded into typed models, in bytes (typed models take about 30 times a realistic
        /// page's size); see ``maximumTypedEntries``.
        public var maximumTypedBytes: Int = 32 * 1024 * 1024
        /// Where the client's counters go; `nil` (the default) uses the process-wide `MetricsSystem`.
        public var metricsFactory: (any MetricsFactory)?
        /// Keeps every attempt (first attempts, retries and redirects) within Slack's budget and backs off on 429s;
        /// `nil` sends without waiting.
        ///
        /// The default is a new ``RateLimiter/tier3()`` limiter for each `Configuration()`: 50 calls per minute, all
        /// of which may go at once after an idle minute, so a job of up to 50 calls is not slowed, and never more
        /// than 50 in any 60 seconds. A limiter is shared, not copied: copies of this configuration, and every client made
        /// from them, use one budget. Slack's limit is for the whole organization, so give every client of the same
        /// organization the same limiter.
        public var rateLimiter: RateLimiter?

        /// Asked just before every attempt is sent (after the rate limiter's slot): `nil` lets it go, a reason stops
        /// it with ``AuditLogsError/Code/cancelled``. `serve` on PostgreSQL gives one that says whether this instance
        /// still holds the organization's lease, so that an instance that lost it (paused past its lease, say) never
        /// spends the organization's budget alongside the new holder.
        package var callPermit: (@Sendable () -> String?)?

        /// Creates a configuration; every argument has a default.
        public init(
            baseURL: String = "https://api.slack.com/audit/v1/",
            timeout: Duration = .seconds(30),
            tls: TLS = .systemDefault,
            proxy: Proxy = .environment,
            defaultHeaders: [String: String] = [:],
            userAgentPrefix: String? = nil,
            userAgentSuffix: String? = nil,
            retryHandlers: [any RetryHandler] = .connectionErrorsOnly,
            maximumRedirects: Int = 5,
            maximumResponseBytes: Int = 256 * 1024 * 1024,
            metricsFactory: (any MetricsFactory)? = nil,
            rateLimiter: RateLimiter? = .tier3()
        ) {
            self.baseURL = baseURL
            self.timeout = timeout
            self.tls = tls
            self.proxy = proxy
            self.defaultHeaders = defaultHeaders
            self.userAgentPrefix = userAgentPrefix
            self.userAgentSuffix = userAgentSuffix
            self.retryHandlers = retryHandlers
            self.maximumRedirects = maximumRedirects
            self.maximumResponseBytes = maximumResponseBytes
            self.metricsFactory = metricsFactory
            self.rateLimiter = rateLimiter
        }
    }
}

extension AuditLogsClient.Configuration: CustomStringConvertible {
    public var description: String {
        "AuditLogsClient.Configuration(baseURL: \(baseURL), timeout: \(timeout.formattedSeconds), tls: \(tls), "
            + "proxy: \(proxy), defaultHeaders: \(defaultHeaders.keys.sorted()), "
            + "retryHandlers: \(retryHandlers.map(\.name)), maximumRedirects: \(maximumRedirects), "
            + "rateLimiter: \(rateLimiter.map(\.description) ?? "none"))"
    }
}

extension AuditLogsClient.Configuration: CustomReflectable {
    // Header values may carry credentials (a user may put a token in defaultHeaders), so reflection shows names only.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "baseURL": baseURL,
                "timeout": timeout,
                "tls": tls,
                "proxy": proxy,
                "defaultHeaders": defaultHeaders.keys.sorted(),
                "userAgentPrefix": userAgentPrefix as Any,
                "userAgentSuffix": userAgentSuffix as Any,
                "retryHandlers": retryHandlers.map(\.name),
                "maximumRedirects": maximumRedirects,
                "maximumResponseBytes": maximumResponseBytes,
                "maximumTypedEntries": maximumTypedEntries,
                "maximumTypedBytes": maximumTypedBytes,
                "rateLimiter": rateLimiter.map(\.description) as Any,
            ],
            displayStyle: .struct
        )
    }
}
