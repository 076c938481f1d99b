import Foundation
import SlackAuditLogsTestSupport

/// What a run of the built `slack-audit-logs` printed and how it ended.
struct CLIRun: CustomStringConvertible {
    var status: Int32
    var output: String
    var errorText: String
    var description: String { "exit \(status)\nstdout: \(output)\nstderr: \(errorText)" }

    /// Runs the built CLI with `arguments` and exactly `environment` (nothing inherited), output to files so that a
    /// large output cannot block it.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CLIRun {
        let (process, exits, files) = try launch(arguments, environment: environment)
        var status: Int32 = Int32.min
        for await value in exits { status = value }
        _ = process
        return CLIRun(
            status: status,
            output: (try? String(contentsOf: files.output, encoding: .utf8)) ?? "",
            errorText: (try? String(contentsOf: files.error, encoding: .utf8)) ?? ""
        )
    }

    /// Starts the built CLI; the caller waits on (or kills) it.
    static func launch(
        _ arguments: [String],
        environment: [String: String] = [:]
    ) throws -> (Process, AsyncStream<Int32>, (output: URL, error: URL)) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("stdout")
        let error = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: error.path, contents: nil)
        let process = Process()
        process.executableURL = try builtExecutable(named: "slack-audit-logs")
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin"].merging(environment) { _, new in new }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: error)
        return (process, try process.runReportingExit(), (output, error))
    }
}
