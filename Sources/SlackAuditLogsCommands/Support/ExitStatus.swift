import ArgumentParser
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsShipper

/// The documented exit codes (the `sysexits.h` values where one fits).
enum ExitStatus {
    /// Done.
    static let success: Int32 = 0
    /// `actions --check`: some names are not known actions.
    static let unknownNames: Int32 = 1
    /// A mistake on the command line or in an argument (ArgumentParser's own validation exit code).
    static let usage: Int32 = 64
    /// The network failed: connection refused or closed, timeout, TLS, proxy.
    static let network: Int32 = 69
    /// Something else went wrong: an unexpected API answer, a file that cannot be written, a damaged checkpoint.
    static let failure: Int32 = 70
    /// `collect`: another collector holds the output or the checkpoint (`EX_CANTCREAT`).
    static let alreadyRunning: Int32 = 73
    /// Slack kept answering 429 after the retries.
    static let rateLimited: Int32 = 75
    /// Slack refused the token, its scope or the organization's plan.
    static let notPermitted: Int32 = 77
    /// No token was given, or `serve`'s configuration file cannot be used (`EX_CONFIG`).
    static let missingToken: Int32 = 78
    /// `serve`'s configuration file cannot be used.
    static let configuration: Int32 = 78
    /// Stopped by SIGINT or SIGTERM (128 + SIGINT).
    static let interrupted: Int32 = 130

    /// The help text that lists them.
    static let documentation = """
        Exit codes: 0 success; 1 unknown action names (actions --check); 64 usage error; 69 network failure; \
        70 other failure; 73 another collector (or shipper) holds the output, checkpoint or position; 75 rate limited after retries; \
        77 token, scope or plan refused, or the sink refused the credentials; 78 no token, or serve's \
        configuration file is wrong; \
        130 interrupted.
        """

    /// The exit code for an API error.
    static func code(for error: AuditLogsError) -> Int32 {
        switch error.code {
        case .invalidArgument, .invalidConfiguration, .invalidAction, .invalidRange: return usage
        case .missingAuthentication, .invalidAuthentication, .missingScope, .notAuthorized, .featureNotEnabled:
            return notPermitted
        case .rateLimited: return rateLimited
        case .connectionFailed, .connectionClosed, .timeout, .tlsFailure, .transport: return network
        case .cancelled: return interrupted
        default: return failure
        }
    }

    /// The exit code for a shipper error.
    static func code(for error: ShipperError) -> Int32 {
        switch error.code {
        case .invalidConfiguration: return usage
        case .alreadyRunning: return alreadyRunning
        case .sinkRefused: return notPermitted
        default: return failure
        }
    }

    /// The exit code for a collector error.
    static func code(for error: CollectorError) -> Int32 {
        if let apiError = error.apiError { return code(for: apiError) }
        switch error.code {
        case .invalidConfiguration: return usage
        case .alreadyRunning: return alreadyRunning
        default: return failure
        }
    }
}
