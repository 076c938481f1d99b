import ArgumentParser
import SlackAuditLogs

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The root command; `Sources/SlackAuditLogsCLI/main.swift` runs it.
package struct SlackAuditLogsCommand: AsyncParsableCommand {
    static let version = PackageVersion.current

    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "slack-audit-logs",
        abstract: "Query, export and collect Slack Enterprise audit logs.",
        discussion: """
            The token comes from SLACK_AUDIT_TOKEN (or SLACK_ORG_ADMIN_USER_TOKEN), --token-file FILE or \
            --token-stdin; never from a flag value, which other users could see in `ps`. It is a user token (xoxp-…) \
            of an owner of the Enterprise organization, from an app installed on the organization with the \
            auditlogs:read scope.

            Examples:
              slack-audit-logs demo
              slack-audit-logs logs --oldest 24h --action user_login --limit 100
              slack-audit-logs logs --oldest 2024-05-01 --all --format ndjson > may.ndjson
              slack-audit-logs actions --check user_login file_downloaded
              slack-audit-logs collect --output audit.ndjson --checkpoint audit.checkpoint.json --since 30d --follow
              slack-audit-logs ship --journal audit.ndjson --checkpoint audit.checkpoint.json --sink elasticsearch \
                --sink-url https://es.example.com:9200 --api-key-file es.key
              slack-audit-logs simulate --port 8080 --events 100000

            \(ExitStatus.documentation)
            """,
        version: version,
        subcommands: [
            LogsCommand.self, ActionsCommand.self, SchemasCommand.self, CollectCommand.self, ShipCommand.self,
            ServeCommand.self, SimulateCommand.self, DemoCommand.self,
        ]
    )

    /// Runs the command line: parses the arguments, runs the command, exits with its status.
    package static func runFromCommandLine() async {
        Allocator.keepLargeBlocksMapped()
        do {
            var command = try parseAsRoot(Self.joiningNegativeValues(Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // ArgumentParser's messages echo what was typed: a token put in the wrong place must not be printed.
            let code = exitCode(for: error)
            let message = TokenPattern.scrub(fullMessage(for: error))
            if !message.isEmpty {
                if code == .success { Terminal.write(message + "\n") } else { Terminal.diagnostic(message) }
            }
            #if canImport(Glibc)
            Glibc.exit(code.rawValue)
            #else
            Darwin.exit(code.rawValue)
            #endif
        }
    }

    /// `--oldest -5` as `--oldest=-5`: the parser takes a value that starts with `-` for an option, and would say
    /// "Missing value for '--oldest'"; the option's own check can then say what a negative value means.
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            let next = index + 1 < arguments.endIndex ? arguments[index + 1] : nil
            if argument.hasPrefix("--"), argument.count > 2, !argument.contains("="), let next, next.count > 1,
                next.hasPrefix("-"), next.dropFirst().first?.isASCIIDigit == true
            {
                result.append("\(argument)=\(next)")
                index += 2
            } else {
                result.append(argument)
                index += 1
            }
        }
        return result
    }
}
