import Foundation
import Logging
import PostgresNIO
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogsPostgreSQL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Several `slack-audit-logs-postgres serve` instances of one test on one PostgreSQL: a simulator per organization,
/// a FAKE `_bulk` endpoint (written from the public Bulk API documentation) that every organization ships to, and
/// a configuration file per instance (they differ only by `instance_name`).
final class HighAvailabilityFixture {
    let folder: String
    let server: PostgresServer
    let client: PostgresClient
    let simulators: [String: AuditLogsSimulator]
    let elasticsearch: FakeElasticsearch
    let tokens: [String: String]
    /// A password in the database URL: the server trusts local connections, so it is never checked, but `serve`
    /// holds it like a real one and must never show it.
    let password = "pw-\(UUID().uuidString)"
    let leaseTTL: Int
    private(set) var instances: [String: ServeProcess] = [:]

    var organizations: [String] { simulators.keys.sorted() }

    init(
        folder: String,
        server: PostgresServer,
        client: PostgresClient,
        organizations: [String: Int],
        latency: ClosedRange<Duration>? = nil,
        leaseTTL: Int = 3
    ) async throws {
        self.folder = folder
        self.server = server
        self.client = client
        self.leaseTTL = leaseTTL
        var simulators: [String: AuditLogsSimulator] = [:]
        var tokens: [String: String] = [:]
        for (index, (name, count)) in organizations.sorted(by: { $0.key < $1.key }).enumerated() {
            let token = organizationToken(name)
            let now = unixNow()
            simulators[name] = try await AuditLogsSimulator.start(
                configuration: AuditLogsSimulator.Configuration(
                    tokens: [token],
                    seed: UInt64(100 + index),
                    events: AuditLogsSimulator.EventBatch(
                        count: count,
                        oldest: now - 86_400,
                        latest: now - 60,
                        seed: UInt64(100 + index)
                    ),
                    defaultLimit: 1000,
                    rateLimit: .unlimited,
                    faults: SimulatorFaults(latency: latency)
                )
            )
            tokens[name] = token
            try (token + "\n").write(toFile: "\(folder)/\(name).token", atomically: true, encoding: .utf8)
        }
        self.simulators = simulators
        self.tokens = tokens
        elasticsearch = try await FakeElasticsearch.start()
        let url = server.url.replacingOccurrences(of: "postgres@", with: "postgres:\(password)@")
        try (url + "\n").write(toFile: "\(folder)/database-url", atomically: true, encoding: .utf8)
        chmod("\(folder)/database-url", 0o600)
    }

    /// The configuration of instance `name`.
    func configuration(instance name: String) -> String {
        let organizations = simulators.sorted { $0.key < $1.key }.map { organization, simulator in
            """
              - name: \(organization)
                token_file: \(folder)/\(organization).token
                api_url: \(simulator.baseURL)
                sinks:
                  - type: elasticsearch
                    url: \(elasticsearch.url)
                    index: \(organization)
                    batch: 500
            """
        }
        return """
            # written by a test
            http:
              listen: 127.0.0.1:0
            database:
              url_file: \(folder)/database-url
              lease_ttl: \(leaseTTL)s
              instance_name: \(name)
            \(serveTestDefaults)
            organizations:
            \(organizations.joined(separator: "\n"))

            """
    }

    /// Starts (or starts again) instance `name`.
    @discardableResult
    func start(_ name: String) async throws -> ServeProcess {
        let path = "\(folder)/\(name).yaml"
        try configuration(instance: name).write(toFile: path, atomically: true, encoding: .utf8)
        let process = try await ServeProcess(
            configPath: path,
            folder: folder,
            logLevel: "info",
            executable: "slack-audit-logs-postgres"
        )
        instances[name] = process
        return process
    }

    /// Every instance stopped with SIGTERM; their exit statuses.
    func stopAll() async -> [String: Int32?] {
        var statuses: [String: Int32?] = [:]
        for (name, process) in instances where process.process.exitStatus() == nil {
            statuses[name] = await process.stop()
        }
        return statuses
    }

    func shutdown() async {
        for process in instances.values where process.process.exitStatus() == nil {
            process.process.send(SIGKILL)
            _ = await process.process.waitForExit(timeout: .seconds(10))
        }
        for simulator in simulators.values { try? await simulator.shutdown() }
        try? await elasticsearch.shutdown()
    }

    // MARK: What the database says

    struct Lease: Equatable {
        var holder: String?
        var epoch: Int64
        var live: Bool
    }

    /// The tests' statements, run as the store runs its own: never on a connection the server closed (a test
    /// terminates connections and restarts the server), within a deadline.
    private var session: PostgresSession {
        PostgresSession(
            client: client,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            deadline: .seconds(30)
        )
    }

    /// Runs `sql`; the first column of its last row as an integer (or -1 without a row).
    @discardableResult
    func scalar(_ sql: String) async throws -> Int64 {
        try await session.run { connection, logger in
            var value: Int64 = -1
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
                value = (try? row.decode(Int64.self)) ?? value
            }
            return value
        }
    }

    /// Each organization's lease: holder (`instance#token`), epoch, and whether it is still valid.
    func leases() async throws -> [String: Lease] {
        let rows = try await session.run { connection, logger in
            var rows: [(String, String?, Int64, Bool)] = []
            for try await row in try await connection.query(
                "SELECT org, holder, epoch, expires_at > now() FROM slack_audit_logs_leases",
                logger: logger
            ) {
                rows.append(try row.decode((String, String?, Int64, Bool).self))
            }
            return rows
        }
        var leases: [String: Lease] = [:]
        for (org, holder, epoch, live) in rows { leases[org] = Lease(holder: holder, epoch: epoch, live: live) }
        return leases
    }

    /// The instance name (before `#`) of a holder.
    static func instance(of holder: String?) -> String? {
        holder.map { String($0.prefix { $0 != "#" }) }
    }

    /// The IDs in the entries table for `organization`, in `seq` order.
    func entryIDs(_ organization: String) async throws -> [String] {
        try await session.run { connection, logger in
            var ids: [String] = []
            for try await row in try await connection.query(
                "SELECT id FROM slack_audit_logs_entries WHERE org = \(organization) ORDER BY seq",
                logger: logger
            ) {
                ids.append(try row.decode(String.self))
            }
            return ids
        }
    }

    /// How many of `organization`'s entries were committed at `epoch` after the lease was last taken over: 0 when
    /// the old holder was fenced.
    func entriesCommittedAfterTakeover(_ organization: String, atEpoch epoch: Int64) async throws -> Int64 {
        try await scalar(
            """
            SELECT count(*) FROM slack_audit_logs_entries
            WHERE org = '\(organization)' AND epoch = \(epoch)
              AND committed_at > (SELECT acquired_at FROM slack_audit_logs_leases WHERE org = '\(organization)')
            """
        )
    }

    func entryCount(_ organization: String) async throws -> Int {
        Int(try await scalar("SELECT count(*) FROM slack_audit_logs_entries WHERE org = '\(organization)'"))
    }

    /// Waits until every organization's entries table and `_bulk` hold every event of its simulator.
    func waitUntilComplete(timeout: Duration = .seconds(180)) async throws -> Bool {
        try await eventuallyAsync(timeout: timeout, pollingEvery: .milliseconds(250)) {
            var total = 0
            for (organization, simulator) in self.simulators {
                let expected = simulator.events.count
                total += expected
                guard (try? await self.entryCount(organization)) ?? 0 >= expected else { return false }
            }
            return Set(self.elasticsearch.storedIDs).count >= total
        }
    }

    /// Checks every organization's events exactly once in the entries table and at `_bulk` (by `_id`).
    func expectExactlyOnceEverywhere(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var all: [String] = []
        for (organization, simulator) in simulators.sorted(by: { $0.key < $1.key }) {
            let expected = simulator.events.map(\.id.description)
            expectExactlyOnce(try await entryIDs(organization), expected)
            all += expected
        }
        expectExactlyOnce(elasticsearch.storedIDs, all)
    }

    struct Call {
        /// `instance#token`
        var holder: String
        var epoch: Int64
        var at: ContinuousClock.Instant
    }

    /// Who sent each call to `organization`'s simulator (the instance and its lease's epoch, from the user agent),
    /// in the order received.
    func callers(_ organization: String) -> [Call] {
        (simulators[organization]?.requests ?? []).compactMap { request in
            guard request.path.hasSuffix("/logs"),
                let agent = request.headers.first(where: { $0.name.lowercased() == "user-agent" })?.value,
                let start = agent.range(of: "(instance "),
                let end = agent[start.upperBound...].firstIndex(of: ")")
            else { return nil }
            let parts = agent[start.upperBound..<end].components(separatedBy: "; lease ")
            guard parts.count == 2, let epoch = Int64(parts[1]) else { return nil }
            return Call(holder: parts[0], epoch: epoch, at: request.receivedAt)
        }
    }

    /// Checks that no two instances spent an organization's budget at the same time: in the order the simulator
    /// received them, no call made under a lease follows a call made under a newer one (a takeover ends the old
    /// holder's calls for good), and each lease is one instance's.
    func expectOneSpenderAtATime(sourceLocation: SourceLocation = #_sourceLocation) {
        for organization in organizations {
            let calls = callers(organization)
            #expect(!calls.isEmpty, "\(organization) was called", sourceLocation: sourceLocation)
            var newest: Call?
            var holders: [Int64: String] = [:]
            for call in calls {
                if let newest, call.epoch < newest.epoch {
                    let message =
                        "\(organization): a call under lease \(call.epoch) (\(call.holder)) came after one under lease "
                        + "\(newest.epoch) (\(newest.holder))"
                    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
                }
                if let holder = holders[call.epoch], holder != call.holder {
                    Issue.record(
                        "\(organization): lease \(call.epoch) was used by \(holder) and \(call.holder)",
                        sourceLocation: sourceLocation
                    )
                }
                holders[call.epoch] = call.holder
                if call.epoch >= newest?.epoch ?? .min { newest = call }
            }
        }
    }

    /// Adds `count` events to every organization, dated over the next few seconds (like events happening now).
    func addEvents(_ count: Int) throws {
        for simulator in simulators.values {
            try simulator.generateEvents(count: count, oldest: unixNow() + 1, latest: unixNow() + 2)
        }
    }
}

/// Runs `body` with a fixture on a new PostgreSQL, then kills what is left and removes everything.
func withHighAvailability<Result: Sendable>(
    organizations: [String: Int],
    latency: ClosedRange<Duration>? = nil,
    _ body: @Sendable (HighAvailabilityFixture) async throws -> Result
) async throws -> Result {
    try await withPostgres { server in
        try await withTemporaryDirectory(prefix: "ha") { folder in
            try await withClient(of: server) { client in
                let fixture = try await HighAvailabilityFixture(
                    folder: folder,
                    server: server,
                    client: client,
                    organizations: organizations,
                    latency: latency
                )
                do {
                    let result = try await body(fixture)
                    await fixture.shutdown()
                    return result
                } catch {
                    await fixture.shutdown()
                    throw error
                }
            }
        }
    }
}
