/// How long to wait before the n-th retry.
///
/// ```swift
/// ConnectionErrorRetryHandler(intervalCalculator: .exponentialBackoff(factor: .seconds(1), jitter: .none))
/// ```
public struct RetryIntervalCalculator: Sendable {
    private let compute: @Sendable (Int) -> Duration

    /// A calculator from a closure that takes the 0-based retry number and returns the delay.
    public init(_ compute: @escaping @Sendable (_ retryNumber: Int) -> Duration) {
        self.compute = compute
    }

    /// The delay before retry number `retryNumber` (0 for the first retry).
    public func interval(forRetry retryNumber: Int) -> Duration {
        max(compute(max(retryNumber, 0)), .zero)
    }

    /// The same delay before every retry.
    public static func fixed(_ interval: Duration) -> RetryIntervalCalculator {
        RetryIntervalCalculator { _ in interval }
    }

    /// `factor × 2^retryNumber`, plus jitter, at most `maximum`: 0.5 s, 1 s, 2 s, … with the defaults.
    public static func exponentialBackoff(
        factor: Duration = .milliseconds(500),
        jitter: RetryJitter = .random(upTo: .seconds(1)),
        maximum: Duration = .seconds(300)
    ) -> RetryIntervalCalculator {
        RetryIntervalCalculator { retryNumber in
            let multiplier = Double(1 << min(retryNumber, 30))
            let base = Duration.seconds(clamping: factor.seconds * multiplier)
            return min(base + jitter.next(), maximum)
        }
    }

    /// The reference SDK's default: exponential backoff from 0.5 s with up to 1 s of random jitter.
    public static let `default` = RetryIntervalCalculator.exponentialBackoff()
}

/// Extra random delay added to a retry interval, so that many clients do not retry in lockstep.
public struct RetryJitter: Sendable {
    private let compute: @Sendable () -> Duration

    /// Jitter from a closure.
    public init(_ compute: @escaping @Sendable () -> Duration) {
        self.compute = compute
    }

    /// A new jitter value.
    public func next() -> Duration {
        max(compute(), .zero)
    }

    /// No jitter.
    public static let none = RetryJitter { .zero }

    /// A uniformly random delay between zero and `upperBound`.
    public static func random(upTo upperBound: Duration) -> RetryJitter {
        RetryJitter {
            let bound = upperBound.seconds
            guard bound > 0 else { return .zero }
            return .seconds(clamping: Double.random(in: 0...bound))
        }
    }
}
