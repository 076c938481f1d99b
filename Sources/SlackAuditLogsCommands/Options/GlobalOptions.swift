import ArgumentParser
import Foundation
import Logging
import SlackAuditLogs

/// Options every command that talks to Slack accepts.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The API's base URL (for a proxy in front of Slack, or the simulator).")
    var baseURL: String = "https://api.slack.com/audit/v1/"

    @Option(help: "Proxy URL (http:// or socks5://). Default: HTTPS_PROXY/HTTP_PROXY from the environment.")
    var proxy: String?

    @Option(help: "PEM file of the certificate authorities to trust instead of the system's.")
    var caFile: String?

    @Option(help: "Seconds one attempt may take, from sending to the last byte.")
    var timeout: Double = 30

    @Option(help: "Retries for connection errors, 429s and 5xx answers.")
    var retries: Int = 3

    @Option(help: "Read the token from this file (first line).")
    var tokenFile: String?

    @Flag(help: "Read the token from standard input (first line).")
    var tokenStdin = false

    @Option(help: "Log level on standard error.")
    var logLevel: LogLevelArgument = .warning

    @Flag(name: .shortAndLong, help: "More detail in errors and logs (at least debug level). Never the token.")
    var verbose = false

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout must be between 0 and 3600 seconds, got \(timeout).")
        }
        guard (0...100).contains(retries) else { throw ValidationError("--retries must be 0 to 100, got \(retries).") }
        if tokenFile != nil && tokenStdin {
            throw ValidationError("Give the token by one means only: --token-file or --token-stdin.")
        }
    }

    /// Whether the base URL points at this machine (a simulator), where limits meant for Slack may be lifted.
    var isLoopback: Bool { Loopback.isLoopback(url: baseURL) }

    /// The level logs go to standard error at: `--log-level`, lowered to debug by `--verbose` (a trace level stays).
    var level: Logger.Level {
        let chosen = logLevel.level
        return verbose ? min(chosen, .debug) : chosen
    }

    /// A logger to standard error at the chosen level.
    func makeLogger() -> Logger {
        var logger = Logger(label: "slack-audit-logs", factory: StreamLogHandler.standardError(label:))
        logger.logLevel = level
        return logger
    }

    /// The retry handlers `--retries` asks for.
    var retryHandlers: [any RetryHandler] {
        guard retries > 0 else { return [] }
        return [
            ConnectionErrorRetryHandler(maxRetryCount: retries),
            RateLimitErrorRetryHandler(maxRetryCount: retries),
            ServerErrorRetryHandler(maxRetryCount: retries),
        ]
    }

    /// A client configured from the options.
    func makeClient(token: String, rateLimiter: RateLimiter? = .tier3()) throws -> AuditLogsClient {
        var configuration = AuditLogsClient.Configuration(
            baseURL: baseURL,
            timeout: .milliseconds(Int64(timeout * 1000)),
            retryHandlers: retryHandlers,
            rateLimiter: rateLimiter
        )
        configuration.userAgentSuffix = "slack-audit-logs-cli/\(SlackAuditLogsCommand.version)"
        if let proxy { configuration.proxy = .url(proxy) }
        if let caFile { configuration.tls = .customCA(pemFile: caFile) }
        return try AuditLogsClient(token: token, configuration: configuration, logger: makeLogger())
    }

    /// The most a token file may hold: a Slack token is well under 1 KB; a larger file is not a token file.
    static let maximumTokenFileBytes = 4096

    /// The token, from `--token-file`, `--token-stdin`, `SLACK_AUDIT_TOKEN` or `SLACK_ORG_ADMIN_USER_TOKEN`.
    func token() throws -> String {
        if let tokenFile {
            // `--token-file $TOKEN` or `--token-file "Bearer xoxp-…"` is an easy slip: never echo what looks like a
            // token, wherever it stands in the value.
            if TokenPattern.appears(in: tokenFile) {
                throw CLIError(
                    message: "--token-file was given what looks like a token, not the path of a file.",
                    hint: "Put the token in a file and give its path, or set SLACK_AUDIT_TOKEN.",
                    exitCode: ExitStatus.usage
                )
            }
            return try Self.firstLine(of: try Self.readTokenFile(tokenFile), source: "The token file \(tokenFile)")
        }
        if tokenStdin {
            guard let line = readLine(strippingNewline: true) else {
                throw CLIError(
                    message: "--token-stdin was given but standard input is empty.",
                    hint: "Pipe the token in, for example: pass show slack/audit | slack-audit-logs … --token-stdin",
                    exitCode: ExitStatus.missingToken
                )
            }
            return try Self.firstLine(of: String(line.prefix(Self.maximumTokenFileBytes)), source: "Standard input")
        }
        let environment = ProcessInfo.processInfo.environment
        for name in ["SLACK_AUDIT_TOKEN", "SLACK_ORG_ADMIN_USER_TOKEN"] {
            if let value = environment[name], !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return try Self.firstLine(of: value, source: "The environment variable \(name)")
            }
        }
        throw CLIError(
            message: "No token: set SLACK_AUDIT_TOKEN, or use --token-file FILE or --token-stdin.",
            hint:
                "The Audit Logs API needs a user token (xoxp-…) of an owner of the Enterprise organization, from an app "
                + "installed on the organization with the auditlogs:read scope. `slack-audit-logs demo` needs "
                + "none.",
            exitCode: ExitStatus.missingToken
        )
    }

    /// The start of a token file, reading at most a byte more than a token file may hold, so that a wrong path (a
    /// log file, a disk image) is refused at once rather than read whole. Pipes (`--token-file <(pass show …)`) work.
    private static func readTokenFile(_ path: String) throws -> String {
        try SecretFile.read(path, what: "token", maximumBytes: maximumTokenFileBytes)
    }

    private static func firstLine(of text: String, source: String) throws -> String {
        // A token copied with its header prefix is still the token.
        try SecretFile.firstLine(
            of: text,
            what: "token",
            source: source,
            example: "xoxp-…",
            droppingPrefix: "bearer ",
            emptyExitCode: ExitStatus.missingToken
        )
    }
}
