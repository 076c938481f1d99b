// slack-audit-logs with serve's PostgreSQL store: the same commands, and `serve` accepts a `database` section.
import SlackAuditLogsCommands
import SlackAuditLogsPostgreSQL

ServeClusterRegistry.register(PostgresStore.connect)
await SlackAuditLogsCommand.runFromCommandLine()
