import Foundation
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogsCommands

@Suite("serve: the configuration file")
struct ServeConfigurationTests {
    static let valid = """
        http:
          listen: 127.0.0.1:9464
        state_directory: /var/lib/slack-audit-logs
        defaults:
          poll_interval: 2m
          no_data_after: 1d
        organizations:
          - name: acme
            token_file: /etc/slack-audit-logs/acme.token
            actions: [user_login, file_downloaded]
            rate_per_minute: 20
            sinks:
              - type: elasticsearch
                url: https://es.example.com:9200
                api_key_file: /etc/slack-audit-logs/es.key
              - type: splunk
                name: splunk-security
                url: https://splunk.example.com:8088
                token_env: ACME_HEC_TOKEN
                ack: true
          - name: globex
            token_env: GLOBEX_SLACK_TOKEN
            journal: /srv/globex/audit.ndjson
            poll_interval: 30s
            sinks:
              - type: syslog
                url: tls://siem.example.com:6514
                ca_file: /etc/ssl/siem.pem

        """

    @Test("a valid file: every setting read, defaults applied where an organization sets nothing")
    func valid() throws {
        let configuration = try ServeConfiguration.parse(Self.valid, path: "serve.yaml")
        #expect(configuration.listen == .init(host: "127.0.0.1", port: 9464))
        #expect(configuration.organizations.map(\.name) == ["acme", "globex"])
        let acme = configuration.organizations[0]
        #expect(acme.token == .file("/etc/slack-audit-logs/acme.token"))
        #expect(acme.actions == ["user_login", "file_downloaded"])
        #expect(acme.ratePerMinute == 20)
        #expect(acme.pollInterval == 120)
        #expect(acme.noDataAfter == 86_400)
        #expect(acme.settleLag == 300)
        #expect(acme.journal == "/var/lib/slack-audit-logs/acme/audit.ndjson")
        #expect(acme.sinks.map(\.name) == ["elasticsearch", "splunk-security"])
        if case .splunk(let splunk) = acme.sinks[1].kind {
            #expect(splunk.token == .environment("ACME_HEC_TOKEN"))
            #expect(splunk.acknowledgement)
        } else {
            Issue.record("the second sink is Splunk")
        }
        let globex = configuration.organizations[1]
        #expect(globex.token == .environment("GLOBEX_SLACK_TOKEN"))
        #expect(globex.ratePerMinute == 50, "50 a minute by default")
        #expect(globex.pollInterval == 30)
        #expect(globex.journal == "/srv/globex/audit.ndjson")
        #expect(globex.checkpoint == "/srv/globex/audit.ndjson.checkpoint.json")
    }

    @Test(
        "each mistake names the file, the line, the key and the fix",
        arguments: [
            (
                "organizations:\n  - name: acme\n    token_file: /t\n    rate_per_minut: 10\n", 4,
                "organizations[0].rate_per_minut", "Unknown key", "rate_per_minute"
            ),
            (
                "organizations:\n  - name: acme\n    token_file: /t\n    rate_per_minute: 80\n", 4,
                "organizations[0].rate_per_minute", "out of range", "1 to 50"
            ),
            (
                "organizations:\n  - name: Acme Corp\n    token_file: /t\n", 2, "organizations[0].name",
                "not a usable name", "lowercase"
            ),
            ("organizations:\n  - name: acme\n", 2, "organizations[0]", "no token source", "token_file"),
            (
                "state_directory: /s\norganizations:\n  - name: acme\n    token_file: /t\n    poll_interval: 5 minutes\n",
                5, "organizations[0].poll_interval", "not a usable duration", "5m"
            ),
            (
                "state_directory: /s\norganizations:\n  - name: a\n    token_file: /t\n  - name: a\n    token_file: /u\n",
                5, "organizations[1]", "Two organizations are named", "unique"
            ),
            (
                "organizations:\n  - name: acme\n    token_file: /t\n", 2, "organizations[0]", "no journal",
                "state_directory"
            ),
            (
                "state_directory: /s\norganizations:\n  - name: acme\n    token_file: /t\n    sinks:\n      - type: kafka\n        url: x\n",
                6, "organizations[0].sinks[0].type", "not a sink type", "elasticsearch"
            ),
            (
                "state_directory: /s\norganizations:\n  - name: acme\n    token_file: /t\n    sinks:\n      - type: syslog\n        url: udp://h:514\n",
                7, "organizations[0].sinks[0].url", "not a tcp:// or tls:// URL", "tls://"
            ),
            (
                "state_directory: /s\norganizations:\n  - name: acme\n    token_file: /t\n    api_url: http://slack.example.com/\n",
                5, "organizations[0].api_url", "not an https URL", "https://"
            ),
            ("http:\n  listen: localhost\norganizations: []\n", 2, "http.listen", "has no port", "host:port"),
            // libyaml names the line where it noticed: the end, for an unclosed list.
            ("organizations:\n  - name: [a\n", 3, "", "not valid YAML", "YAML syntax"),
            ("", nil, "", "empty", "organizations"),
        ] as [(String, Int?, String, String, String)]
    )
    func mistakes(_ text: String, line: Int?, key: String, problem: String, fix: String) {
        do {
            _ = try ServeConfiguration.parse(text, path: "/etc/serve.yaml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.file == "/etc/serve.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.key == key, "\(error)")
            #expect(error.problem.contains(problem), "\(error)")
            #expect(error.fix.contains(fix), "\(error)")
            #expect(error.description.hasPrefix(line.map { "/etc/serve.yaml:\($0):" } ?? "/etc/serve.yaml:"))
        }
    }

    @Test("a listen address already in use stops serve at once with exit 78, naming the key")
    func busyPort() async throws {
        try await withTemporaryDirectory(prefix: "serve-busy") { folder in
            try await withShutdown(try await LoopbackHTTPServer.start()) { busy in
                let path = "\(folder)/serve.yaml"
                let text = [
                    "http:", "  listen: 127.0.0.1:\(busy.port)", "state_directory: \(folder)/state", "organizations:",
                    "  - name: acme", "    token_file: \(folder)/acme.token",
                ]
                try text.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
                let result = try await CLI.run(["serve", "--config", path])
                #expect(result.status == 78, "\(result)")
                #expect(
                    result.errorText.contains("Cannot listen on 127.0.0.1:\(busy.port) (http.listen in"),
                    "\(result)"
                )
            }
        }
    }

    @Test("the example in Deploy/ and the README's are valid configurations")
    func examples() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let example = try ServeConfiguration.load(path: root.appendingPathComponent("Deploy/serve.example.yaml").path)
        #expect(example.organizations.map(\.name) == ["acme", "globex"])
        #expect(example.organizations[0].sinks.count == 2)
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## Running as a service"))
        let start = try #require(readme.range(of: "```yaml\n", range: section.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let configuration = try ServeConfiguration.parse(
            String(readme[start.upperBound..<end.lowerBound]),
            path: "README"
        )
        #expect(configuration.organizations.map(\.name) == ["acme", "globex"])

        let high = try #require(readme.range(of: "## High availability on PostgreSQL"))
        let haStart = try #require(readme.range(of: "```yaml\n", range: high.upperBound..<readme.endIndex))
        let haEnd = try #require(readme.range(of: "```", range: haStart.upperBound..<readme.endIndex))
        let shared = try ServeConfiguration.parse(String(readme[haStart.upperBound..<haEnd.lowerBound]), path: "README")
        #expect(shared.database?.leaseTTL == 15)
        #expect(shared.organizations.first?.sinks.count == 1)
    }

    @Test("a token written into the file itself is refused, and never repeated in the message")
    func tokenInTheFile() {
        let token = "xoxp-1234567890-1234567890-1234567890-abcdefabcdefabcdefabcdef"
        for text in [
            "state_directory: /s\norganizations:\n  - name: acme\n    token_file: \(token)\n",
            "state_directory: /s\norganizations:\n  - name: acme\n    token_env: \(token)\n",
            "state_directory: /s\norganizations:\n  - name: \(token)\n    token_file: /t\n",
        ] {
            do {
                _ = try ServeConfiguration.parse(text, path: "serve.yaml")
                Issue.record("accepted a token in the file")
            } catch {
                #expect(!error.description.contains(token))
                #expect(!error.description.contains("abcdefabcdef"))
                #expect(error.problem.contains("looks like a Slack token"), "\(error)")
            }
        }
    }

    @Test("serve --check: 0 for a valid file, 78 with the mistake for a wrong one; the token file is never read")
    func check() async throws {
        try await withTemporaryDirectory(prefix: "serve-check") { folder in
            let good = "\(folder)/good.yaml"
            try Self.valid.replacingOccurrences(of: "/etc/slack-audit-logs/", with: "\(folder)/")
                .write(toFile: good, atomically: true, encoding: .utf8)
            let token = "xoxp-1234567890-1234567890-1234567890-checkcheckcheckcheck"
            try "\(token)\n".write(toFile: "\(folder)/acme.token", atomically: true, encoding: .utf8)
            try "es-key\n".write(toFile: "\(folder)/es.key", atomically: true, encoding: .utf8)
            let environment = ["ACME_HEC_TOKEN": "hec-token", "GLOBEX_SLACK_TOKEN": token]
            let accepted = try await CLI.run(["serve", "--config", good, "--check"], environment: environment)
            #expect(accepted.status == 0, "\(accepted)")
            #expect(accepted.errorText.contains("valid; 2 organizations"), "\(accepted)")

            // Every secret source is checked: a missing file and an unset variable are both named.
            try FileManager.default.removeItem(atPath: "\(folder)/acme.token")
            let secrets = try await CLI.run(
                ["serve", "--config", good, "--check"],
                environment: ["ACME_HEC_TOKEN": "hec-token"]
            )
            #expect(secrets.status == 78, "\(secrets)")
            #expect(secrets.errorText.contains("organizations[0] (acme) token: Cannot read the Slack token file"))
            #expect(secrets.errorText.contains("organizations[1] (globex) token: The environment variable"))
            #expect(!secrets.errorText.contains(token))
            let bad = "\(folder)/bad.yaml"
            try "organizations:\n  - name: acme\n    token_file: /t\n    rate: 5\n".write(
                toFile: bad,
                atomically: true,
                encoding: .utf8
            )
            let refused = try await CLI.run(["serve", "--config", bad, "--check"])
            #expect(refused.status == 78, "\(refused)")
            #expect(refused.errorText.contains("\(bad):4: organizations[0].rate: Unknown key"), "\(refused)")
            let missing = try await CLI.run(["serve", "--config", "\(folder)/none.yaml", "--check"])
            #expect(missing.status == 78)
        }
    }
}

@Suite("serve: the database section (high availability on PostgreSQL)")
struct ServeDatabaseConfigurationTests {
    static let file = """
        database:
          url_file: /etc/slack-audit-logs/database-url
          lease_ttl: 20s
          instance_name: collector-a
        organizations:
          - name: acme
            token_file: /etc/slack-audit-logs/acme.token

        """

    @Test("read in full; no journal needed (the entries table is the journal)")
    func valid() throws {
        let configuration = try ServeConfiguration.parse(Self.file, path: "serve.yaml")
        let database = try #require(configuration.database)
        #expect(database.url == .file("/etc/slack-audit-logs/database-url"))
        #expect(database.leaseTTL == 20)
        #expect(database.instanceName == "collector-a")
        #expect(configuration.organizations.first?.journal == "postgresql:acme")
        let defaults = try ServeConfiguration.parse(
            "database:\n  url_env: DATABASE_URL\norganizations:\n  - name: acme\n    token_file: /t\n",
            path: "serve.yaml"
        )
        #expect(defaults.database == .init(url: .environment("DATABASE_URL"), leaseTTL: 15, instanceName: nil))
    }

    @Test(
        "each mistake names the line, the key and the fix",
        arguments: [
            (
                "database:\n  lease_ttl: 10s\norganizations:\n  - name: a\n    token_file: /t\n", 2, "database",
                "no `url_file`"
            ),
            (
                "database:\n  url_file: /u\n  lease_ttl: 1s\norganizations:\n  - name: a\n    token_file: /t\n", 3,
                "database.lease_ttl", "out of range"
            ),
            (
                "database:\n  url_file: /u\n  url: postgresql://x\norganizations:\n  - name: a\n    token_file: /t\n",
                3, "database.url", "Unknown key"
            ),
            (
                "database:\n  url_file: /u\norganizations:\n  - name: a\n    token_file: /t\n    journal: /j\n", 6,
                "organizations[0].journal", "not used with `database`"
            ),
            (
                "database:\n  url_file: /u\n  instance_name: a b\norganizations:\n  - name: a\n    token_file: /t\n",
                3, "database.instance_name", "without spaces"
            ),
        ] as [(String, Int, String, String)]
    )
    func mistakes(_ text: String, line: Int, key: String, problem: String) {
        do {
            _ = try ServeConfiguration.parse(text, path: "serve.yaml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.key == key, "\(error)")
            #expect(error.problem.contains(problem), "\(error)")
        }
    }

    @Test(
        "slack-audit-logs (without the PostgreSQL store) refuses a database section with exit 78, naming the binary to run"
    )
    func plainBinaryRefuses() async throws {
        try await withTemporaryDirectory(prefix: "serve-db") { folder in
            let password = "secret-\(UUID().uuidString)"
            try "postgresql://u:\(password)@127.0.0.1:1/d\n".write(
                toFile: "\(folder)/database-url",
                atomically: true,
                encoding: .utf8
            )
            try "xoxp-1234567890-1234567890-1234567890-abcdefabcdefabcdef\n".write(
                toFile: "\(folder)/acme.token",
                atomically: true,
                encoding: .utf8
            )
            let path = "\(folder)/serve.yaml"
            try Self.file.replacingOccurrences(of: "/etc/slack-audit-logs/", with: "\(folder)/")
                .write(toFile: path, atomically: true, encoding: .utf8)
            for arguments in [["serve", "--config", path, "--check"], ["serve", "--config", path]] {
                let run = try await CLI.run(arguments)
                #expect(run.status == 78, "\(run)")
                #expect(run.errorText.contains("slack-audit-logs-postgres"), "\(run)")
                #expect(!run.errorText.contains(password) && !run.outputText.contains(password))
            }
        }
    }
}

@Suite("serve: decisions (health, reloads, the metrics page)")
struct ServeDecisionTests {
    static func organization(
        _ name: String,
        pollStaleAfter: Int64 = 60,
        noDataAfter: Int64? = nil,
        sinks: [String] = []
    ) -> ServeConfiguration.Organization {
        var organization = ServeConfiguration.Organization(
            name: name,
            token: .file("/t/\(name)"),
            journal: "/j/\(name).ndjson",
            sinks: sinks.map { ServeConfiguration.Sink(name: $0, kind: .syslog(.init(url: "tcp://h:514"))) }
        )
        organization.pollStaleAfter = pollStaleAfter
        organization.noDataAfter = noDataAfter
        organization.sinks = organization.sinks.map { sink in
            var sink = sink
            sink.failingAfter = 120
            return sink
        }
        return organization
    }

    @Test("an organization is ready after a poll, not when polls fail or are stale, and says why")
    func readiness() {
        var health = ServeHealth()
        health.register(Self.organization("acme", pollStaleAfter: 60), now: 1000)
        var report = health.report(now: 1000).readiness
        #expect(!report.ready)
        #expect(report.organizations[0].problems == ["no successful poll yet (started 0 s ago)"])

        health.pollSucceeded("acme", now: 1010, delivered: 5, newestEventTime: 900)
        report = health.report(now: 1020).readiness
        #expect(report.ready)
        #expect(report.organizations[0].secondsSinceLastPoll == 10)
        #expect(report.organizations[0].watermarkLagSeconds == 120)

        health.pollFailed("acme", now: 1030, reason: "Slack refused the token (invalid_authentication).")
        health.pollFailed("acme", now: 1040, reason: "Slack refused the token (invalid_authentication).")
        report = health.report(now: 1041).readiness
        #expect(!report.ready)
        #expect(report.organizations[0].problems.first?.hasPrefix("2 polls in a row failed since 1030") == true)

        health.pollSucceeded("acme", now: 1050, delivered: 0, newestEventTime: nil)
        #expect(health.report(now: 1100).readiness.ready)
        report = health.report(now: 1111).readiness
        #expect(!report.ready, "61 s since the last poll, threshold 60")
        #expect(report.organizations[0].problems == ["no successful poll for 61 s (threshold 60 s)"])
        health.pageCommitted("acme", now: 1111)
        #expect(health.report(now: 1111).readiness.ready, "a committed page of a long backfill counts")
    }

    @Test("no data: reported once when it begins and once when it ends")
    func noData() {
        var health = ServeHealth()
        health.register(Self.organization("acme", pollStaleAfter: 1000, noDataAfter: 100), now: 0)
        #expect(!health.report(now: 500).readiness.organizations[0].noData, "not before a poll succeeded")
        health.pollSucceeded("acme", now: 10, delivered: 3, newestEventTime: 5)
        #expect(health.report(now: 110).noDataChanges.isEmpty, "100 s since new events: not more than 100")
        let begun = health.report(now: 111)
        #expect(begun.noDataChanges.map(\.name) == ["acme"])
        #expect(begun.noDataChanges.first?.started == true)
        #expect(begun.readiness.organizations[0].noData)
        #expect(!begun.readiness.ready)
        #expect(health.report(now: 200).noDataChanges.isEmpty, "logged once")
        health.pollSucceeded("acme", now: 201, delivered: 0, newestEventTime: nil)
        #expect(health.report(now: 202).noDataChanges.isEmpty, "a poll without events does not clear it")
        health.pollSucceeded("acme", now: 203, delivered: 1, newestEventTime: 202)
        let ended = health.report(now: 204)
        #expect(ended.noDataChanges.first?.started == false)
        #expect(ended.readiness.ready)
    }

    @Test("a sink is not ready once it has failed for longer than its threshold")
    func sinks() {
        var health = ServeHealth()
        health.register(Self.organization("acme", pollStaleAfter: 1000, sinks: ["siem"]), now: 0)
        health.pollSucceeded("acme", now: 0, delivered: 0, newestEventTime: nil)
        health.sinkAttempt("acme", sink: "siem", now: 10, failure: "HTTP 503")
        #expect(health.report(now: 130).readiness.ready, "120 s of failures: not more than 120")
        let report = health.report(now: 131).readiness
        #expect(!report.ready)
        #expect(report.organizations[0].sinks[0].problem?.contains("HTTP 503") == true)
        #expect(report.organizations[0].sinks[0].failingForSeconds == 121)
        health.sinkAttempt("acme", sink: "siem", now: 140, failure: nil)
        #expect(health.report(now: 140).readiness.ready)
    }

    @Test("a reload starts the new, stops the removed, restarts the changed, leaves the others")
    func reloadPlan() {
        let acme = Self.organization("acme")
        let globex = Self.organization("globex")
        var changed = Self.organization("initech")
        let initech = changed
        changed.ratePerMinute = 10
        let plan = ReloadPlan(
            running: [acme, initech, globex],
            wanted: [changed, acme, Self.organization("umbrella")]
        )
        #expect(plan.start.map(\.name) == ["umbrella"])
        #expect(plan.stop == ["globex"])
        #expect(plan.restart.map(\.name) == ["initech"])
        #expect(plan.unchanged == ["acme"])
        #expect(ReloadPlan(running: [acme], wanted: [acme]).isEmpty)
    }

    @Test("the metrics page gets a HELP line before every TYPE line")
    func help() {
        let page = MetricsExposition.addingHelp(
            to: Array(
                "# TYPE slack_audit_logs_org_up gauge\nslack_audit_logs_org_up{org=\"a\"} 1\n# TYPE x counter\nx 1\n"
                    .utf8
            )
        )
        #expect(
            String(decoding: page, as: UTF8.self) == """
                # HELP slack_audit_logs_org_up \(MetricsExposition.help["slack_audit_logs_org_up"] ?? "")
                # TYPE slack_audit_logs_org_up gauge
                slack_audit_logs_org_up{org="a"} 1
                # HELP x \(MetricsExposition.fallbackHelp)
                # TYPE x counter
                x 1

                """
        )
    }
}
