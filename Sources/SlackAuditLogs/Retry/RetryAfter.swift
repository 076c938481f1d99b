/// Reads a `Retry-After` header: either delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
package enum RetryAfter {
    /// The delay the header asks for, or `nil` when the header is absent or unreadable.
    ///
    /// - Parameters:
    ///   - value: the header's value.
    ///   - now: the current time in seconds since 1970, to turn a date into a delay. A date in the past gives zero.
    package static func parse(_ value: String?, now: Double) -> Duration? {
        guard let value = value?.trimmingWhitespace(), !value.isEmpty else { return nil }
        if value.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            // A huge number of seconds saturates instead of overflowing.
            guard let seconds = Int64(value) else { return .seconds(Int64.max / 1_000_000_000_000) }
            return .seconds(seconds)
        }
        if let fraction = Double(value), fraction.isFinite, fraction >= 0 {
            return .milliseconds(Int64(min(fraction, 1e12) * 1000))
        }
        guard let date = HTTPDate.parse(value) else { return nil }
        let delay = Double(date) - now
        return delay > 0 ? .milliseconds(Int64(delay * 1000)) : .zero
    }
}

/// Parses the three date formats HTTP allows: IMF-fixdate, RFC 850 and asctime.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Seconds since 1970 for a date such as `Sun, 06 Nov 1994 08:49:37 GMT`, or `nil`.
    static func parse(_ text: String) -> Int64? {
        // Normalise separators so that all three formats split into the same kinds of parts.
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        var day: Int64?
        var month: Int64?
        var year: Int64?
        var time: (Int64, Int64, Int64)?
        for part in parts.dropFirst() {
            if part.contains(":") {
                let fields = part.split(separator: ":").compactMap { Int64($0) }
                guard fields.count == 3 else { return nil }
                time = (fields[0], fields[1], fields[2])
            } else if let index = months.firstIndex(of: part.lowercased()) {
                month = Int64(index + 1)
            } else if let number = Int64(part) {
                if day == nil, part.count <= 2 {
                    day = number
                } else {
                    year = part.count == 2 ? (number < 70 ? 2000 + number : 1900 + number) : number
                }
            } else if part.uppercased() != "GMT" && part.uppercased() != "UTC" {
                return nil
            }
        }
        guard let day, let month, let year, let (hour, minute, second) = time,
            (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        return daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
