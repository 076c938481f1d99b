import Foundation
import Logging
import PostgresNIO
import SlackAuditLogsTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real PostgreSQL server of one test: its own cluster (`initdb`) in a temporary folder, listening only on a Unix
/// socket in that folder (no port to collide with a parallel test), run as the `postgres` user when the tests run as
/// root (PostgreSQL refuses root), stopped and removed at the end.
final class PostgresServer: Sendable {
    /// The cluster's folder; the socket `.s.PGSQL.5432` is in it.
    let directory: String
    private let binaries: String

    /// The URL `serve` and the tests connect with.
    var url: String { "postgresql://postgres@localhost/postgres?host=\(directory)&sslmode=disable" }

    var log: String { (try? String(contentsOfFile: "\(directory)/server.log", encoding: .utf8)) ?? "" }

    private init(directory: String, binaries: String) {
        self.directory = directory
        self.binaries = binaries
    }

    /// The folder of `pg_ctl` and `initdb`: Debian's `/usr/lib/postgresql/<version>/bin` (newest first), or `PATH`.
    static func binaries() -> String? {
        let debian = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(debian)/\(version)/bin/pg_ctl") {
            return "\(debian)/\(version)/bin"
        }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            if FileManager.default.isExecutableFile(atPath: "\(folder)/pg_ctl"),
                FileManager.default.isExecutableFile(atPath: "\(folder)/initdb")
            {
                return String(folder)
            }
        }
        return nil
    }

    /// Makes and starts a new cluster (fsync off: a test's data need not survive a power cut).
    static func start(binaries: String) async throws -> PostgresServer {
        var template = Array("/tmp/sal-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw TestSupportFailure(message: "mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        let directory = String(cString: made)
        let server = PostgresServer(directory: directory, binaries: binaries)
        if getuid() == 0 {
            guard let user = getpwnam("postgres") else {
                throw TestSupportFailure(message: "running as root and there is no postgres user to run PostgreSQL")
            }
            chown(directory, user.pointee.pw_uid, user.pointee.pw_gid)
        }
        chmod(directory, 0o700)
        try await server.tool(
            "initdb",
            [
                "-D", "\(directory)/data", "--auth=trust", "--username=postgres", "--encoding=UTF8", "--locale=C.UTF-8",
                "--no-sync",
            ]
        )
        try await server.start()
        return server
    }

    /// Starts the (stopped) server and waits until it accepts connections.
    func start() async throws {
        try await tool(
            "pg_ctl",
            [
                "-D", "\(directory)/data", "-l", "\(directory)/server.log", "-w", "-t", "60", "-o",
                "-k \(directory) -c listen_addresses='' -p 5432 -c fsync=off -c max_connections=200", "start",
            ]
        )
    }

    /// Stops the server (fast: open transactions are rolled back, connections closed).
    func stop() async throws {
        try await tool("pg_ctl", ["-D", "\(directory)/data", "-m", "fast", "-w", "-t", "60", "stop"])
    }

    /// Stops and removes the cluster.
    func destroy() async {
        try? await stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs one of the server's programs (as `postgres` when root) and waits for it; throws when it fails.
    private func tool(_ name: String, _ arguments: [String]) async throws {
        let path = "\(binaries)/\(name)"
        let output = "\(directory)/\(name).log"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let process: SpawnedProcess
        if getuid() == 0 {
            if let user = getpwnam("postgres") { chown(output, user.pointee.pw_uid, user.pointee.pw_gid) }
            let runuser = ["/usr/sbin/runuser", "/sbin/runuser"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            }
            guard let runuser else { throw TestSupportFailure(message: "running as root and runuser is missing") }
            process = try SpawnedProcess(
                runuser,
                arguments: ["-u", "postgres", "--", path] + arguments,
                output: output
            )
        } else {
            process = try SpawnedProcess(path, arguments: arguments, output: output)
        }
        guard let status = await process.waitForExit(timeout: .seconds(120)) else {
            process.send(SIGKILL)
            throw TestSupportFailure(message: "\(name) did not finish in 120 s")
        }
        guard status == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw TestSupportFailure(message: "\(name) exited with \(status): \(text)\n\(log)")
        }
    }
}

/// Runs `body` with a new PostgreSQL server, then stops and removes it whether `body` returned or threw.
///
/// Without PostgreSQL installed the test is cancelled (reported as skipped) with a note saying so, except under
/// `CI=true`, where its absence is an error: `.ci/run` installs it, so it must not pass silently.
func withPostgres<Result>(
    isolation: isolated (any Actor)? = #isolation,
    _ body: (PostgresServer) async throws -> Result
) async throws -> Result {
    guard let binaries = PostgresServer.binaries() else {
        let note =
            "PostgreSQL is not installed (no pg_ctl in /usr/lib/postgresql/*/bin or on PATH); "
            + "apt-get install postgresql"
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw TestSupportFailure(message: "CI=true but \(note)")
        }
        try Test.cancel("Skipped: \(note)")
    }
    let server = try await PostgresServer.start(binaries: binaries)
    do {
        let result = try await body(server)
        await server.destroy()
        return result
    } catch {
        await server.destroy()
        throw error
    }
}

/// Runs `body` with a client of `server` (for the tests' own queries), closed at the end.
func withClient<Result: Sendable>(
    of server: PostgresServer,
    _ body: @Sendable (PostgresClient) async throws -> Result
) async throws -> Result {
    let client = PostgresClient(
        configuration: PostgresClient.Configuration(
            unixSocketPath: "\(server.directory)/.s.PGSQL.5432",
            username: "postgres",
            password: nil,
            database: "postgres"
        ),
        backgroundLogger: Logger(label: "test-postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    )
    return try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask {
            await client.run()
            return nil
        }
        defer { group.cancelAll() }
        return try await body(client)
    }
}
