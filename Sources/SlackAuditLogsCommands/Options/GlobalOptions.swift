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

    @Option(help: "Log level on standard error: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "warning"

    @Flag(name: .shortAndLong, help: "More detail in errors and logs (at least debug level). Never the token.")
    var verbose = false

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout must be between 0 and 3600 seconds, got \(timeout).")
        }
        guard (0...100).contains(retries) else { throw ValidationError("--retries must be 0 to 100, got \(retries).") }
        guard Logger.Level(rawValue: logLevel.lowercased()) != nil else {
            throw ValidationError(
                "--log-level \(logLevel) is not a level; use trace, debug, info, notice, warning, error or critical."
            )
        }
        if tokenFile != nil && tokenStdin {
            throw ValidationError("Give the token by one means only: --token-file or --token-stdin.")
        }
    }

    /// Whether the base URL points at this machine (a simulator), where limits meant for Slack may be lifted.
    var isLoopback: Bool {
        guard let host = URLComponents(string: baseURL)?.host?.lowercased() else { return false }
        return ["127.0.0.1", "::1", "[::1]", "localhost"].contains(host)
    }

    /// The level logs go to standard error at: `--log-level`, lowered to debug by `--verbose` (a trace level stays).
    var level: Logger.Level {
        let chosen = Logger.Level(rawValue: logLevel.lowercased()) ?? .warning
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

    /// The token, from `--token-file`, `--token-stdin`, `SLACK_AUDIT_TOKEN` or `SLACK_ORG_ADMIN_USER_TOKEN`.
    func token() throws -> String {
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                // `--token-file $TOKEN` is an easy slip: never echo what looks like a token.
                if tokenFile.hasPrefix("xox") {
                    throw CLIError(
                        message: "--token-file was given what looks like a token, not the path of a file.",
                        hint: "Put the token in a file and give its path, or set SLACK_AUDIT_TOKEN.",
                        exitCode: ExitStatus.usage
                    )
                }
                throw CLIError(
                    message: "Cannot read the token file \(tokenFile).",
                    hint: "Check the path and that this user may read it.",
                    exitCode: ExitStatus.usage
                )
            }
            return try Self.firstLine(of: text, source: "The token file \(tokenFile)")
        }
        if tokenStdin {
            guard let line = readLine(strippingNewline: true) else {
                throw CLIError(
                    message: "--token-stdin was given but standard input is empty.",
                    hint: "Pipe the token in, for example: pass show slack/audit | slack-audit-logs … --token-stdin",
                    exitCode: ExitStatus.missingToken
                )
            }
            return try Self.firstLine(of: line, source: "Standard input")
        }
        let environment = ProcessInfo.processInfo.environment
        for name in ["SLACK_AUDIT_TOKEN", "SLACK_ORG_ADMIN_USER_TOKEN"] {
            if let value = environment[name], !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                return value.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        throw CLIError(
            message: "No token: set SLACK_AUDIT_TOKEN, or use --token-file FILE or --token-stdin.",
            hint: "The Audit Logs API needs a user token (xoxp-…) of an owner of the Enterprise organization, from an "
                + "app installed on the organization with the auditlogs:read scope. `slack-audit-logs demo` needs "
                + "none.",
            exitCode: ExitStatus.missingToken
        )
    }

    private static func firstLine(of text: String, source: String) throws -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let token = line.trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else {
            throw CLIError(
                message: "\(source) holds no token.",
                hint: "Put the token on the first line.",
                exitCode: ExitStatus.missingToken
            )
        }
        return token
    }
}
