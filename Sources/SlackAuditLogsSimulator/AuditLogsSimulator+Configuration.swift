import Foundation
import SlackAuditLogs

extension AuditLogsSimulator {
    /// How the simulator is set up. Every field has a default; the same seed gives the same organization and events.
    public struct Configuration: Sendable {
        /// The loopback address to listen on: `127.0.0.1` (default), `::1` or `localhost`.
        public var host: String
        /// The port; `0` (default) picks a free one.
        public var port: Int
        /// The path the API is served under, `/audit/v1/` like Slack. The API is also served at the root, so a
        /// client's base URL may point at either.
        public var basePath: String
        /// The bearer tokens `/logs` accepts.
        public var tokens: Set<String>
        /// The seed of the organization and the events.
        public var seed: UInt64
        /// The size of the organization.
        public var organization: OrganizationSize
        /// The events generated at start, or `nil` for none. The default is 1,000 events over the last day.
        public var events: EventBatch?
        /// The `limit` used when a request gives none. Slack does not document its default; the simulator uses 100.
        public var defaultLimit: Int
        /// The organization-wide rate limit, shared by every token and endpoint.
        public var rateLimit: SimulatorRateLimit
        /// How `Retry-After` is written on a 429.
        public var retryAfterStyle: RetryAfterStyle
        /// How long a cursor stays valid; `nil` (default) for ever. An expired cursor is `invalid_cursor`.
        public var cursorLifetime: Duration?
        /// The organization's situation (normal, or not entitled to the API).
        public var scenario: SimulatorScenario
        /// Faults injected at random.
        public var faults: SimulatorFaults
        /// How many of the newest requests ``AuditLogsSimulator/requests`` keeps (default 10,000; `0` keeps none).
        /// ``AuditLogsSimulator/counters`` counts them all, so a server that runs for days stays bounded.
        public var requestLogLimit: Int

        /// A configuration; every argument has a default.
        public init(
            host: String = "127.0.0.1",
            port: Int = 0,
            basePath: String = "/audit/v1/",
            tokens: Set<String> = [AuditLogsSimulator.defaultToken],
            seed: UInt64 = 1,
            organization: OrganizationSize = OrganizationSize(),
            events: EventBatch? = .recent(count: 1000),
            defaultLimit: Int = 100,
            rateLimit: SimulatorRateLimit = .tier3,
            retryAfterStyle: RetryAfterStyle = .seconds,
            cursorLifetime: Duration? = nil,
            scenario: SimulatorScenario = .normal,
            faults: SimulatorFaults = .none,
            requestLogLimit: Int = 10_000
        ) {
            self.host = host
            self.port = port
            self.basePath = basePath
            self.tokens = tokens
            self.seed = seed
            self.organization = organization
            self.events = events
            self.defaultLimit = defaultLimit
            self.rateLimit = rateLimit
            self.retryAfterStyle = retryAfterStyle
            self.cursorLifetime = cursorLifetime
            self.scenario = scenario
            self.faults = faults
            self.requestLogLimit = requestLogLimit
        }

        /// `basePath` with exactly one leading and one trailing slash.
        var normalizedBasePath: String {
            let trimmed = basePath.split(separator: "/").joined(separator: "/")
            return trimmed.isEmpty ? "/" : "/\(trimmed)/"
        }

        func validate() throws(SimulationError) {
            guard ["127.0.0.1", "::1", "localhost"].contains(host) else {
                throw SimulationError.invalidConfiguration(
                    "host is \"\(host)\"; the simulator only listens on loopback (127.0.0.1, ::1)."
                )
            }
            guard (0...65535).contains(port) else {
                throw SimulationError.invalidConfiguration("port is \(port); give 0 for a free port, or 1 to 65535.")
            }
            guard (1...LogsQuery.maximumLimit).contains(defaultLimit) else {
                throw SimulationError.invalidConfiguration(
                    "defaultLimit is \(defaultLimit); it must be from 1 to 9999."
                )
            }
            guard !tokens.isEmpty, tokens.allSatisfy({ !$0.isEmpty && !$0.contains(where: \.isWhitespace) }) else {
                throw SimulationError.invalidConfiguration("tokens must hold at least one token, without spaces.")
            }
            guard requestLogLimit >= 0 else {
                throw SimulationError.invalidConfiguration(
                    "requestLogLimit is \(requestLogLimit); give 0 to keep no requests, or how many to keep."
                )
            }
            if let perMinute = rateLimit.callsPerMinute, !(perMinute > 0) {
                throw SimulationError.invalidConfiguration(
                    "the rate limit must allow more than 0 calls per minute, or be .unlimited."
                )
            }
        }
    }
}

extension AuditLogsSimulator.EventBatch {
    /// `count` events over the `span` seconds that end now: what a live organization would show.
    ///
    /// The dates depend on when this is called; give ``oldest`` and ``latest`` yourself for runs that must be
    /// identical to the second.
    public static func recent(
        count: Int,
        span: Int64 = 86_400,
        seed: UInt64 = 0,
        rateProfile: EventRateProfile = .uniform,
        lateArrivalFraction: Double = 0
    ) -> AuditLogsSimulator.EventBatch {
        let now = Int64(Date().timeIntervalSince1970)
        return AuditLogsSimulator.EventBatch(
            count: count,
            oldest: now - max(span, 1) + 1,
            latest: now,
            seed: seed,
            rateProfile: rateProfile,
            lateArrivalFraction: lateArrivalFraction
        )
    }
}
