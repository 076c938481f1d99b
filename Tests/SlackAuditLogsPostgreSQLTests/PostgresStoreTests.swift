import Foundation
import Logging
import PostgresNIO
import SlackAuditLogs
import SlackAuditLogsCommands
import SlackAuditLogsShipper
import SlackAuditLogsTestSupport
import Synchronization
import Testing

@testable import SlackAuditLogsCollector
@testable import SlackAuditLogsPostgreSQL

/// The PostgreSQL journal and shipper store against a real PostgreSQL (its own cluster per test): migrations, the
/// fenced commit (refused and rolled back at an old epoch, serialized with a takeover by the lease row's lock), and
/// connections cut under a run of commits.
@Suite("PostgreSQL store", .serialized, .timeLimit(.minutes(3)))
struct PostgresStoreTests {
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func entries(_ range: Range<Int>) throws -> [RawLogEntry] {
        try range.map { index in
            try RawLogEntry(
                parsing: Array(
                    #"{"id":"e-\#(index)","date_create":\#(1_700_000_000 + index),"action":"user_login","n":1.50}"#.utf8
                )
            )
        }
    }

    /// The store's way of running statements (a connection the server closed is not used; a deadline).
    static func session(_ client: PostgresClient) -> PostgresSession {
        PostgresSession(client: client, logger: logger, deadline: .seconds(30))
    }

    static func count(_ client: PostgresClient, _ sql: String) async throws -> Int64 {
        try await session(client).run { connection, logger in
            var value: Int64 = -1
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
                value = try row.decode(Int64.self)
            }
            return value
        }
    }

    static func fence(
        _ organization: String,
        epoch: Int64,
        holder: String,
        onFenced: @escaping @Sendable () -> Void = {}
    ) -> LeaseFence {
        LeaseFence(lease: ServeLease(organization: organization, epoch: epoch), holder: holder) { _ in onFenced() }
    }

    static func configuration() -> AuditLogsCollector.Configuration {
        AuditLogsCollector.Configuration(
            start: 0,
            output: .file("postgresql:acme"),
            checkpointPath: "postgresql:acme.c"
        )
    }

    @Test("migrations are applied once, in order, and again by nobody")
    func migrations() async throws {
        try await withPostgres { server in
            try await withClient(of: server) { client in
                let first = try await PostgresSchema.migrate(Self.session(client))
                let second = try await PostgresSchema.migrate(Self.session(client))
                #expect(first == PostgresSchema.migrations.map(\.version))
                #expect(second.isEmpty)
                #expect(try await Self.count(client, "SELECT count(*) FROM slack_audit_logs_migrations") == 1)
                for table in ["entries", "checkpoints", "positions", "dead_letters", "leases", "instances"] {
                    #expect(try await Self.count(client, "SELECT count(*) FROM slack_audit_logs_\(table)") == 0)
                }
            }
        }
    }

    @Test("a commit at an old epoch is refused and writes nothing; the new holder goes on from the last commit")
    func fencedCommit() async throws {
        try await withPostgres { server in
            try await withClient(of: server) { client in
                _ = try await PostgresSchema.migrate(Self.session(client))
                try await client.query(
                    """
                    INSERT INTO slack_audit_logs_leases (org, holder, epoch, expires_at)
                    VALUES ('acme', 'a#1', 1, now() + interval '1 minute')
                    """
                )
                let fenced = Atomic(0)
                let old = PostgresJournal(
                    session: Self.session(client),
                    fence: Self.fence("acme", epoch: 1, holder: "a#1") { fenced.add(1, ordering: .relaxed) }
                )
                try await old.prepareForRecovery(Self.configuration())
                #expect(try old.loadCheckpoint() == nil)
                var checkpoint = Checkpoint(filters: [:], start: 0)
                try await old.commit(JournalBatch(entries: try Self.entries(0..<100)), checkpoint: &checkpoint)
                #expect(checkpoint.outputOffset == 100)

                // Another instance takes over (what a claim does): epoch 2.
                try await client.query(
                    "UPDATE slack_audit_logs_leases SET holder = 'b#2', epoch = epoch + 1 WHERE org = 'acme'"
                )
                var refused = checkpoint
                refused.delivered = 200
                let batch = JournalBatch(entries: try Self.entries(100..<200))
                do throws(CollectorError) {
                    try await old.commit(batch, checkpoint: &refused)
                    Issue.record("the fenced commit was accepted")
                } catch {
                    #expect(error.code == .alreadyRunning)
                    #expect(error.message.contains("epoch 1"))
                }
                #expect(fenced.load(ordering: .relaxed) == 1)
                #expect(try await Self.count(client, "SELECT count(*) FROM slack_audit_logs_entries") == 100)
                #expect(try await Self.count(client, "SELECT next_seq FROM slack_audit_logs_checkpoints") == 100)

                // The new holder starts from the last commit.
                let new = PostgresJournal(
                    session: Self.session(client),
                    fence: Self.fence("acme", epoch: 2, holder: "b#2")
                )
                try await new.prepareForRecovery(Self.configuration())
                var resumed = try #require(try new.loadCheckpoint())
                #expect(resumed.outputOffset == 100)
                #expect(new.size == 100)
                try await new.commit(JournalBatch(entries: try Self.entries(100..<200)), checkpoint: &resumed)
                #expect(try await Self.count(client, "SELECT count(DISTINCT id) FROM slack_audit_logs_entries") == 200)
                #expect(try await Self.count(client, "SELECT max(seq) FROM slack_audit_logs_entries") == 199)
                #expect(
                    try await Self.count(client, "SELECT count(*) FROM slack_audit_logs_entries WHERE epoch = 2")
                        == 100
                )
                // The entry is stored exactly as Slack sent it (1.50 stays 1.50: text, not jsonb).
                var stored = ""
                for try await row in try await client.query(
                    "SELECT entry FROM slack_audit_logs_entries WHERE id = 'e-7'"
                ) { stored = try row.decode(String.self) }
                #expect(stored == #"{"id":"e-7","date_create":1700000007,"action":"user_login","n":1.50}"#)

                // A shipper of the old holder cannot move its position either.
                let oldStore = PostgresShipperStore(
                    session: Self.session(client),
                    fence: Self.fence("acme", epoch: 1, holder: "a#1"),
                    sink: "siem"
                )
                var position = try await oldStore.open()
                #expect(try await oldStore.committedEnd() == 200)
                let read = try await oldStore.read(from: 0, upTo: 200, maximumEntries: 50, maximumBytes: 1 << 20)
                #expect(read.lines.count == 50)
                #expect(read.lines.last?.end == 50)
                position.offset = 50
                do throws(ShipperError) {
                    try await oldStore.save(&position, deadLetters: [], at: 0)
                    Issue.record("the fenced position was saved")
                } catch {
                    #expect(error.code == .alreadyRunning)
                }
                #expect(
                    try await Self.count(client, "SELECT next_seq FROM slack_audit_logs_positions WHERE sink = 'siem'")
                        == 0
                )
                let newStore = PostgresShipperStore(
                    session: Self.session(client),
                    fence: Self.fence("acme", epoch: 2, holder: "b#2"),
                    sink: "siem"
                )
                var newPosition = try await newStore.open()
                newPosition.offset = 50
                newPosition.delivered = 50
                try await newStore.save(&newPosition, deadLetters: [], at: 0)
                #expect(try await newStore.open().offset == 50)
            }
        }
    }

    @Test("a takeover waits for a commit in flight, and a commit that waited for a takeover is refused")
    func takeoverSerializesWithCommits() async throws {
        try await withPostgres { server in
            try await withClient(of: server) { client in
                _ = try await PostgresSchema.migrate(Self.session(client))
                try await client.query(
                    "INSERT INTO slack_audit_logs_leases (org, holder, epoch, expires_at) VALUES ('acme', 'a#1', 1, now())"
                )
                let journal = PostgresJournal(
                    session: Self.session(client),
                    fence: Self.fence("acme", epoch: 1, holder: "a#1")
                )
                try await journal.prepareForRecovery(Self.configuration())
                // A takeover in progress holds the lease row (its transaction not committed yet)...
                try await withClient(of: server) { other in
                    try await other.withConnection { connection in
                        try await connection.query("BEGIN", logger: Self.logger)
                        try await connection.query(
                            "UPDATE slack_audit_logs_leases SET holder = 'b#2', epoch = 2 WHERE org = 'acme'",
                            logger: Self.logger
                        )
                        // ...so the commit waits on the row lock...
                        let commit = Task {
                            var checkpoint = Checkpoint(filters: [:], start: 0)
                            try await journal.commit(
                                JournalBatch(entries: try Self.entries(0..<10)),
                                checkpoint: &checkpoint
                            )
                        }
                        // (Polled: on a loaded machine the commit may take a while to get that far.)
                        var waiting: Int64 = 0
                        let deadline = ContinuousClock.now + .seconds(60)
                        while waiting == 0, ContinuousClock.now < deadline {
                            try await Task.sleep(for: .milliseconds(100))
                            for try await row in try await connection.query(
                                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
                                logger: Self.logger
                            ) { waiting = try row.decode(Int64.self) }
                        }
                        #expect(waiting == 1, "the commit waits for the lease row")
                        // ...and once the takeover commits, it finds epoch 2 and is rolled back.
                        try await connection.query("COMMIT", logger: Self.logger)
                        let result = await commit.result
                        #expect(throws: CollectorError.self) { try result.get() }
                    }
                }
                #expect(try await Self.count(client, "SELECT count(*) FROM slack_audit_logs_entries") == 0)
            }
        }
    }

    @Test("connections terminated under a run of commits: the client reconnects, each batch is in once or not at all")
    func terminatedConnections() async throws {
        try await withPostgres { server in
            try await withClient(of: server) { client in
                _ = try await PostgresSchema.migrate(Self.session(client))
                try await client.query(
                    """
                    INSERT INTO slack_audit_logs_leases (org, holder, epoch, expires_at)
                    VALUES ('acme', 'a#1', 1, now() + interval '1 hour')
                    """
                )
                let fence = Self.fence("acme", epoch: 1, holder: "a#1")
                let (committed, failures, terminated) = try await withClient(of: server) { killer in
                    var terminated: Int64 = 0
                    var committed = 0
                    var failures = 0
                    var batch = 0
                    while batch < 40 {
                        if batch % 5 == 2 {
                            terminated += try await Self.count(
                                killer,
                                """
                                SELECT count(*) FROM (
                                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                                    WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'
                                ) AS t
                                """
                            )
                        }
                        // A new run after each failure, as the collector does: it reads the checkpoint again.
                        let journal = PostgresJournal(session: Self.session(client), fence: fence)
                        do {
                            try await journal.prepareForRecovery(Self.configuration())
                            var checkpoint = try journal.loadCheckpoint() ?? Checkpoint(filters: [:], start: 0)
                            let next = Int(checkpoint.outputOffset ?? 0)
                            try await journal.commit(
                                JournalBatch(entries: try Self.entries(next..<(next + 25))),
                                checkpoint: &checkpoint
                            )
                            committed = next + 25
                        } catch {
                            failures += 1
                        }
                        batch += 1
                    }
                    return (committed, failures, terminated)
                }
                #expect(terminated >= 8, "connections were terminated")
                #expect(committed >= 25 * 30, "most batches went through: \(committed / 25) of 40, \(failures) failed")
                #expect(
                    try await Self.count(client, "SELECT count(*) FROM slack_audit_logs_entries") == Int64(committed)
                )
                #expect(
                    try await Self.count(client, "SELECT count(DISTINCT id) FROM slack_audit_logs_entries")
                        == Int64(committed)
                )
                #expect(
                    try await Self.count(client, "SELECT next_seq FROM slack_audit_logs_checkpoints")
                        == Int64(committed)
                )
            }
        }
    }
}
