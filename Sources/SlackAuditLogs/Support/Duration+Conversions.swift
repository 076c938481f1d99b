// The package's one home for `Duration` arithmetic: every module converts through these, so rounding and clamping
// are the same everywhere.
extension Duration {
    /// The duration in seconds, as a `Double`.
    package var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Whole milliseconds, rounded down (for log metadata and headers).
    package var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Whole seconds, rounded up, for second-granularity time arithmetic.
    package var wholeSecondsRoundedUp: Int64 {
        let parts = components
        return parts.seconds + (parts.attoseconds > 0 ? 1 : 0)
    }

    /// "1.5s"-style text for messages.
    package var formattedSeconds: String {
        let (seconds, attoseconds) = components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 { return "\(seconds)s" }
        let fraction = String(milliseconds + 1000).dropFirst()
        return "\(seconds).\(fraction)s"
    }

    /// `seconds` as a duration with nanosecond precision, clamped to 0 … 10⁹ s (about 31 years) so that it never
    /// overflows; not-a-number and negative values are zero.
    package static func seconds(clamping seconds: Double) -> Duration {
        guard seconds.isFinite, seconds > 0 else { return .zero }
        return .nanoseconds(Int64((min(seconds, 1e9) * 1e9).rounded()))
    }
}
