// The slack-audit-logs command: everything it does lives in SlackAuditLogsCommands, where the tests can reach it.
import SlackAuditLogsCommands

await SlackAuditLogsCommand.runFromCommandLine()
