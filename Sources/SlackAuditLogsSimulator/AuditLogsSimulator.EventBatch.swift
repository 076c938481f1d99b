extension AuditLogsSimulator {
    /// What batch of events to generate: how many, over which span, how they spread, and how many arrive late.
    public struct EventBatch: Sendable, Hashable {
        /// The number of events of the batch (`0...maximumCount`).
        public var count: Int
        /// The first second of the span, inclusive, in seconds since 1970.
        public var oldest: Int64
        /// The last second of the span, inclusive, in seconds since 1970.
        public var latest: Int64
        /// The seed: the same seed, organization and catalog give identical events.
        public var seed: UInt64
        /// How events spread over the span.
        public var rateProfile: EventRateProfile
        /// The share of events that arrive late (`0...1`): visible only some time after they happened.
        public var lateArrivalFraction: Double
        /// How late a late event arrives, in seconds; the lower bound is at least 1.
        public var lateArrivalDelay: ClosedRange<Int64>

        /// The most events one batch can hold.
        package static let maximumCount = 50_000_000
        /// The range of times the simulator accepts (1970 to the year 3000).
        package static let times: ClosedRange<Int64> = 0...32_503_680_000
        /// The longest span, 100 years.
        package static let maximumSpan: Int64 = 100 * 365 * 86_400

        /// Creates a configuration. By default: 10,000 events spread evenly over the 30 days before 2025-01-01,
        /// none late.
        public init(
            count: Int = 10_000,
            oldest: Int64 = 1_735_689_600 - 30 * 86_400,
            latest: Int64 = 1_735_689_599,
            seed: UInt64 = 0,
            rateProfile: EventRateProfile = .uniform,
            lateArrivalFraction: Double = 0,
            lateArrivalDelay: ClosedRange<Int64> = 30...900
        ) {
            self.count = count
            self.oldest = oldest
            self.latest = latest
            self.seed = seed
            self.rateProfile = rateProfile
            self.lateArrivalFraction = lateArrivalFraction
            self.lateArrivalDelay = lateArrivalDelay
        }

        /// Checks every value.
        /// - Throws: ``SimulationError`` with code ``SimulationError/Code/invalidConfiguration`` naming the first
        ///   value out of range.
        package func validate() throws(SimulationError) {
            guard (0...Self.maximumCount).contains(count) else {
                throw .invalidConfiguration("count is \(count); it must be 0...\(Self.maximumCount).")
            }
            try Self.validateSpan(oldest: oldest, latest: latest)
            try rateProfile.validate()
            guard lateArrivalFraction.isFinite, (0...1).contains(lateArrivalFraction) else {
                throw .invalidConfiguration("lateArrivalFraction is \(lateArrivalFraction); it must be 0...1.")
            }
            guard lateArrivalDelay.lowerBound >= 1, lateArrivalDelay.upperBound <= 365 * 86_400 else {
                throw .invalidConfiguration("lateArrivalDelay is \(lateArrivalDelay); it must lie in 1...31536000.")
            }
        }

        static func validateSpan(oldest: Int64, latest: Int64) throws(SimulationError) {
            guard times.contains(oldest), times.contains(latest), oldest <= latest else {
                throw .invalidConfiguration("The span \(oldest)...\(latest) is empty or outside \(times).")
            }
            guard latest - oldest <= maximumSpan else {
                throw .invalidConfiguration("The span \(oldest)...\(latest) is longer than \(maximumSpan) seconds.")
            }
        }
    }
}
