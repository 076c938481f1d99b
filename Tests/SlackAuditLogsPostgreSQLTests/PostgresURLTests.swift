import SlackAuditLogsCommands
import Testing

@testable import SlackAuditLogsPostgreSQL

@Suite("The database URL")
struct PostgresURLTests {
    @Test("libpq-style URLs: user, percent-encoded password, host, port, database, TLS mode, a socket folder")
    func forms() throws {
        let full = try PostgresURL(
            parsing: "postgresql://sal:p%40ss%3Aw%2Frd@db.example.com:6432/audit?sslmode=verify-full"
        )
        #expect(full.address == .tcp(host: "db.example.com", port: 6432))
        #expect(full.username == "sal")
        #expect(full.password == "p@ss:w/rd")
        #expect(full.database == "audit")
        #expect(full.tlsMode == .verifyFull)
        #expect(full.location == "db.example.com:6432/audit")
        #expect(!full.location.contains("p@ss"))

        let short = try PostgresURL(parsing: "postgres://localhost")
        #expect(short.address == .tcp(host: "localhost", port: 5432))
        #expect(short.username == "postgres")
        #expect(short.password == nil)
        #expect(short.tlsMode == .prefer)

        let socket = try PostgresURL(parsing: "postgresql://sal@/audit?host=/run/postgresql&sslmode=disable")
        #expect(socket.address == .socket(directory: "/run/postgresql", port: 5432))
        let ipv6 = try PostgresURL(parsing: "postgresql://u@[::1]:5433/d?connect_timeout=3")
        #expect(ipv6.address == .tcp(host: "::1", port: 5433))
        #expect(ipv6.connectTimeout == .seconds(3))
    }

    @Test(
        "a mistake says which part is wrong and never repeats the password",
        arguments: [
            ("mysql://u:hunter2-secret@h/d", "does not start with postgresql://"),
            ("postgresql://u:hunter2-secret@h:99999/d", "port that is not 1 to 65535"),
            ("postgresql://u:hunter2-secret@h/d?sslmode=maybe", "sslmode=maybe"),
            ("postgresql://u:hunter2-secret@h/d?options=-c", "`options`, which is not supported"),
            ("postgresql://u:hunter2-secret@[::1/d", "without its ']'"),
            ("postgresql://u:hunter2-secret%zz@h/d", "percent-encoding in its password"),
            ("postgresql://u:hunter2-secret@/d?host=/s&sslmode=require", "TLS over a Unix socket"),
        ]
    )
    func mistakes(_ text: String, problem: String) {
        do {
            _ = try PostgresURL(parsing: text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.kind == .invalidConfiguration)
            #expect(error.message.contains(problem), "\(error)")
            #expect(!error.message.contains("hunter2") && !(error.hint ?? "").contains("hunter2"), "\(error)")
        }
    }
}
