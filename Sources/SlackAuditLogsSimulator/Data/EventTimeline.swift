/// Turns fractions of a span into seconds, following a rate profile: evenly, or weighted by hour of the week.
///
/// Fed fractions in decreasing order, it returns seconds in non-increasing order, which is what lets the generator
/// produce events already sorted newest first. For the weighted case it walks the span's hours downward once, so a
/// whole batch costs O(events + hours).
struct EventTimeline {
    private let oldest: Int64
    private let latest: Int64
    private let isDiurnal: Bool
    private let isGrowing: Bool
    private let offset: Int64
    private let totalMass: Double
    // The hour (clipped to the span) the walk is in, and the mass of the span below it.
    private var chunkStart: Int64
    private var chunkEnd: Int64
    private var chunkWeight: Double
    private var massBelow: Double

    init(oldest: Int64, latest: Int64, profile: EventRateProfile) {
        self.oldest = oldest
        self.latest = latest
        isDiurnal = profile.isDiurnal
        isGrowing = profile.isGrowing
        offset = Int64(profile.utcOffsetHours) * 3_600
        guard profile.isDiurnal else {
            totalMass = Double(latest - oldest + 1)
            chunkStart = oldest
            chunkEnd = latest + 1
            chunkWeight = 1
            massBelow = 0
            return
        }
        var mass = 0.0
        var start = oldest
        while start <= latest {
            let end = min(Self.hourStart(start, offset: offset) + 3_600, latest + 1)
            mass += Self.weight(at: start, offset: offset) * Double(end - start)
            start = end
        }
        totalMass = mass
        chunkEnd = latest + 1
        chunkStart = max(oldest, Self.hourStart(latest, offset: offset))
        chunkWeight = Self.weight(at: chunkStart, offset: offset)
        massBelow = max(mass - chunkWeight * Double(chunkEnd - chunkStart), 0)
    }

    /// The second at `fraction` (in `0...1`) of the span's activity; calls must come with non-increasing fractions.
    mutating func second(atFraction fraction: Double) -> Int64 {
        let span = latest - oldest
        guard isDiurnal else {
            // Growing: the density rises linearly, so the share of events before x is x², and x = √fraction.
            let share = isGrowing ? max(fraction, 0).squareRoot() : fraction
            let position = min(max(share * totalMass, 0), Double(span))
            return oldest + Int64(position)
        }
        let target = fraction * totalMass
        while target < massBelow, chunkStart > oldest {
            chunkEnd = chunkStart
            chunkStart = max(oldest, Self.hourStart(chunkEnd - 1, offset: offset))
            chunkWeight = Self.weight(at: chunkStart, offset: offset)
            massBelow = max(massBelow - chunkWeight * Double(chunkEnd - chunkStart), 0)
        }
        let length = chunkEnd - chunkStart
        let position = min(max((target - massBelow) / chunkWeight, 0), Double(length - 1))
        return chunkStart + Int64(position)
    }

    private static func hourStart(_ second: Int64, offset: Int64) -> Int64 {
        let local = second + offset
        return second - (local % 3_600 + 3_600) % 3_600
    }

    /// The weight of the hour `second` falls in. 1970-01-01 was a Thursday, 72 hours after the week's start.
    private static func weight(at second: Int64, offset: Int64) -> Double {
        let local = second + offset
        let hour = (local - (local % 3_600 + 3_600) % 3_600) / 3_600
        let hourOfWeek = Int(((hour + 72) % 168 + 168) % 168)
        return EventRateProfile.weight(hourOfWeek: hourOfWeek)
    }
}
