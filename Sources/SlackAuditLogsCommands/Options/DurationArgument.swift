import ArgumentParser
import Foundation

/// A duration: seconds, or a number with s, m, h or d (`90s`, `5m`, `6h`, `1d`).
struct DurationArgument: ExpressibleByArgument, CustomStringConvertible, Sendable {
    let seconds: Int64

    init(seconds: Int64) { self.seconds = seconds }

    /// The accepted forms, for help and error messages.
    static let forms = "seconds, or 90s, 5m, 6h, 1d"

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        if let value = Int64(text), value >= 0 {
            seconds = value
            return
        }
        guard let unit = text.last, let amount = Int64(text.dropLast()), amount >= 0 else { return nil }
        switch unit {
        case "s": seconds = amount
        case "m": seconds = amount * 60
        case "h": seconds = amount * 3600
        case "d": seconds = amount * 86_400
        default: return nil
        }
    }

    var duration: Duration { .seconds(seconds) }

    /// The shortest form that reads back as the same duration (`5m`, `6h`): how `--help` shows a default.
    var description: String {
        for (unit, scale) in [("d", Int64(86_400)), ("h", 3600), ("m", 60)] where seconds > 0 && seconds % scale == 0 {
            return "\(seconds / scale)\(unit)"
        }
        return "\(seconds)s"
    }
}
