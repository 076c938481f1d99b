/// Retries when Slack answers with a server error: 500, 502, 503 or 504 by default.
public struct ServerErrorRetryHandler: RetryHandler {
    /// How many retries this handler allows per call.
    public var maxRetryCount: Int
    /// How long to wait before each retry.
    public var intervalCalculator: RetryIntervalCalculator
    /// The HTTP statuses this handler retries.
    public var retriedStatuses: Set<Int>

    /// Creates a handler.
    public init(
        maxRetryCount: Int = 1,
        intervalCalculator: RetryIntervalCalculator = .default,
        retriedStatuses: Set<Int> = [500, 502, 503, 504]
    ) {
        self.maxRetryCount = maxRetryCount
        self.intervalCalculator = intervalCalculator
        self.retriedStatuses = retriedStatuses
    }

    public func retryDecision(for context: RetryContext, state: inout RetryState) -> RetryDecision {
        guard let status = context.response?.statusCode, retriedStatuses.contains(status) else {
            return .doNotRetry
        }
        let retries = state.retryCount(for: name)
        guard retries < maxRetryCount else { return .doNotRetry }
        return .retry(after: intervalCalculator.interval(forRetry: retries))
    }
}
