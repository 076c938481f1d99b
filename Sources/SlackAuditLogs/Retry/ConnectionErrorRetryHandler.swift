/// Retries when no response arrived: connection refused or reset, closed by the server, or timed out.
///
/// This is the only handler enabled by default, with one retry, as in Slack's reference SDK.
public struct ConnectionErrorRetryHandler: RetryHandler {
    /// How many retries this handler allows per call.
    public var maxRetryCount: Int
    /// How long to wait before each retry.
    public var intervalCalculator: RetryIntervalCalculator
    /// The error codes this handler retries.
    public var retriedCodes: Set<AuditLogsError.Code>

    /// Creates a handler.
    public init(
        maxRetryCount: Int = 1,
        intervalCalculator: RetryIntervalCalculator = .default,
        retriedCodes: Set<AuditLogsError.Code> = [.connectionFailed, .connectionClosed, .timeout]
    ) {
        self.maxRetryCount = maxRetryCount
        self.intervalCalculator = intervalCalculator
        self.retriedCodes = retriedCodes
    }

    public func retryDecision(for context: RetryContext, state: inout RetryState) -> RetryDecision {
        guard context.response == nil, let code = context.error?.code, retriedCodes.contains(code) else {
            return .doNotRetry
        }
        let retries = state.retryCount(for: name)
        guard retries < maxRetryCount else { return .doNotRetry }
        return .retry(after: intervalCalculator.interval(forRetry: retries))
    }
}
