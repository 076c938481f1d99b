import ArgumentParser
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsShipper

/// Runs a command's body and turns every failure into one clear line (plus a hint) on standard error and a documented
/// exit code. `--verbose` adds the detail; nothing printed ever holds the token.
func reportingFailures(verbose: Bool, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CLIError {
        report(error.message, hint: error.hint, detail: verbose ? error.detail : nil)
        throw ExitCode(error.exitCode)
    } catch let error as AuditLogsError {
        report(error.description, hint: nil, detail: verbose ? error.debugDescription : nil)
        throw ExitCode(ExitStatus.code(for: error))
    } catch let error as ShipperError {
        report(error.message, hint: nil, detail: nil)
        throw ExitCode(ExitStatus.code(for: error))
    } catch let error as CollectorError {
        report(error.message, hint: nil, detail: verbose ? error.debugDescription : nil)
        throw ExitCode(ExitStatus.code(for: error))
    } catch is CancellationError {
        report("Interrupted.", hint: nil, detail: nil)
        throw ExitCode(ExitStatus.interrupted)
    } catch let error as JSONParseError {
        report("An answer could not be read: \(error).", hint: nil, detail: nil)
        throw ExitCode(ExitStatus.failure)
    } catch let error as ValidationError {
        throw error
    } catch {
        // Anything else still ends as one line and the documented "other failure" code, not ArgumentParser's 1.
        report("\(error)", hint: nil, detail: verbose ? String(reflecting: error) : nil)
        throw ExitCode(ExitStatus.failure)
    }
}

private func report(_ message: String, hint: String?, detail: String?) {
    Terminal.endStatus()
    Terminal.diagnostic("error: \(message)")
    if let hint { Terminal.diagnostic("hint: \(hint)") }
    if let detail, detail != message { Terminal.diagnostic("detail: \(detail)") }
}
