import ArgumentParser

@main
struct SlackAuditLogsCommand: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
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
              slack-audit-logs simulate --port 8080 --events 100000

            \(ExitStatus.documentation)
            """,
        version: version,
        subcommands: [
            LogsCommand.self, ActionsCommand.self, SchemasCommand.self, CollectCommand.self, SimulateCommand.self,
            DemoCommand.self,
        ]
    )

    static func main() async {
        Allocator.keepLargeBlocksMapped()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
