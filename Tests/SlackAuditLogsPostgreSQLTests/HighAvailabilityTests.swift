import Foundation
import PostgresNIO
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Several `slack-audit-logs-postgres serve` processes on one real PostgreSQL (its own cluster per test), simulated
/// organizations, and a FAKE `_bulk` endpoint: exactly once everywhere, failover after `kill -9`, fencing after
/// `SIGSTOP`, connections cut and the server restarted, and never two instances spending one organization's
/// budget at once. Leases last 3 s (renewed every second) so that failovers are quick.
@Suite("High availability on PostgreSQL", .serialized, .timeLimit(.minutes(6)))
struct HighAvailabilityTests {
    @Test(
        "3 instances × 5 organizations: every event exactly once in the entries table and at _bulk; the instances share the organizations"
    )
    func threeInstancesFiveOrganizations() async throws {
        let organizations = ["acme": 2500, "globex": 1800, "initech": 1200, "umbrella": 900, "hooli": 600]
        try await withHighAvailability(organizations: organizations, latency: .milliseconds(20)...(.milliseconds(60))) {
            fixture in
            for name in ["node-1", "node-2", "node-3"] { try await fixture.start(name) }
            #expect(try await fixture.waitUntilComplete(), "every event arrived")
            // New events while serving: collected by whoever holds each organization.
            try fixture.addEvents(150)
            #expect(try await fixture.waitUntilComplete(), "the new events arrived")
            try await fixture.expectExactlyOnceEverywhere()

            // Shared: after the start-up balancing, each instance holds one or two of the five.
            let shared = try await eventuallyAsync(timeout: .seconds(60), pollingEvery: .milliseconds(250)) {
                let leases = (try? await fixture.leases()) ?? [:]
                var held: [String: Int] = [:]
                for lease in leases.values where lease.live {
                    if let name = HighAvailabilityFixture.instance(of: lease.holder) { held[name, default: 0] += 1 }
                }
                return held.count == 3 && held.values.allSatisfy { (1...2).contains($0) }
                    && held.values.reduce(0, +) == 5
            }
            let leases = try await fixture.leases()
            #expect(shared, "the organizations are spread: \(leases)")
            fixture.expectOneSpenderAtATime()

            // /readyz: each instance is ready, and says which organizations it holds and which it stands by for.
            for (name, process) in fixture.instances {
                let (status, body) = try await process.get("/readyz")
                #expect(status == 200, "\(name): \(body)")
                let (_, metrics) = try await process.get("/metrics")
                #expect(metrics.contains("slack_audit_logs_leases_held"), "\(name): \(metrics.prefix(500))")
                #expect(!metrics.contains(fixture.password) && !body.contains(fixture.password))
                #expect(
                    body.contains("\"lease\":\"held\"") && body.contains("\"lease\":\"standby\""),
                    "\(name): \(body)"
                )
            }

            let statuses = await fixture.stopAll()
            #expect(statuses.values.allSatisfy { $0 == 0 }, "SIGTERM: exit 0 (\(statuses))")
            // Leaving gives every lease back at once.
            let left = try await fixture.leases()
            #expect(left.values.allSatisfy { $0.holder == nil && !$0.live }, "\(left)")
            for (name, process) in fixture.instances {
                #expect(!process.log.contains(fixture.password), "\(name)'s log holds the database password")
            }
            #expect(
                files(in: fixture.folder, holding: fixture.password, except: ["\(fixture.folder)/database-url"]).isEmpty
            )
        }
    }

    @Test(
        "kill -9 of the holder, mid-page, five times: another instance takes over within the lease's TTL and a renewal; no gap, no duplicate"
    )
    func killTheHolder() async throws {
        try await withHighAvailability(
            organizations: ["acme": 4000],
            latency: .milliseconds(300)...(.milliseconds(500))
        ) {
            fixture in
            for name in ["node-1", "node-2", "node-3"] { try await fixture.start(name) }
            var failovers: [Double] = []
            for round in 1...5 {
                try fixture.addEvents(300)
                let before = try await Self.holder(fixture, "acme")
                let victim = try #require(HighAvailabilityFixture.instance(of: before.holder))
                // Mid-page: a call to the simulator is in flight (each takes 300–500 ms).
                let requests = fixture.simulators["acme"]!.requests.count
                _ = try await eventually(timeout: .seconds(10), pollingEvery: .milliseconds(20)) {
                    fixture.simulators["acme"]!.requests.count > requests
                }
                let killedAt = ContinuousClock.now
                let process = try #require(fixture.instances[victim])
                process.process.send(SIGKILL)
                _ = await process.process.waitForExit(timeout: .seconds(10))
                let taken = try await eventuallyAsync(timeout: .seconds(30), pollingEvery: .milliseconds(50)) {
                    guard let lease = try? await fixture.leases()["acme"] else { return false }
                    return lease.live && lease.epoch > before.epoch
                        && HighAvailabilityFixture.instance(of: lease.holder) != victim
                }
                #expect(taken, "round \(round): another instance took acme over")
                failovers.append((ContinuousClock.now - killedAt).seconds)
                try await fixture.start(victim)
            }
            // TTL (3 s) + one renewal interval (1 s), with room for a loaded machine; the figures are the benchmark's.
            #expect(failovers.allSatisfy { $0 < 12 }, "failover times \(failovers)")
            #expect(try await fixture.waitUntilComplete(), "every event arrived")
            try await fixture.expectExactlyOnceEverywhere()
            fixture.expectOneSpenderAtATime()
        }
    }

    @Test(
        "SIGSTOP the holder past its lease, another takes over, SIGCONT: the old holder makes no call and no commit, and stops"
    )
    func pausedHolderIsFenced() async throws {
        try await withHighAvailability(
            organizations: ["acme": 3000],
            latency: .milliseconds(200)...(.milliseconds(400))
        ) {
            fixture in
            for name in ["node-1", "node-2"] { try await fixture.start(name) }
            try fixture.addEvents(200)
            let before = try await Self.holder(fixture, "acme")
            let paused = try #require(HighAvailabilityFixture.instance(of: before.holder))
            let process = try #require(fixture.instances[paused])
            let requests = fixture.simulators["acme"]!.requests.count
            _ = try await eventually(timeout: .seconds(10), pollingEvery: .milliseconds(20)) {
                fixture.simulators["acme"]!.requests.count > requests
            }
            process.process.send(SIGSTOP)
            let taken = try await eventuallyAsync(timeout: .seconds(30), pollingEvery: .milliseconds(50)) {
                guard let lease = try? await fixture.leases()["acme"] else { return false }
                return lease.live && lease.epoch > before.epoch
            }
            #expect(taken, "the other instance took acme over")
            try fixture.addEvents(200)
            try await Task.sleep(for: .seconds(2))
            let resumedAt = ContinuousClock.now
            process.process.send(SIGCONT)
            let stopped = try await eventually(timeout: .seconds(30), pollingEvery: .milliseconds(100)) {
                process.log.contains("is no longer held")
            }
            #expect(stopped, "the old holder stopped working on acme: \(process.log.suffix(3000))")
            try await Task.sleep(for: .seconds(2))
            let oldCalls = fixture.callers("acme").filter { $0.epoch <= before.epoch && $0.at > resumedAt }
            #expect(oldCalls.isEmpty, "the old holder called Slack \(oldCalls.count) times after SIGCONT")
            let late = try await fixture.entriesCommittedAfterTakeover("acme", atEpoch: before.epoch)
            #expect(late == 0, "entries committed at the old epoch after the takeover")
            #expect(process.process.exitStatus() == nil, "the old holder is still running, standing by")
            #expect(try await fixture.waitUntilComplete(), "every event arrived")
            try await fixture.expectExactlyOnceEverywhere()
            fixture.expectOneSpenderAtATime()
        }
    }

    @Test(
        "the lease taken over in the database while the holder runs normally: its next commit or renewal is refused, it stops, nothing is written at its epoch"
    )
    func takeoverBehindTheHoldersBack() async throws {
        try await withHighAvailability(
            organizations: ["acme": 3000],
            latency: .milliseconds(100)...(.milliseconds(200))
        ) {
            fixture in
            try await fixture.start("node-1")
            let before = try await Self.holder(fixture, "acme")
            let process = try #require(fixture.instances["node-1"])
            _ = try await eventuallyAsync(timeout: .seconds(60), pollingEvery: .milliseconds(50)) {
                ((try? await fixture.entryCount("acme")) ?? 0) > 0
            }
            try fixture.addEvents(500)
            // What another instance's claim does, while node-1's clock says its lease is good for seconds more.
            try await fixture.scalar(
                """
                UPDATE slack_audit_logs_leases
                SET holder = 'intruder#0', epoch = epoch + 1, expires_at = now() + interval '1 hour',
                    acquired_at = now()
                WHERE org = 'acme'
                """
            )
            let stopped = try await eventually(timeout: .seconds(30), pollingEvery: .milliseconds(100)) {
                process.log.contains("is no longer held")
            }
            #expect(stopped, "node-1 stopped working on acme: \(process.log.suffix(3000))")
            let refused = process.log.contains("A commit was fenced") || process.log.contains("was taken over")
            #expect(refused, "node-1 saw its commit fenced or its renewal refused")
            let late = try await fixture.entriesCommittedAfterTakeover("acme", atEpoch: before.epoch)
            #expect(late == 0, "entries committed at the old epoch after the takeover")
            // It stands by: the lease is the intruder's for an hour, and node-1 does not take it back.
            try await Task.sleep(for: .seconds(3))
            let lease = try await fixture.leases()["acme"]
            #expect(lease?.holder == "intruder#0")
            let calls = fixture.callers("acme").count
            try await Task.sleep(for: .seconds(2))
            #expect(fixture.callers("acme").count == calls, "node-1 calls Slack for an organization it does not hold")
            #expect(process.process.exitStatus() == nil)
        }
    }

    @Test(
        "connections terminated by pg_terminate_backend, then PostgreSQL restarted, mid-run: the instances reconnect and go on; nothing lost or doubled"
    )
    func databaseInterruptions() async throws {
        try await withHighAvailability(
            organizations: ["acme": 3000, "globex": 2000, "initech": 1000],
            latency: .milliseconds(50)...(.milliseconds(150))
        ) { fixture in
            for name in ["node-1", "node-2"] { try await fixture.start(name) }
            try fixture.addEvents(200)
            _ = try await eventuallyAsync(timeout: .seconds(60), pollingEvery: .milliseconds(100)) {
                ((try? await fixture.entryCount("acme")) ?? 0) > 500
            }
            let terminated = try await fixture.scalar(
                """
                SELECT count(*) FROM (
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'
                ) AS t
                """
            )
            #expect(terminated > 0, "some connections were terminated")
            try fixture.addEvents(200)
            try await Task.sleep(for: .seconds(2))
            try await fixture.server.stop()
            try await Task.sleep(for: .seconds(2))
            try await fixture.server.start()
            try fixture.addEvents(200)
            #expect(try await fixture.waitUntilComplete(timeout: .seconds(240)), "every event arrived")
            try await fixture.expectExactlyOnceEverywhere()
            fixture.expectOneSpenderAtATime()
            for (name, process) in fixture.instances {
                #expect(process.process.exitStatus() == nil, "\(name) kept running")
            }
        }
    }

    static func holder(
        _ fixture: HighAvailabilityFixture,
        _ organization: String
    ) async throws
        -> HighAvailabilityFixture.Lease
    {
        var found: HighAvailabilityFixture.Lease?
        _ = try await eventuallyAsync(timeout: .seconds(60), pollingEvery: .milliseconds(100)) {
            found = try? await fixture.leases()[organization]
            return found?.live == true && found?.holder != nil
        }
        return try #require(found)
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
