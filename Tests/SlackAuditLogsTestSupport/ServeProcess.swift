import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SlackAuditLogsSimulator
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `slack-audit-logs serve` process started by a test from a configuration file in the test's folder, its log
/// (standard error, at info level) in `<folder>/serve.log`, its endpoint found from the log's "Serving" line.
public final class ServeProcess {
    public let process: SpawnedProcess
    public let logPath: String
    public let configPath: String
    public private(set) var endpoint: String?

    /// Starts serve with `configPath`; waits until it says it serves its organizations (signals are trapped then).
    public init(
        configPath: String,
        folder: String,
        environment: [String: String] = [:],
        logLevel: String = "info",
        executable: String = "slack-audit-logs"
    )
        async throws
    {
        self.configPath = configPath
        self.logPath = "\(folder)/serve-\(UUID().uuidString.prefix(8)).log"
        process = try SpawnedProcess(
            try builtExecutable(named: executable).path,
            arguments: ["serve", "--config", configPath, "--log-level", logLevel],
            output: logPath,
            environment: ["PATH": "/usr/bin:/bin"].merging(environment) { _, new in new }
        )
        let started = try await eventually(timeout: .seconds(120), pollingEvery: .milliseconds(50)) { [logPath] in
            (try? String(contentsOfFile: logPath, encoding: .utf8))?.contains("Serving the organizations") == true
                || self.process.exitStatus() != nil
        }
        guard started, process.exitStatus() == nil else {
            throw TestSupportFailure(message: "serve did not start: \(log)")
        }
        if let line = log.split(separator: "\n").first(where: { $0.contains("url=http://") }),
            let range = line.range(of: "url=")
        {
            endpoint = String(line[range.upperBound...].prefix { !$0.isWhitespace })
        }
    }

    /// Everything serve logged so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Sends SIGHUP and waits for the reload's outcome line, returning it.
    public func reload() async throws -> String {
        let before =
            log.components(separatedBy: "Configuration reloaded").count
            + log.components(separatedBy: "The configuration is refused").count
        process.send(SIGHUP)
        let done = try await eventually(timeout: .seconds(60), pollingEvery: .milliseconds(50)) {
            let text = log
            return text.components(separatedBy: "Configuration reloaded").count
                + text.components(separatedBy: "The configuration is refused").count > before
        }
        #expect(done, "serve reported the reload")
        return log.split(separator: "\n").last { $0.contains("Configuration reloaded") || $0.contains("refused") }
            .map(String.init) ?? ""
    }

    /// SIGTERM, then the exit status (nil when it did not exit within `grace`; it is then killed).
    public func stop(grace: Duration = .seconds(60)) async -> Int32? {
        process.send(SIGTERM)
        let status = await process.waitForExit(timeout: grace)
        if status == nil {
            process.send(SIGKILL)
            _ = await process.waitForExit(timeout: .seconds(10))
        }
        return status
    }

    /// GET `path` on the endpoint: status and body.
    public func get(_ path: String) async throws -> (status: Int, body: String) {
        try await request(path, method: .GET)
    }

    /// A request to the endpoint: status and body.
    public func request(
        _ path: String,
        method: HTTPMethod,
        body: String? = nil
    ) async throws -> (status: Int, body: String) {
        guard let endpoint else { throw TestSupportFailure(message: "serve has no endpoint") }
        var request = HTTPClientRequest(url: endpoint + path.drop { $0 == "/" })
        request.method = method
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return (Int(response.status.code), String(buffer: body))
    }

    /// The `/readyz` report of organization `name`, parsed.
    public func readiness(of name: String) async throws -> [String: Any]? {
        let (_, body) = try await get("/readyz")
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let organizations = object?["organizations"] as? [[String: Any]] ?? []
        return organizations.first { $0["name"] as? String == name }
    }

    deinit {
        if process.exitStatus() == nil {
            kill(process.pid, SIGKILL)
            _ = waitpid(process.pid, nil, 0)
        }
    }
}

extension AuditLogsSimulator: ShutsDown {}

/// The `defaults:` section of the serve tests' configurations: as fast as a simulator allows (6,000 calls a minute,
/// polls every second, retries after a second, no settle lag) and two days of backfill.
public let serveTestDefaults = """
    defaults:
      rate_per_minute: 6000
      poll_interval: 1s
      retry_max: 1s
      settle_lag: 0
      backfill: 2d
    """

/// The number of lines of an NDJSON journal: cheap enough to poll (``journalIDs(_:)`` parses every entry, for the
/// exactly-once checks at the end).
public func journalLines(_ path: String) -> Int {
    guard let data = FileManager.default.contents(atPath: path) else { return 0 }
    return data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
}

/// The IDs of the entries of an NDJSON journal, in order.
public func journalIDs(_ path: String) -> [String] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap { line in
        (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
    }
}

/// A simulator for one organization of a serve test: its own seed and token, no rate limit, `count` recent events
/// (settled: they end a minute ago).
public func startOrganizationSimulator(seed: UInt64, token: String, count: Int) async throws -> AuditLogsSimulator {
    let now = unixNow()
    return try await AuditLogsSimulator.start(
        configuration: AuditLogsSimulator.Configuration(
            tokens: [token],
            seed: seed,
            events: AuditLogsSimulator.EventBatch(
                count: count,
                oldest: now - 86_400,
                latest: now - 60,
                seed: seed
            ),
            rateLimit: .unlimited
        )
    )
}

/// A token for organization `name` of a test: shaped like Slack's, unique, so that a test can look for it anywhere.
public func organizationToken(_ name: String) -> String {
    "xoxp-\(Int.random(in: 1_000_000_000...9_999_999_999))-\(name)-\(UUID().uuidString.lowercased())"
}

/// Every file under `folder` (recursively) whose content holds `secret`, except `allowed`.
public func files(in folder: String, holding secret: String, except allowed: Set<String>) -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: folder)
    var found: [String] = []
    while let relative = enumerator?.nextObject() as? String {
        let path = "\(folder)/\(relative)"
        guard !allowed.contains(path), let data = FileManager.default.contents(atPath: path) else { continue }
        if data.range(of: Data(secret.utf8)) != nil { found.append(path) }
    }
    return found
}
