import ArgumentParser
import Foundation

/// A point in time given as unix seconds, an ISO 8601 date or date-time, `now`, or a relative form (`90s`, `30m`,
/// `24h`, `7d`, `2w`: that long ago).
struct TimeArgument: ExpressibleByArgument, Sendable {
    /// Seconds since 1970.
    let seconds: Int64

    init(seconds: Int64) { self.seconds = seconds }

    init?(argument: String) {
        guard let seconds = Self.parse(argument, now: Int64(Date().timeIntervalSince1970)) else { return nil }
        self.seconds = seconds
    }

    static var defaultCompletionKind: CompletionKind { .default }

    /// The accepted forms, for help and error messages.
    static let forms = "unix seconds, an ISO 8601 date (2024-05-01 or 2024-05-01T12:00:00Z), now, or 30m, 24h, 7d ago"

    static func parse(_ text: String, now: Int64) -> Int64? {
        let value = text.trimmingCharacters(in: .whitespaces)
        if value.lowercased() == "now" { return now }
        if let seconds = Int64(value), seconds >= 0 { return seconds }
        if let unit = value.last, let amount = Int64(value.dropLast()), amount >= 0 {
            let scale: Int64?
            switch unit {
            case "s": scale = 1
            case "m": scale = 60
            case "h": scale = 3600
            case "d": scale = 86_400
            case "w": scale = 7 * 86_400
            default: scale = nil
            }
            if let scale { return now - amount * scale }
        }
        let withTime = ISO8601DateFormatter()
        withTime.formatOptions = [.withInternetDateTime]
        if let date = withTime.date(from: value) { return Int64(date.timeIntervalSince1970) }
        withTime.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withTime.date(from: value) { return Int64(date.timeIntervalSince1970) }
        let dateOnly = ISO8601DateFormatter()
        dateOnly.formatOptions = [.withFullDate]
        if let date = dateOnly.date(from: value) { return Int64(date.timeIntervalSince1970) }
        return nil
    }
}

/// Seconds since 1970 as UTC ISO 8601.
func iso8601(_ seconds: Int64) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
}
