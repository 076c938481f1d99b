/// Retries a rate-limited call (HTTP 429) after the delay Slack asks for in `Retry-After`, plus jitter.
///
/// `Retry-After` may be a number of seconds or an HTTP-date; when it is missing or unreadable the handler waits
/// ``missingHeaderDelay``. No wait is longer than ``maximumDelay``.
public struct RateLimitErrorRetryHandler: RetryHandler {
    /// How many retries this handler allows per call.
    public var maxRetryCount: Int
    /// Extra random delay added to every wait.
    public var jitter: RetryJitter
    /// The wait when Slack sends no usable `Retry-After`.
    public var missingHeaderDelay: Duration
    /// The longest wait, whatever `Retry-After` says.
    public var maximumDelay: Duration

    /// Creates a handler.
    public init(
        maxRetryCount: Int = 1,
        jitter: RetryJitter = .random(upTo: .seconds(1)),
        missingHeaderDelay: Duration = .seconds(1),
        maximumDelay: Duration = .seconds(300)
    ) {
        self.maxRetryCount = maxRetryCount
        self.jitter = jitter
        self.missingHeaderDelay = missingHeaderDelay
        self.maximumDelay = maximumDelay
    }

    public func retryDecision(for context: RetryContext, state: inout RetryState) -> RetryDecision {
        guard context.error?.code == .rateLimited, state.retryCount(for: name) < maxRetryCount else {
            return .doNotRetry
        }
        let requested = context.error?.retryAfter ?? missingHeaderDelay
        return .retry(after: min(requested + jitter.next(), maximumDelay))
    }
}
