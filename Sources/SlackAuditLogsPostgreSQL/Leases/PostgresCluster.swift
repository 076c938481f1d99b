import CoreMetrics
import Foundation
import Logging
import PostgresNIO
import SlackAuditLogsCollector
import SlackAuditLogsCommands
import SlackAuditLogsShipper
import Synchronization

/// `serve` on PostgreSQL: the instances share the organizations through per-organization leases with a fencing
/// epoch, and keep the journal, checkpoints and positions in tables (``PostgresSchema``).
///
/// Every ``LeaseBook/interval`` (a third of the TTL) the instance heartbeats, renews the leases it holds in one
/// statement, gives one back when it holds more than its share, and claims expired ones up to its share with
/// `UPDATE … WHERE org = (SELECT … FOR UPDATE SKIP LOCKED)`, which bumps the epoch. A lease not renewed in time is
/// dropped here at once (its worker stops before any other instance can take it), and every commit checks the
/// lease at its epoch under the lease row's lock (``LeaseFence``), so correctness rests on the database alone.
final class PostgresCluster: ServeCluster {
    let instanceName: String
    /// The holder this process writes in the leases table: the instance's name and a token of this process, so
    /// that two processes given the same name by mistake still fence each other.
    private let holder: String
    private let client: PostgresClient
    /// The lease loop's statements: each must finish within one interval, or the loop goes on without it.
    private let session: PostgresSession
    /// Commits and shipper saves: a page of entries may take longer.
    private let storeSession: PostgresSession
    private let clientTask: Task<Void, Never>
    private let ttlSeconds: Double
    private let logger: Logger
    private let origin = ContinuousClock.now
    private let book: Mutex<LeaseBook>
    private let claims: Counter
    private let lost: Counter
    private let fencedCommits: Counter
    private let tickFailures: Counter
    private let heldGauge: Gauge

    /// Connects, applies the migrations, and returns the cluster (its lease loop not started yet).
    static func connect(_ settings: ServeClusterSettings) async throws -> any ServeCluster {
        let url = try PostgresURL(parsing: settings.url)
        // postgres-nio's own background messages (a connection dropped and made again): errors only. What the
        // service does about a failed statement, it logs itself.
        var quiet = settings.logger
        quiet.logLevel = max(settings.logger.logLevel, .error)
        let client = PostgresClient(configuration: try url.clientConfiguration(), backgroundLogger: quiet)
        // Detached: the pool runs until the cluster ends it, not until the service's graceful shutdown begins.
        let clientTask = Task.detached { await client.run() }
        do {
            let applied = try await PostgresSchema.migrate(
                PostgresSession(client: client, logger: quiet, deadline: max(url.connectTimeout, .seconds(10)) * 3)
            )
            settings.logger.notice(
                "Connected to PostgreSQL",
                metadata: [
                    "database": "\(url.location)", "schema_version": "\(PostgresSchema.latestVersion)",
                    "migrations_applied": "\(applied.map(String.init).joined(separator: ","))",
                    "instance": "\(settings.instanceName)",
                ]
            )
        } catch {
            clientTask.cancel()
            if let error = PostgresFailure.unwrap(error, as: ServeClusterError.self) { throw error }
            throw ServeClusterError(
                .unavailable,
                message: "Cannot reach or prepare the database at \(url.location): \(PostgresFailure.describe(error)).",
                hint: "Check that PostgreSQL runs there, that the user may connect and create tables, and the URL."
            )
        }
        return PostgresCluster(settings: settings, client: client, clientTask: clientTask)
    }

    private init(settings: ServeClusterSettings, client: PostgresClient, clientTask: Task<Void, Never>) {
        let holder = "\(settings.instanceName)#\(UUID().uuidString.prefix(8).lowercased())"
        self.holder = holder
        self.instanceName = holder
        self.client = client
        self.session = PostgresSession(
            client: client,
            logger: settings.logger,
            deadline: max(settings.leaseTTL / 3, .seconds(2))
        )
        self.storeSession = PostgresSession(client: client, logger: settings.logger, deadline: .seconds(60))
        self.clientTask = clientTask
        self.ttlSeconds =
            Double(settings.leaseTTL.components.seconds)
            + Double(settings.leaseTTL.components.attoseconds) / 1e18
        self.logger = settings.logger
        self.book = Mutex(LeaseBook(ttl: settings.leaseTTL))
        let factory = settings.metricsFactory
        claims = Counter(label: "slack_audit_logs_lease_claims_total", factory: factory)
        lost = Counter(label: "slack_audit_logs_lease_lost_total", factory: factory)
        fencedCommits = Counter(label: "slack_audit_logs_fenced_commits_total", factory: factory)
        tickFailures = Counter(label: "slack_audit_logs_lease_renewal_failures_total", factory: factory)
        heldGauge = Gauge(label: "slack_audit_logs_leases_held", factory: factory)
    }

    private func now() -> Duration { ContinuousClock.now - origin }

    // MARK: ServeCluster

    func serve(_ organizations: [String]) async {
        book.withLock { $0.want(organizations) }
    }

    func run() async {
        let interval = book.withLock { $0.interval }
        // The first tick only says this instance is alive: instances started together then see one another
        // before they claim, and share the organizations from the start.
        var claiming = false
        while !Task.isCancelled {
            await tick(claiming: claiming)
            claiming = true
            do {
                try await Task.sleep(for: interval)
            } catch {
                break
            }
        }
        // Not in this cancelled task: the statements would be cancelled with it.
        let leaving = Task.detached { await self.leave() }
        await leaving.value
        clientTask.cancel()
        await clientTask.value
    }

    func acquire(_ organization: String) async -> ServeLease? {
        while !Task.isCancelled {
            if let epoch = book.withLock({ $0.usable(organization, now: now()) }) {
                return ServeLease(organization: organization, epoch: epoch)
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return nil
    }

    func waitUntilLost(_ lease: ServeLease) async {
        while !Task.isCancelled, refusal(lease) == nil {
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    func refusal(_ lease: ServeLease) -> String? {
        book.withLock { $0.refusal(lease.organization, epoch: lease.epoch, now: now()) }
    }

    func release(_ lease: ServeLease) async {
        book.withLock { $0.released(lease.organization, epoch: lease.epoch) }
        recordHeld()
        let holder = holder
        let session = session
        let released = Task.detached {
            try await session.run { connection, logger in
                _ = try await connection.query(
                    """
                    UPDATE slack_audit_logs_leases SET holder = NULL, expires_at = now()
                    WHERE org = \(lease.organization) AND holder = \(holder) AND epoch = \(lease.epoch)
                    """,
                    logger: logger
                )
            }
        }
        do {
            _ = try await released.value
            logger.info("Gave the organization's lease back", metadata: ["org": "\(lease)"])
        } catch {
            logger.warning(
                "Cannot give the lease back; it expires by itself",
                metadata: ["org": "\(lease)", "error": "\(PostgresFailure.describe(error))"]
            )
        }
    }

    func journal(for lease: ServeLease) -> any Journal {
        PostgresJournal(session: storeSession, fence: fence(for: lease))
    }

    func shipperStore(for lease: ServeLease, sink: String) -> any ShipperStore {
        PostgresShipperStore(session: storeSession, fence: fence(for: lease), sink: sink)
    }

    private func fence(for lease: ServeLease) -> LeaseFence {
        LeaseFence(lease: lease, holder: holder) { [weak self] error in
            self?.fenced(error)
        }
    }

    /// A commit was refused: the lease is lost at once (the worker stops), whatever the next renewal says.
    private func fenced(_ error: FencedError) {
        book.withLock { $0.fenced(error.organization, epoch: error.epoch) }
        fencedCommits.increment()
        recordHeld()
        logger.warning("A commit was fenced", metadata: ["org": "\(error.organization)", "error": "\(error.message)"])
    }

    // MARK: The lease loop

    private func tick(claiming: Bool) async {
        do {
            let instances = try await heartbeat()
            try await renew()
            if claiming {
                try await giveBack(instances: instances)
                try await claim(instances: instances)
            }
        } catch {
            tickFailures.increment()
            logger.warning(
                "Cannot reach PostgreSQL to keep the leases; each lease not renewed in time is dropped",
                metadata: ["error": "\(PostgresFailure.describe(error))"]
            )
        }
        recordHeld()
    }

    /// Says this instance is alive; returns how many are (heartbeat within one TTL), this one included.
    private func heartbeat() async throws -> Int {
        let wanted = book.withLock { $0.wantedList }
        let (holder, ttlSeconds) = (holder, ttlSeconds)
        return try await session.run { connection, logger in
            try await connection.query(
                """
                INSERT INTO slack_audit_logs_leases (org) SELECT unnest(\(wanted)::text[])
                ON CONFLICT (org) DO NOTHING
                """,
                logger: logger
            )
            try await connection.query(
                """
                INSERT INTO slack_audit_logs_instances (name) VALUES (\(holder))
                ON CONFLICT (name) DO UPDATE SET seen_at = now()
                """,
                logger: logger
            )
            var count = 1
            for try await row in try await connection.query(
                """
                SELECT count(*) FROM slack_audit_logs_instances
                WHERE seen_at > now() - make_interval(secs => \(ttlSeconds))
                """,
                logger: logger
            ) {
                count = max(Int(try row.decode(Int64.self)), 1)
            }
            return count
        }
    }

    private func renew() async throws {
        let sentAt = now()
        let requested = book.withLock { $0.renewals(now: sentAt) }
        guard !requested.isEmpty else { return }
        let organizations = requested.map(\.organization)
        let epochs = requested.map(\.epoch)
        let (holder, ttlSeconds) = (holder, ttlSeconds)
        let rows = try await session.run { connection, logger in
            var renewed: [(String, Int64)] = []
            for try await row in try await connection.query(
                """
                UPDATE slack_audit_logs_leases
                SET expires_at = now() + make_interval(secs => \(ttlSeconds)), renewed_at = now()
                WHERE holder = \(holder)
                  AND (org, epoch) IN (SELECT * FROM unnest(\(organizations)::text[], \(epochs)::int8[]))
                RETURNING org, epoch
                """,
                logger: logger
            ) {
                renewed.append(try row.decode((String, Int64).self))
            }
            return renewed
        }
        let renewed = rows.map { (organization: $0.0, epoch: $0.1) }
        let gone = book.withLock { $0.renewed(renewed, requested: requested, sentAt: sentAt) }
        for organization in gone {
            lost.increment()
            logger.warning(
                "The organization's lease was taken over; stopping its work here",
                metadata: ["org": "\(organization)"]
            )
        }
    }

    private func giveBack(instances: Int) async throws {
        let (organization, epoch, wanted) = book.withLock { book -> (String?, Int64?, Bool) in
            guard let organization = book.leaseToGiveBack(instances: instances, now: now()) else {
                return (nil, nil, true)
            }
            return (organization, book.held[organization]?.epoch, book.wanted.contains(organization))
        }
        guard let organization, let epoch else { return }
        logger.notice(
            wanted
                ? "Giving a lease back so that the instances share the organizations"
                : "Giving back the lease of an organization no longer configured",
            metadata: ["org": "\(organization)", "instances": "\(instances)"]
        )
        // A configured organization's worker stops, then releases; a removed one has no worker.
        if !wanted { await release(ServeLease(organization: organization, epoch: epoch)) }
    }

    private func claim(instances: Int) async throws {
        var wanted = book.withLock { $0.claimsWanted(instances: instances) }
        while wanted > 0, !Task.isCancelled {
            let sentAt = now()
            let (candidates, excluded) = book.withLock { ($0.wantedList, $0.notClaimable(now: sentAt)) }
            guard !candidates.isEmpty else { return }
            let (holder, ttlSeconds) = (holder, ttlSeconds)
            let claimed = try await session.run { connection, logger -> (String, Int64)? in
                var claimed: (String, Int64)?
                for try await row in try await connection.query(
                    """
                    UPDATE slack_audit_logs_leases
                    SET holder = \(holder), epoch = epoch + 1, acquired_at = now(), renewed_at = now(),
                        expires_at = now() + make_interval(secs => \(ttlSeconds))
                    WHERE org = (
                        SELECT org FROM slack_audit_logs_leases
                        WHERE org = ANY(\(candidates)::text[]) AND NOT (org = ANY(\(excluded)::text[]))
                          AND (holder IS NULL OR expires_at <= now())
                        ORDER BY expires_at, org
                        LIMIT 1
                        FOR UPDATE SKIP LOCKED
                    )
                    RETURNING org, epoch
                    """,
                    logger: logger
                ) {
                    claimed = try row.decode((String, Int64).self)
                }
                return claimed
            }
            guard let (organization, epoch) = claimed else { return }
            book.withLock { $0.claimed(organization, epoch: epoch, sentAt: sentAt) }
            claims.increment()
            logger.notice(
                "Claimed the organization's lease",
                metadata: ["org": "\(organization)", "epoch": "\(epoch)", "instances": "\(instances)"]
            )
            wanted -= 1
        }
    }

    /// At the end: every lease given back and this instance no longer counted, so the others take over at once.
    private func leave() async {
        let holder = holder
        do {
            try await session.run { connection, logger in
                try await connection.query(
                    "UPDATE slack_audit_logs_leases SET holder = NULL, expires_at = now() WHERE holder = \(holder)",
                    logger: logger
                )
                try await connection.query(
                    "DELETE FROM slack_audit_logs_instances WHERE name = \(holder)",
                    logger: logger
                )
            }
        } catch {
            logger.warning(
                "Cannot give the leases back at the end; they expire by themselves",
                metadata: ["error": "\(PostgresFailure.describe(error))"]
            )
        }
    }

    private func recordHeld() {
        heldGauge.record(book.withLock { $0.held.count })
    }
}
