import Foundation
import SlackAuditLogsTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `slack-audit-logs ship` as a subprocess, SIGKILLed at random moments, against the FAKE `_bulk` endpoint.
@Suite("Crash safety: the shipper killed at random moments")
struct ShipperCrashTests {
    @Test("20 SIGKILLs while shipping 50,000 entries to _bulk: afterwards every entry is stored exactly once")
    func killedTwentyTimes() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await JournalFixture.collect(count: 50_000, in: directory)
            let fake = try await FakeElasticsearch.start()
            try await withShutdown(fake) { fake in
                fake.setLatency(.milliseconds(15))
                let executable = try builtExecutable(named: "slack-audit-logs")
                let arguments = [
                    "ship", "--journal", fixture.journal, "--checkpoint", fixture.checkpoint,
                    "--sink", "elasticsearch", "--sink-url", fake.url, "--batch", "500", "--sink-timeout", "60",
                ]
                func start() throws -> (Process, AsyncStream<Int32>) {
                    let process = Process()
                    process.executableURL = executable
                    process.arguments = arguments
                    process.environment = ["PATH": "/usr/bin:/bin"]
                    process.standardOutput = FileHandle.nullDevice
                    process.standardError = FileHandle.nullDevice
                    return (process, try process.runReportingExit())
                }
                var kills = 0
                var runs = 0
                var generator = SystemRandomNumberGenerator()
                while kills < 20 {
                    let (process, exits) = try start()
                    runs += 1
                    try await Task.sleep(for: .milliseconds(Int64.random(in: 30...400, using: &generator)))
                    kill(process.processIdentifier, SIGKILL)
                    var status: Int32?
                    for await value in exits { status = value }
                    if status == -SIGKILL { kills += 1 } else { break }  // it finished before the kill
                    #expect(runs < 200, "hang guard")
                    if runs >= 200 { return }
                }
                let (_, exits) = try start()
                var status: Int32?
                for await value in exits { status = value }
                #expect(status == 0)
                expectExactlyOnce(fake.storedIDs, fixture.ids)
                // Each kill can cost at most the batch in flight, sent again (and answered 409).
                #expect(fake.createsReceived - 50_000 <= kills * 500, "resent: \(fake.createsReceived - 50_000)")
                #expect(kills == 20, "the shipper was killed 20 times before it could finish")
            }
        }
    }
}
