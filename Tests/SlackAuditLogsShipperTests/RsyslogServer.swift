import Foundation
import SlackAuditLogsTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real `rsyslogd`, started for one test in its own temporary directory, with a plain TCP input and a TLS input
/// on ports the system chose, writing every message it receives as one JSON-escaped line (the recipe of
/// `shared/spec/delivery-facts.md` section 4).
///
/// Start it with ``withRsyslog(_:)``, which always stops it.
struct RsyslogServer {
    /// The directory holding the configuration, the pid file, the port files and what rsyslog wrote.
    let directory: String
    /// The port of the plain TCP input.
    let plainPort: Int
    /// The port of the TLS input (server certificate `Resources/tls/server.pem`, for `localhost` and `127.0.0.1`).
    let tlsPort: Int

    /// The test CA that signed the TLS input's certificate.
    static func resourcePath(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources/tls") else {
            throw TestSupportFailure(message: "Resources/tls/\(name) is not in the test bundle.")
        }
        return url.path
    }

    /// The path of `rsyslogd` on `PATH` or in `/usr/sbin`, or nil when it is not installed.
    static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map { "\($0)/rsyslogd" } + ["/usr/sbin/rsyslogd"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Every message received so far, in order, JSON-unescaped: the exact bytes of each SYSLOG-MSG.
    func receivedMessages() throws -> [[UInt8]] {
        try Self.decodedLines(of: "\(directory)/received.log")
    }

    /// What rsyslog's RFC 5424 parser made of each message received so far (see `parsed` in the configuration).
    func parsedMessages() throws -> [String] {
        try Self.decodedLines(of: "\(directory)/parsed.log").map { String(decoding: $0, as: UTF8.self) }
    }

    /// rsyslog's own messages (errors such as a TLS connection closed without `close_notify`).
    func internalMessages() -> String {
        (try? String(contentsOfFile: "\(directory)/rsyslogd-internal.log", encoding: .utf8)) ?? ""
    }

    /// Waits until at least `count` messages arrived or `timeout` passed, and returns what arrived.
    func waitForMessages(count: Int, timeout: Duration = .seconds(30)) async throws -> [[UInt8]] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let messages = try receivedMessages()
            if messages.count >= count || ContinuousClock.now >= deadline { return messages }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    private static func decodedLines(of path: String) throws -> [[UInt8]] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        // Only complete lines: rsyslog may be writing the last one.
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        lines.removeLast()
        return try lines.map { line in
            let quoted = Data("\"".utf8) + line + Data("\"".utf8)
            return Array(try JSONDecoder().decode(String.self, from: quoted).utf8)
        }
    }

    /// The configuration: both inputs into one ruleset that writes `received.log` (the raw message) and
    /// `parsed.log` (the header fields and structured data rsyslog parsed), rsyslog's own messages to
    /// `rsyslogd-internal.log`.
    static func configuration(directory: String, plainPort: Int) throws -> String {
        let ca = try resourcePath("ca.pem")
        let certificate = try resourcePath("server.pem")
        let key = try resourcePath("server.key")
        let parsed =
            "%syslogfacility%|%syslogseverity%|%timereported:::date-rfc3339%|%hostname:::json%|%app-name:::json%|"
            + "%procid:::json%|%msgid:::json%|%structured-data:::json%"
        return """
            global(workDirectory="\(directory)" maxMessageSize="64k" processInternalMessages="on"
                   parser.escapeControlCharactersOnReceive="off")
            module(load="imtcp")
            template(name="rawjson" type="string" string="%rawmsg:::json%\\n")
            template(name="parsed" type="string" string="\(parsed)\\n")
            ruleset(name="fromtcp") {
                action(type="omfile" file="\(directory)/received.log" template="rawjson")
                action(type="omfile" file="\(directory)/parsed.log" template="parsed")
            }
            input(type="imtcp" address="127.0.0.1" port="\(plainPort)" listenPortFileName="\(directory)/port.plain"
                  ruleset="fromtcp")
            input(type="imtcp" address="127.0.0.1" port="0" listenPortFileName="\(directory)/port.tls"
                  ruleset="fromtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon"
                  streamDriver.CAFile="\(ca)" streamDriver.CertFile="\(certificate)"
                  streamDriver.KeyFile="\(key)")
            action(type="omfile" file="\(directory)/rsyslogd-internal.log")

            """
    }
}

/// Runs `body` with a new rsyslog, its plain input on `plainPort` (0: a port the system chooses), then stops it
/// (SIGTERM, then SIGKILL after 10 s) whether `body` returned or threw.
///
/// When rsyslogd is not installed the test is cancelled (reported as skipped) with a note saying so, except under
/// `CI=true`, where a missing rsyslog is an error: CI installs it (`.ci/run`), so its absence must not pass silently.
func withRsyslog<Result>(
    plainPort: Int = 0,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (RsyslogServer) async throws -> Result
) async throws -> Result {
    guard let rsyslogd = RsyslogServer.executable() else {
        let note = "rsyslogd is not installed (looked on PATH and in /usr/sbin); apt-get install rsyslog rsyslog-gnutls"
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw TestSupportFailure(message: "CI=true but \(note)")
        }
        try Test.cancel("Skipped: \(note)")
    }
    return try await withTemporaryDirectory(prefix: "rsyslog") { directory in
        let configuration = "\(directory)/rsyslog.conf"
        try RsyslogServer.configuration(directory: directory, plainPort: plainPort).write(
            toFile: configuration,
            atomically: true,
            encoding: .utf8
        )
        try await check(rsyslogd: rsyslogd, configuration: configuration, directory: directory)

        let process = try SpawnedProcess(
            rsyslogd,
            arguments: ["-n", "-f", configuration, "-i", "\(directory)/rsyslogd.pid"],
            output: "\(directory)/stderr.log"
        )
        let result: Result
        do {
            let server = try await waitForPorts(of: process, directory: directory, plainPort: plainPort)
            result = try await body(server)
        } catch {
            await stop(process)
            throw error
        }
        await stop(process)
        return result
    }
}

/// `rsyslogd -N1`: the configuration is valid, or the test fails with rsyslog's own words.
private func check(rsyslogd: String, configuration: String, directory: String) async throws {
    let output = "\(directory)/check.log"
    let process = try SpawnedProcess(rsyslogd, arguments: ["-N1", "-f", configuration], output: output)
    let status = await process.waitForExit(timeout: .seconds(30))
    guard status == 0 else {
        process.send(SIGKILL)
        let said = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        throw TestSupportFailure(message: "rsyslogd -N1 rejected the test configuration (\(status ?? -1)): \(said)")
    }
}

/// Waits (at most 30 s) until rsyslog wrote both port files.
private func waitForPorts(of process: SpawnedProcess, directory: String, plainPort: Int) async throws -> RsyslogServer {
    // Generous: on a loaded CI machine (the whole suite in parallel) rsyslogd has taken more than 30 s to start.
    let deadline = ContinuousClock.now + .seconds(90)
    func port(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "\(directory)/port.\(name)", encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    while ContinuousClock.now < deadline {
        // With a fixed plain port rsyslog writes no port file for it; it binds the inputs in the configuration's
        // order, so the plain one listens once the TLS one wrote its file.
        if let plain = plainPort == 0 ? port("plain") : plainPort, let tls = port("tls") {
            return RsyslogServer(directory: directory, plainPort: plain, tlsPort: tls)
        }
        guard process.exitStatus() == nil else { break }
        try await Task.sleep(for: .milliseconds(20))
    }
    let said = (try? String(contentsOfFile: "\(directory)/stderr.log", encoding: .utf8)) ?? ""
    throw TestSupportFailure(
        message:
            "rsyslogd did not write its port files within 90 s (exit status \(process.exitStatus().map(String.init) ?? "none: still running")): \(said)"
    )
}

/// SIGTERM, then SIGKILL if rsyslog is still running 10 s later; returns once it exited.
private func stop(_ process: SpawnedProcess) async {
    process.send(SIGTERM)
    if await process.waitForExit(timeout: .seconds(10)) == nil {
        process.send(SIGKILL)
        _ = await process.waitForExit(timeout: .seconds(10))
    }
}
