import Foundation
import Logging
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsShipper
import SlackAuditLogsSimulator
import Synchronization

/// Shipping a collected journal: entries per second and the process's working memory above its baseline, to an
/// accept-everything `_bulk` endpoint, an accept-everything HEC endpoint (indexer acknowledgement on), and a real
/// rsyslog over TCP when `rsyslogd` is installed. The endpoints are minimal loopback fakes (every item created,
/// every ackId acknowledged at once): the figures measure the shipper, not a SIEM.
func shipperBenchmarks(count: Int) async throws {
    print("")
    print("shipper: \(count) entries from a collected journal, batches of 1,000, position saved after each batch")
    let directory = NSTemporaryDirectory() + "slack-audit-logs-ship-bench-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let journal = directory + "/audit.ndjson"
    let checkpoint = directory + "/checkpoint.json"
    try await collectJournal(count: count, journal: journal, checkpoint: checkpoint)

    let bulk = try await LoopbackHTTPServer.start(requestLogLimit: 0) { request in
        let items = request.body.split(separator: UInt8(ascii: "\n")).count / 2
        let item = #"{"create":{"status":201}}"#
        return .ok(#"{"errors":false,"items":["# + Array(repeating: item, count: items).joined(separator: ",") + "]}")
    }
    let acks = Atomic<Int64>(0)
    let hec = try await LoopbackHTTPServer.start(requestLogLimit: 0) { request in
        if request.path == "/services/collector/ack" {
            let asked = (try? JSONValue(parsing: request.body))?["acks"]?.arrayValue?.compactMap(\.intValue) ?? []
            return .ok(#"{"acks":{"# + asked.map { #""\#($0)":true"# }.joined(separator: ",") + "}}")
        }
        let id = acks.add(1, ordering: .relaxed).newValue
        return .ok(#"{"text":"Success","code":0,"ackId":\#(id)}"#)
    }
    var cli: [(String, [String], [String: String])] = [
        ("elasticsearch", ["--sink", "elasticsearch", "--sink-url", "http://127.0.0.1:\(bulk.port)"], [:]),
        (
            "splunk", ["--sink", "splunk", "--sink-url", "http://127.0.0.1:\(hec.port)", "--ack"],
            ["SLACK_AUDIT_HEC_TOKEN": "benchmark-token"]
        ),
    ]
    var elasticsearch = ElasticsearchSink.Configuration(url: "http://127.0.0.1:\(bulk.port)")
    elasticsearch.timeout = .seconds(120)
    try await shipOnce("elasticsearch _bulk", try ElasticsearchSink(configuration: elasticsearch), journal, checkpoint)
    var splunk = SplunkHECSink.Configuration(url: "http://127.0.0.1:\(hec.port)", token: "benchmark-token")
    splunk.acknowledgement = true
    splunk.acknowledgementPollInterval = .milliseconds(5)
    try await shipOnce("splunk HEC, gzip, acks", try SplunkHECSink(configuration: splunk), journal, checkpoint)
    let rsyslog = try await BenchmarkRsyslog.start()
    if let rsyslog {
        let sink = try SyslogSink(configuration: SyslogSink.Configuration(host: "127.0.0.1", port: rsyslog.port))
        try await shipOnce("syslog TCP to rsyslog", sink, journal, checkpoint)
        let started = ContinuousClock.now
        let received = await rsyslog.waitForLines(count)
        print(
            "  rsyslog had written \(received) of \(count) lines "
                + "\(format("%.2f", seconds(ContinuousClock.now - started))) s after the shipper finished"
        )
        cli.append(("syslog", ["--sink", "syslog", "--sink-url", "tcp://127.0.0.1:\(rsyslog.port)"], [:]))
    } else {
        print("syslog TCP to rsyslog: skipped, rsyslogd is not installed (apt-get install rsyslog)")
    }
    print("the same with the CLI in its own process (`slack-audit-logs ship --batch 1000`, peak RSS by /usr/bin/time):")
    for (name, arguments, environment) in cli {
        try? FileManager.default.removeItem(atPath: "\(journal).\(name).position")
        if let line = try await timedCLI(
            ["ship", "--journal", journal, "--checkpoint", checkpoint, "--batch", "1000"] + arguments,
            environment
        ) {
            print("  \(name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(line)")
        }
    }
    rsyslog?.stop()
    try await bulk.shutdown()
    try await hec.shutdown()
}

/// Runs the `slack-audit-logs` built next to this benchmark under `/usr/bin/time`; returns "wall s, peak RSS MB".
private func timedCLI(_ arguments: [String], _ environment: [String: String]) async throws -> String? {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("slack-audit-logs").path
    guard FileManager.default.isExecutableFile(atPath: executable),
        FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
    else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    process.arguments = ["-f", "%e %M", executable] + arguments
    process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { _, new in new }
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let data = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let last = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
    let fields = last.split(separator: " ")
    guard fields.count == 2, let wall = Double(fields[0]), let kilobytes = Double(fields[1]) else { return last }
    return "\(format("%.2f", wall)) s, peak RSS \(format("%.0f", kilobytes / 1024)) MB"
}

/// Collects `count` simulated events into `journal`, as `collect` does.
private func collectJournal(count: Int, journal: String, checkpoint: String) async throws {
    let end: Int64 = 1_700_000_000
    let simulator = try await AuditLogsSimulator.start(
        configuration: AuditLogsSimulator.Configuration(
            seed: 42,
            events: AuditLogsSimulator.EventBatch(count: count, oldest: end - 30 * 86_400, latest: end - 1, seed: 42),
            rateLimit: .unlimited,
            requestLogLimit: 0
        )
    )
    let client = try AuditLogsClient(
        token: simulator.token,
        configuration: benchmarkClientConfiguration(baseURL: simulator.baseURL)
    )
    var configuration = AuditLogsCollector.Configuration(
        query: LogsQuery(limit: LogsQuery.maximumLimit),
        start: end - 30 * 86_400,
        end: end,
        settleLag: .zero,
        output: .file(journal),
        checkpointPath: checkpoint
    )
    configuration.now = { end + 3600 }
    _ = try await AuditLogsCollector(client: client, configuration: configuration).run()
    try await client.shutdown()
    try await simulator.shutdown()
}

/// Ships the whole journal once to `sink` (from position zero) and prints the figures.
private func shipOnce(_ label: String, _ sink: any DeliverySink, _ journal: String, _ checkpoint: String) async throws {
    let position = "\(journal).\(sink.name).position"
    try? FileManager.default.removeItem(atPath: position)
    var configuration = Shipper.Configuration(journalPath: journal, checkpointPath: checkpoint)
    configuration.batchEntries = 1000
    let shipper = try Shipper(
        sink: sink,
        configuration: configuration,
        logger: Logger(label: "benchmark", factory: { _ in SwiftLogNoOpLogHandler() })
    )
    let started = ContinuousClock.now
    let (summary, memory) = try await sampledMemory { try await shipper.run() }
    let elapsed = seconds(ContinuousClock.now - started)
    await sink.shutdown()
    print(
        label.padding(toLength: 26, withPad: " ", startingAt: 0)
            + " \(format("%6.2f", elapsed)) s \(format("%9.0f", Double(summary.delivered) / elapsed)) entries/s"
            + "  \(summary.batches) batches  resident memory peak \(format("%.0f", memory.peak)) MB "
            + "(+\(format("%.0f", memory.peak - memory.baseline)) MB over the process before it)"
    )
}

/// A throwaway rsyslogd for the benchmark: one plain TCP input on a port it picks, messages to a file.
private final class BenchmarkRsyslog: @unchecked Sendable {
    let port: Int
    let directory: String
    let process: Process

    private init(port: Int, directory: String, process: Process) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    static func start() async throws -> BenchmarkRsyslog? {
        let candidates = ["/usr/sbin/rsyslogd", "/usr/bin/rsyslogd"]
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        let directory = NSTemporaryDirectory() + "rsyslog-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let configuration = """
            global(workDirectory="\(directory)" maxMessageSize="64k" parser.escapeControlCharactersOnReceive="off")
            module(load="imtcp")
            template(name="raw" type="string" string="%rawmsg%\\n")
            ruleset(name="fromtcp") { action(type="omfile" file="\(directory)/received.log" template="raw") }
            input(type="imtcp" address="127.0.0.1" port="0" listenPortFileName="\(directory)/port" ruleset="fromtcp")
            """
        try configuration.write(toFile: directory + "/rsyslog.conf", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-n", "-f", directory + "/rsyslog.conf", "-i", directory + "/rsyslogd.pid"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: directory + "/port", encoding: .utf8),
                let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return BenchmarkRsyslog(port: port, directory: directory, process: process)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        return nil
    }

    /// Waits (at most 120 s) until rsyslog has written `count` lines; returns how many it wrote.
    func waitForLines(_ count: Int) async -> Int {
        let deadline = ContinuousClock.now + .seconds(120)
        var lines = 0
        while ContinuousClock.now < deadline {
            lines = (FileManager.default.contents(atPath: directory + "/received.log") ?? Data())
                .reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            if lines >= count { return lines }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return lines
    }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
