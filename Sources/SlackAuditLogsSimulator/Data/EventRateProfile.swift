/// How events spread over time: evenly, in bursts of many events in the same second, following office hours, or
/// growing (an organization that grew: few events at the start of the span, many at its end).
///
/// A struct with static members rather than an enum, so that profiles can be combined and new ones added:
///
/// ```swift
/// .uniform
/// .bursty(burstProbability: 0.002, burstSize: 400)
/// .diurnal.withBursts(probability: 0.001, size: 200)
/// ```
public struct EventRateProfile: Sendable, Hashable {
    /// The probability that an event is part of a burst, in `0...1`: the expected share of events that arrive in
    /// bursts (0.1 puts about a tenth of the events in bursts, the rest spread as the profile says).
    package var burstProbability: Double
    /// The most events a burst puts in one second (a burst holds 2 to this many, evenly); at least 1.
    package var burstSize: Int
    /// Whether activity follows office hours: busy on weekday working hours, quiet at night and on weekends.
    package var isDiurnal: Bool
    /// The offset of the office's local time from UTC, in hours (`-14...14`), for ``isDiurnal``.
    package var utcOffsetHours: Int
    /// Whether activity grows steadily over the span: none at its first second, rising in proportion to the time
    /// since, so that the newest tenth of the span holds about a fifth of the events. Not combined with
    /// ``isDiurnal``.
    package var isGrowing: Bool

    /// Creates a profile.
    package init(
        burstProbability: Double = 0,
        burstSize: Int = 1,
        isDiurnal: Bool = false,
        utcOffsetHours: Int = 0,
        isGrowing: Bool = false
    ) {
        self.burstProbability = burstProbability
        self.burstSize = burstSize
        self.isDiurnal = isDiurnal
        self.utcOffsetHours = utcOffsetHours
        self.isGrowing = isGrowing
    }

    /// Events spread evenly over the span, independently of each other.
    public static let uniform = EventRateProfile()

    /// An organization that grew: activity rising steadily from the start of the span to its end.
    public static let growing = EventRateProfile(isGrowing: true)

    /// Office hours in UTC: weekdays 9:00–18:00 busiest, nights and weekends quiet.
    public static let diurnal = EventRateProfile(isDiurnal: true)

    /// Evenly spread events, a share `burstProbability` of them in bursts of 2 to `burstSize` events within one
    /// second (a bulk operation, an export, a script).
    public static func bursty(burstProbability: Double = 0.1, burstSize: Int = 400) -> EventRateProfile {
        EventRateProfile(burstProbability: burstProbability, burstSize: burstSize)
    }

    /// Office hours at `utcOffsetHours` from UTC.
    public static func diurnal(utcOffsetHours: Int) -> EventRateProfile {
        EventRateProfile(isDiurnal: true, utcOffsetHours: utcOffsetHours)
    }

    /// This profile with bursts added.
    public func withBursts(probability: Double, size: Int) -> EventRateProfile {
        var profile = self
        profile.burstProbability = probability
        profile.burstSize = size
        return profile
    }

    /// Checks every value.
    /// - Throws: ``SimulationError`` with code ``SimulationError/Code/invalidConfiguration`` naming the first
    ///   value out of range.
    package func validate() throws(SimulationError) {
        guard burstProbability.isFinite, (0...1).contains(burstProbability) else {
            throw .invalidConfiguration("burstProbability is \(burstProbability); it must be 0...1.")
        }
        guard (1...100_000).contains(burstSize) else {
            throw .invalidConfiguration("burstSize is \(burstSize); it must be 1...100000.")
        }
        guard (-14...14).contains(utcOffsetHours) else {
            throw .invalidConfiguration("utcOffsetHours is \(utcOffsetHours); it must be -14...14.")
        }
        guard !(isGrowing && isDiurnal) else {
            throw .invalidConfiguration("isGrowing and isDiurnal cannot be combined; choose one.")
        }
    }

    /// The number of events in the next time slot: 1, or 2...burstSize for a burst.
    ///
    /// A slot is a burst with probability q chosen so that the expected share of events in bursts is
    /// ``burstProbability``: with a mean burst size m, that share is qm / (1 − q + qm), so q = p / (m − p(m − 1)).
    func slotSize(using random: inout SimulationRandom) -> Int {
        guard burstSize > 1, burstProbability > 0 else { return 1 }
        let meanSize = Double(2 + burstSize) / 2
        let slotProbability = burstProbability / (meanSize - burstProbability * (meanSize - 1))
        guard random.chance(slotProbability) else { return 1 }
        return 2 + random.below(burstSize - 1)
    }

    /// The relative activity in an hour of the week (0 = Monday 00:00 local time).
    static func weight(hourOfWeek: Int) -> Double {
        let day = hourOfWeek / 24
        let hour = hourOfWeek % 24
        let daily: Double
        switch hour {
        case 0..<6: daily = 0.08
        case 6..<8: daily = 0.3
        case 8..<9: daily = 0.7
        case 12..<13: daily = 0.75
        case 9..<18: daily = 1.0
        case 18..<21: daily = 0.4
        default: daily = 0.15
        }
        return day >= 5 ? daily * 0.15 : daily
    }
}
