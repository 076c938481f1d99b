import Foundation
import SlackAuditLogs
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one run of the CLI did.
struct CLIResult: Sendable, CustomStringConvertible {
    /// The exit status, or the signal that ended the process, negated.
    var status: Int32
    /// Standard output, byte for byte.
    var output: [UInt8]
    /// Standard error.
    var errorText: String

    var outputText: String { String(decoding: output, as: UTF8.self) }

    /// The lines of standard output, without their line feeds (and without the empty string after the last one).
    var outputLines: [String] {
        var lines = outputText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The lines of standard error that are not empty.
    var errorLines: [String] { errorText.split(separator: "\n").map(String.init) }

    var description: String {
        "exit \(status); stderr: \(errorText.isEmpty ? "(empty)" : errorText); stdout: \(outputText.prefix(600))"
    }
}

/// Runs the `slack-audit-logs` executable as a subprocess.
///
/// Waiting never blocks a thread: simulators serve from this process's concurrency pool.
enum CLI {
    /// The `slack-audit-logs` executable, built next to the test bundle.
    static func executableURL() throws -> URL {
        try builtExecutable(named: "slack-audit-logs")
    }

    /// The child's whole environment: PATH, HOME and TMPDIR from ours, then `settings`. Nothing else is inherited, so
    /// a token or a proxy in the developer's environment never reaches the CLI.
    static func environment(_ settings: [String: String] = [:]) -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var environment: [String: String] = [:]
        for name in ["PATH", "HOME", "TMPDIR"] {
            if let value = inherited[name] { environment[name] = value }
        }
        environment.merge(settings) { _, setting in setting }
        return environment
    }

    /// Runs the CLI to the end and returns what it did; kills it after `timeout`.
    static func run(
        _ arguments: [String],
        environment settings: [String: String] = [:],
        standardInput: String? = nil,
        timeout: Duration = .seconds(60),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> CLIResult {
        let process = try CLIProcess.start(arguments, environment: settings, standardInput: standardInput)
        return await process.wait(timeout: timeout, sourceLocation: sourceLocation)
    }
}

/// One running CLI process, its output going to temporary files (outputs can be megabytes: no pipes to fill).
struct CLIProcess {
    let process: Process
    let directory: String
    let exits: AsyncStream<Int32>

    var outputPath: String { directory + "/stdout" }
    var errorPath: String { directory + "/stderr" }

    static func start(
        _ arguments: [String],
        environment settings: [String: String] = [:],
        standardInput: String? = nil
    ) throws -> CLIProcess {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("slack-audit-logs-cli-run-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        do {
            let process = Process()
            process.executableURL = try CLI.executableURL()
            process.arguments = arguments
            process.environment = CLI.environment(settings)
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            process.standardOutput = try Self.openForWriting(directory + "/stdout")
            process.standardError = try Self.openForWriting(directory + "/stderr")
            if let standardInput {
                let path = directory + "/stdin"
                try Data(standardInput.utf8).write(to: URL(fileURLWithPath: path))
                guard let handle = FileHandle(forReadingAtPath: path) else {
                    throw TestSupportFailure(message: "Cannot open \(path).")
                }
                process.standardInput = handle
            } else {
                process.standardInput = FileHandle.nullDevice
            }
            let exits = try process.runReportingExit()
            return CLIProcess(process: process, directory: directory, exits: exits)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    private static func openForWriting(_ path: String) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw TestSupportFailure(message: "Cannot create \(path).") }
        return handle
    }

    /// Standard output so far.
    func currentOutput() -> String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// Standard error so far.
    func currentErrorText() -> String {
        (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end (killing it after `timeout`), then returns what it did and removes its files.
    func wait(timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation) async -> CLIResult {
        let identifier = process.processIdentifier
        let watchdog = Task { () -> Bool in
            do { try await Task.sleep(for: timeout) } catch { return false }
            kill(identifier, SIGKILL)
            return true
        }
        var status: Int32?
        for await value in exits {
            status = value
            break
        }
        watchdog.cancel()
        if await watchdog.value {
            Issue.record(
                "slack-audit-logs did not finish within \(timeout) and was killed",
                sourceLocation: sourceLocation
            )
        }
        let output = (try? Data(contentsOf: URL(fileURLWithPath: outputPath))).map { [UInt8]($0) } ?? []
        let errorText = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: directory)
        return CLIResult(status: status ?? Int32.min, output: output, errorText: errorText)
    }
}

// MARK: - Simulators

let referenceNow: Int64 = 1_750_000_000

/// A token that is easy to look for in the CLI's output.
let recognizableToken = "xoxp-1111111111-2222222222-3333333333-clitestsecrettoken4242"

/// Runs `body` with a simulator holding `count` events in the settled past, without rate limit unless asked.
func withSimulator<T>(
    events count: Int = 2000,
    seed: UInt64 = 7,
    tokens: Set<String> = [AuditLogsSimulator.defaultToken],
    rateLimit: SimulatorRateLimit = .unlimited,
    faults: SimulatorFaults = .none,
    _ body: (AuditLogsSimulator) async throws -> T
) async throws -> T {
    var configuration = AuditLogsSimulator.Configuration(tokens: tokens, rateLimit: rateLimit)
    configuration.events = events(count: count, seed: seed)
    configuration.faults = faults
    return try await AuditLogsSimulator.withSimulator(configuration: configuration, body)
}

extension AuditLogsSimulator {
    /// The arguments that point a command at this simulator, with a patient timeout: on a loaded machine running the
    /// whole suite, the in-process simulator can take longer than the default 30 s to answer, and a retried call
    /// would change the request counts the tests check.
    var apiArguments: [String] { ["--base-url", baseURL, "--timeout", "120"] }

    /// The environment that gives a command this simulator's token.
    var tokenEnvironment: [String: String] { ["SLACK_AUDIT_TOKEN": token] }

    /// The `/logs` requests received, in order.
    var logsRequests: [SimulatorRequest] { requests.filter { $0.path.hasSuffix("/logs") } }

    /// The entries `/logs` would return for `query`, each as the exact line the CLI writes in NDJSON.
    func expectedLines(for query: LogsQuery) throws -> [String] {
        try expectedEvents(for: query).map { String(decoding: renderJSON(of: $0), as: UTF8.self) }
    }
}

// MARK: - Files and checks

/// The `id` of each line of NDJSON, in order.
func entryIDs(ofNDJSON text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
    var result: [String] = []
    for line in text.split(separator: "\n") {
        // The raw scanner reads only the id: cheap enough for large outputs.
        let entry = try RawLogEntry(parsing: Array(line.utf8))
        guard let id = entry.id else {
            Issue.record("A line without an id: \(line)", sourceLocation: sourceLocation)
            continue
        }
        result.append(id)
    }
    return result
}

/// Checks that a failure was reported the way the CLI promises: no crash, no stack dump, and a first line that is
/// either the CLI's own `error:` or ArgumentParser's usage `Error:` (after the log lines, when `logged`).
func expectCleanFailure(
    _ result: CLIResult,
    status: Int32,
    logged: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(result.status == status, "\(result)", sourceLocation: sourceLocation)
    let lines = logged ? Array(result.errorLines.drop { !$0.hasPrefix("error: ") }) : result.errorLines
    let first = lines.first ?? ""
    #expect(
        first.hasPrefix("error: ") || first.hasPrefix("Error: "),
        "stderr starts with the error: \(result.errorText)",
        sourceLocation: sourceLocation
    )
    for crash in ["Fatal error", "Stack dump", "Current stack trace", "fatalError", "Illegal instruction"] {
        #expect(!result.errorText.contains(crash), "no crash report in stderr", sourceLocation: sourceLocation)
    }
    #expect(result.output.isEmpty, "nothing on stdout after a failure", sourceLocation: sourceLocation)
}

/// Seconds since 1970 as UTC ISO 8601, the way the CLI prints them.
func iso8601(_ seconds: Int64) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
}
