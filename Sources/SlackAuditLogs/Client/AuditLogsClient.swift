import AsyncHTTPClient
import CoreMetrics
import Logging
import NIOCore
import NIOHTTP1

/// A client for Slack's Audit Logs API (`https://api.slack.com/audit/v1/`).
///
/// ```swift
/// let client = try AuditLogsClient(token: token, logger: logger)
/// let page = try await client.logs(oldest: 1_700_000_000, action: "user_login", limit: 100)
/// for entry in page.typedBody.entries { print(entry.id ?? "", entry.action ?? "") }
/// try await client.shutdown()
/// ```
///
/// The client owns an HTTP connection pool: call ``shutdown()`` once you are done with it. It is safe to share one
/// client between tasks.
///
/// The token is only ever written into the `Authorization` header: it never appears in a log line, an error or a
/// description of the client.
public final class AuditLogsClient: Sendable {
    /// The configuration the client was created with.
    public let configuration: Configuration

    let token: RedactedToken
    let logger: Logger
    let endpoint: APIEndpoint
    let userAgent: String
    let httpClient: HTTPClient
    let metrics: ClientMetrics

    /// The most attempts one call makes, whatever the retry handlers say.
    public static let maximumAttemptsPerCall = 100

    /// A logger that drops everything: the default when none is given.
    @usableFromInline package static let disabledLogger = Logger(
        label: "slack-audit-logs",
        factory: { _ in SwiftLogNoOpLogHandler() }
    )

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - token: a user token (`xoxp-…`) of an owner of the Enterprise organization, from an app installed on the
    ///     organization with the `auditlogs:read` scope. `schemas()` and `actions()` need no token: pass `""`.
    ///   - configuration: base URL, timeout, TLS, proxy, headers, retries.
    ///   - logger: where the client logs each attempt (trace and debug) and rate-limit waits (info).
    /// - Throws: ``AuditLogsError/Code/invalidConfiguration`` when the base URL, the proxy, a TLS file, a header or
    ///   the token cannot be used. Nothing is sent.
    public init(
        token: String,
        configuration: Configuration = Configuration(),
        logger: Logger = AuditLogsClient.disabledLogger
    ) throws(AuditLogsError) {
        let endpoint = try APIEndpoint(validating: configuration.baseURL, purpose: "The base URL")
        guard configuration.timeout > .zero else {
            throw AuditLogsError(
                code: .invalidConfiguration,
                message: "The timeout is \(configuration.timeout.formattedSeconds); give a positive duration."
            )
        }
        guard configuration.maximumRedirects >= 0, configuration.maximumResponseBytes > 0 else {
            throw AuditLogsError(
                code: .invalidConfiguration,
                message: "maximumRedirects must be zero or more and maximumResponseBytes more than zero."
            )
        }
        guard configuration.maximumTypedEntries > 0, configuration.maximumTypedBytes > 0 else {
            throw AuditLogsError(
                code: .invalidConfiguration,
                message: "maximumTypedEntries and maximumTypedBytes must be more than zero."
            )
        }
        try HeaderValidation.validate(
            configuration.defaultHeaders,
            source: "Configuration.defaultHeaders",
            code: .invalidConfiguration
        )
        let tlsConfiguration = try configuration.tls.makeNIOConfiguration()
        let proxy = try ProxyEndpoint.resolve(configuration.proxy, host: endpoint.host, port: endpoint.port)

        self.token = try RedactedToken(validating: token)
        self.configuration = configuration
        self.logger = logger
        self.endpoint = endpoint
        self.metrics = ClientMetrics(factory: configuration.metricsFactory)
        self.userAgent = UserAgent.make(prefix: configuration.userAgentPrefix, suffix: configuration.userAgentSuffix)

        var httpConfiguration = HTTPClient.Configuration(
            tlsConfiguration: tlsConfiguration,
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(
                connect: TimeAmount(min(configuration.timeout, .seconds(30))),
                read: TimeAmount(configuration.timeout)
            ),
            proxy: proxy.map(Self.httpClientProxy),
            decompression: .enabled(limit: .size(configuration.maximumResponseBytes))
        )
        // The retry handlers decide about failed connections; the pool must not retry until the deadline itself.
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        self.httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration)

        logger.debug(
            "Created Slack Audit Logs client",
            metadata: [
                "slack_audit_logs.base_url": "\(endpoint.base)",
                "slack_audit_logs.proxy": "\(proxy.map { "\($0.host):\($0.port)" } ?? "none")",
            ]
        )
    }

    /// Closes the connections. Call it once, when the client is no longer needed.
    public func shutdown() async throws {
        try await httpClient.shutdown()
    }

    private static func httpClientProxy(_ proxy: ProxyEndpoint) -> HTTPClient.Configuration.Proxy {
        switch proxy.kind {
        case .socks5:
            return .socksServer(host: proxy.host, port: proxy.port)
        case .http:
            guard let username = proxy.username else { return .server(host: proxy.host, port: proxy.port) }
            return .server(
                host: proxy.host,
                port: proxy.port,
                authorization: .basic(username: username, password: proxy.password ?? "")
            )
        }
    }
}

extension AuditLogsClient: CustomStringConvertible, CustomReflectable {
    public var description: String {
        "AuditLogsClient(baseURL: \(endpoint.base), token: \(token), configuration: \(configuration))"
    }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["baseURL": endpoint.base, "token": token.description, "configuration": configuration],
            displayStyle: .class
        )
    }
}

extension TimeAmount {
    /// The NIO amount for a Swift duration, saturating instead of overflowing.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !nanoseconds.overflow else {
            self = .nanoseconds(seconds < 0 ? .min : .max)
            return
        }
        self = .nanoseconds(nanoseconds.partialValue &+ attoseconds / 1_000_000_000)
    }
}

/// Checks header names and values before anything is sent. Messages name the header, never its value.
enum HeaderValidation {
    static func validate(
        _ headers: [String: String],
        source: String,
        code: AuditLogsError.Code = .invalidArgument
    ) throws(AuditLogsError) {
        for (name, value) in headers {
            let validName =
                !name.isEmpty
                && name.utf8.allSatisfy { byte in
                    byte > 0x20 && byte < 0x7F && !"()<>@,;:\\\"/[]?={}".utf8.contains(byte)
                }
            let validValue = !value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
            guard validName, validValue else {
                throw AuditLogsError(
                    code: code,
                    message: "The header \"\(validName ? name : "(invalid name)")\" in \(source) has an invalid "
                        + (validName ? "value (line breaks are not allowed)." : "name (use letters, digits and -).")
                )
            }
        }
    }
}
