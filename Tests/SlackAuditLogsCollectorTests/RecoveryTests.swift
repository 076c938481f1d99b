import Foundation
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Synchronization
import Testing

/// Runs the collector and cancels it right after its `pages`-th page is committed.
func runInterrupted(_ collector: AuditLogsCollector, afterPages pages: Int) async throws -> CollectionSummary {
    let running = Mutex<Task<CollectionSummary, any Error>?>(nil)
    let gate = Mutex(false)
    let task = Task {
        try await collector.run { progress in
            guard progress.pages >= pages else { return }
            // The task is stored before the first page can arrive; wait for it in the unlikely case it is not.
            while gate.withLock({ !$0 }) {}
            running.withLock { $0?.cancel() }
        }
    }
    running.withLock { $0 = task }
    gate.withLock { $0 = true }
    return try await task.value
}

@Suite("Recovery: interruptions, damaged checkpoints and outputs")
struct RecoveryTests {
    static func simulatorConfiguration(count: Int = 4000) -> AuditLogsSimulator.Configuration {
        var configuration = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
        configuration.events = events(count: count, rateProfile: .bursty(burstProbability: 0.05, burstSize: 200))
        return configuration
    }

    static func configuration(_ directory: String, limit: Int = 200) -> AuditLogsCollector.Configuration {
        BackfillTests.configuration(
            directory: directory,
            start: referenceNow - 90_000,
            limit: limit
        )
    }

    @Test("Interrupted after some pages, resumed from the checkpoint: exactly once", arguments: [1, 4, 9])
    func resumeAfterInterruption(pages: Int) async throws {
        try await withSimulatedOrg(Self.simulatorConfiguration()) { simulator, client in
            try await withTemporaryDirectory { directory in
                let collector = try AuditLogsCollector(client: client, configuration: Self.configuration(directory))
                let first = try await runInterrupted(collector, afterPages: pages)
                #expect(first.interrupted)
                #expect(first.pages == pages)
                let partial = try outputEntries(directory + "/audit.ndjson")
                #expect(partial.count == first.delivered)
                let checkpoint = try String(contentsOfFile: directory + "/checkpoint.json", encoding: .utf8)
                #expect(checkpoint.contains(#""delivered":\#(first.delivered),"#))
                if !checkpoint.contains(#""open_windows":[]"#) {
                    #expect(checkpoint.contains(#""cursor":""#), "an open window's cursor is saved")
                }
                let second = try await collector.run()
                #expect(second.interrupted == false)
                #expect(first.delivered + second.delivered == simulator.events.count)
                expectExactlyOnce(
                    try outputEntries(directory + "/audit.ndjson").map(\.id),
                    simulator.events.map(\.id.description)
                )
            }
        }
    }

    @Test("Lines written after the last checkpoint, and a torn last line, are reconciled on restart")
    func replayedTailAndTornLine() async throws {
        try await withSimulatedOrg(Self.simulatorConfiguration()) { simulator, client in
            try await withTemporaryDirectory { reference in
                try await withTemporaryDirectory { directory in
                    // The reference run gives the exact lines, in order, that the crashed run was about to write.
                    _ = try await AuditLogsCollector(client: client, configuration: Self.configuration(reference)).run()
                    let allLines = try Data(contentsOf: URL(fileURLWithPath: reference + "/audit.ndjson"))
                        .split(separator: UInt8(ascii: "\n"))

                    let collector = try AuditLogsCollector(client: client, configuration: Self.configuration(directory))
                    let first = try await runInterrupted(collector, afterPages: 3)
                    // Simulate a crash between writing the next page and saving its checkpoint, with the last
                    // line cut short.
                    let handle = try #require(FileHandle(forWritingAtPath: directory + "/audit.ndjson"))
                    try handle.seekToEnd()
                    for line in allLines[first.delivered..<(first.delivered + 150)] {
                        try handle.write(contentsOf: line + [UInt8(ascii: "\n")])
                    }
                    let torn = allLines[first.delivered + 150]
                    try handle.write(contentsOf: torn.prefix(torn.count / 2))
                    try handle.close()

                    let second = try await collector.run()
                    #expect(second.recoveredFromOutput == 150)
                    #expect(second.duplicatesSkipped == 150)
                    #expect(second.tornBytesRemoved == Int64(torn.count / 2))
                    expectExactlyOnce(
                        try outputEntries(directory + "/audit.ndjson").map(\.id),
                        simulator.events.map(\.id.description)
                    )
                }
            }
        }
    }

    @Test("No checkpoint but an output with entries: a clear error, or a rescan that writes only what is missing")
    func missingCheckpoint() async throws {
        try await withSimulatedOrg(Self.simulatorConfiguration()) { simulator, client in
            try await withTemporaryDirectory { directory in
                var configuration = Self.configuration(directory)
                let first = try await runInterrupted(
                    try AuditLogsCollector(client: client, configuration: configuration),
                    afterPages: 5
                )
                try FileManager.default.removeItem(atPath: directory + "/checkpoint.json")
                let sizeBefore = try outputEntries(directory + "/audit.ndjson").count
                let error = await #expect(throws: CollectorError.self) {
                    try await AuditLogsCollector(client: client, configuration: configuration).run()
                }
                #expect(error?.code == .checkpointMissing)
                #expect(error?.message.contains("rescanOutput") == true)
                #expect(error?.message.contains(directory + "/checkpoint.json") == true)
                #expect(try outputEntries(directory + "/audit.ndjson").count == sizeBefore, "nothing written")

                configuration.recovery = .rescanOutput
                let second = try await AuditLogsCollector(client: client, configuration: configuration).run()
                #expect(second.recoveredFromOutput == first.delivered)
                expectExactlyOnce(
                    try outputEntries(directory + "/audit.ndjson").map(\.id),
                    simulator.events.map(\.id.description)
                )
            }
        }
    }

    @Test(
        "A damaged checkpoint is refused with a clear error; a rescan recovers exactly once",
        arguments: ["garbage", "truncated", "empty", "version", "range"]
    )
    func corruptCheckpoint(damage: String) async throws {
        try await withSimulatedOrg(Self.simulatorConfiguration(count: 2000)) { simulator, client in
            try await withTemporaryDirectory { directory in
                var configuration = Self.configuration(directory)
                _ = try await runInterrupted(
                    try AuditLogsCollector(client: client, configuration: configuration),
                    afterPages: 2
                )
                let path = directory + "/checkpoint.json"
                let original = try String(contentsOfFile: path, encoding: .utf8)
                let damaged: String
                switch damage {
                case "garbage": damaged = "\u{0}\u{1}not a checkpoint"
                case "truncated": damaged = String(original.prefix(original.count / 2))
                case "empty": damaged = ""
                case "version":
                    damaged = original.replacingOccurrences(of: #""format_version":2"#, with: #""format_version":9"#)
                default:
                    damaged = original.replacingOccurrences(of: #""start":"#, with: #""start":9"#)
                }
                #expect(damaged != original)
                try damaged.write(toFile: path, atomically: false, encoding: .utf8)
                let error = await #expect(throws: CollectorError.self) {
                    try await AuditLogsCollector(client: client, configuration: configuration).run()
                }
                #expect(error?.code == .checkpointCorrupt)
                #expect(error?.path == path)
                #expect(error?.message.contains(path) == true)

                configuration.recovery = .rescanOutput
                _ = try await AuditLogsCollector(client: client, configuration: configuration).run()
                expectExactlyOnce(
                    try outputEntries(directory + "/audit.ndjson").map(\.id),
                    simulator.events.map(\.id.description)
                )
            }
        }
    }

    @Test("An output shorter than the checkpoint (truncated or rotated) is refused unless recovery is asked for")
    func rotatedOutput() async throws {
        try await withSimulatedOrg(Self.simulatorConfiguration()) { simulator, client in
            try await withTemporaryDirectory { directory in
                var configuration = Self.configuration(directory)
                _ = try await runInterrupted(
                    try AuditLogsCollector(client: client, configuration: configuration),
                    afterPages: 4
                )
                let output = directory + "/audit.ndjson"
                let rotated = directory + "/audit.ndjson.1"
                try FileManager.default.moveItem(atPath: output, toPath: rotated)
                #expect(FileManager.default.createFile(atPath: output, contents: nil))
                let error = await #expect(throws: CollectorError.self) {
                    try await AuditLogsCollector(client: client, configuration: configuration).run()
                }
                #expect(error?.code == .outputShorterThanCheckpoint)

                configuration.recovery = .rescanOutput
                _ = try await AuditLogsCollector(client: client, configuration: configuration).run()
                let ids = try outputEntries(rotated).map(\.id) + outputEntries(output).map(\.id)
                expectExactlyOnce(ids, simulator.events.map(\.id.description))
            }
        }
    }

    @Test("A checkpoint written for other filters is refused")
    func mismatchedCheckpoint() async throws {
        try await withSimulatedOrg(Self.simulatorConfiguration(count: 500)) { _, client in
            try await withTemporaryDirectory { directory in
                var configuration = Self.configuration(directory)
                _ = try await AuditLogsCollector(client: client, configuration: configuration).run()
                configuration.query.actions = ["user_login"]
                let error = await #expect(throws: CollectorError.self) {
                    try await AuditLogsCollector(client: client, configuration: configuration).run()
                }
                #expect(error?.code == .checkpointMismatch)
                #expect(error?.message.contains("action=user_login") == true)
            }
        }
    }

    @Test("Expired cursors: the window is read again from its watermark, nothing lost or repeated")
    func expiredCursors() async throws {
        var simulatorConfiguration = Self.simulatorConfiguration()
        simulatorConfiguration.cursorLifetime = .seconds(60)
        try await withSimulatedOrg(simulatorConfiguration) { simulator, client in
            try await withTemporaryDirectory { directory in
                let collector = try AuditLogsCollector(client: client, configuration: Self.configuration(directory))
                // Every other page, the simulated clock jumps past the cursor's lifetime.
                let summary = try await collector.run { progress in
                    if progress.pages % 2 == 0 { simulator.advanceClock(by: 120) }
                }
                #expect(summary.windowsRestarted > 3)
                let invalid = simulator.requests.filter {
                    if case .error(_, let code) = $0.outcome { return code == "invalid_cursor" }
                    return false
                }
                #expect(invalid.count == summary.windowsRestarted)
                expectExactlyOnce(
                    try outputEntries(directory + "/audit.ndjson").map(\.id),
                    simulator.events.map(\.id.description)
                )
            }
        }
    }

    @Test(
        "Authentication and plan errors stop the collector with notPermitted and write nothing",
        arguments: ["token", "plan", "user"]
    )
    func permissionErrors(kind: String) async throws {
        var simulatorConfiguration = Self.simulatorConfiguration(count: 100)
        switch kind {
        case "plan": simulatorConfiguration.scenario = .featureNotEnabled
        case "user": simulatorConfiguration.scenario = .userNotAuthorized
        default: break
        }
        let token = kind == "token" ? "xoxp-not-the-simulators-token" : nil
        try await withSimulatedOrg(simulatorConfiguration, token: token) { _, client in
            try await withTemporaryDirectory { directory in
                let error = await #expect(throws: CollectorError.self) {
                    try await AuditLogsCollector(client: client, configuration: Self.configuration(directory)).run()
                }
                #expect(error?.code == .notPermitted)
                #expect(error?.apiError != nil)
                #expect(error?.message.contains("resume") == false)
                let checkpoint = try String(contentsOfFile: directory + "/checkpoint.json", encoding: .utf8)
                #expect(checkpoint.contains(#""delivered":0,"#), "only the initial checkpoint was saved")
                let written = try outputEntries(directory + "/audit.ndjson")
                #expect(written.isEmpty)
            }
        }
    }

    @Test("Settings that cannot work are refused before anything is fetched")
    func invalidConfigurations() async throws {
        let client = try AuditLogsClient(
            token: "xoxp-1",
            configuration: AuditLogsClient.Configuration(baseURL: "http://127.0.0.1:9/audit/v1/", proxy: .none)
        )
        try await withShutdown(client) { client in
            let base = AuditLogsCollector.Configuration(start: 1_700_000_000, output: .file("/tmp/a.ndjson"))
            var cases: [(AuditLogsCollector.Configuration, String)] = []
            var bad = base
            bad.end = 1_700_000_000
            cases.append((bad, "end"))
            bad = base
            bad.workers = 0
            cases.append((bad, "workers"))
            bad = base
            bad.end = 40_000_000_000
            cases.append((bad, "end is 40000000000"))
            bad = base
            bad.query.oldest = 5
            cases.append((bad, "start and end"))
            bad = base
            bad.query.limit = 10_000
            cases.append((bad, "limit"))
            bad = base
            bad.checkpointPath = "/tmp/a.ndjson"
            cases.append((bad, "same file"))
            bad = base
            bad.start = -1
            cases.append((bad, "start"))
            for (configuration, word) in cases {
                let error = #expect(throws: CollectorError.self) {
                    try AuditLogsCollector(client: client, configuration: configuration)
                }
                #expect(error?.code == .invalidConfiguration)
                #expect(error?.message.contains(word) == true, "\(error?.message ?? "")")
            }
        }
    }
}
