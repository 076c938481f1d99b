import ArgumentParser
import Foundation

/// A duration: seconds, or a number with s, m, h, d or w (`90s`, `5m`, `6h`, `1d`, `2w`).
///
/// Like ``TimeArgument``, parsing keeps the text and what was wrong with it; ``seconds(for:in:)``, called from a
/// command's `validate()`, throws a message that names the option and the range that option accepts.
struct DurationArgument: ExpressibleByArgument, CustomStringConvertible, Sendable {
    let text: String
    private let parsed: Result<Int64, TimeArgument.Problem>

    init(seconds: Int64) {
        text = Self.shortest(seconds)
        parsed = .success(seconds)
    }

    init(argument: String) {
        text = argument
        parsed = Self.parse(argument)
    }

    /// The accepted forms, for help and error messages.
    static let forms = "seconds, or 90s, 5m, 6h, 1d"

    /// The longest duration read at all: ten years.
    static let maximum: Int64 = 3650 * 86_400

    /// Seconds per unit, for durations and relative times.
    static func scale(of unit: Character) -> Int64? {
        switch unit {
        case "s": 1
        case "m": 60
        case "h": 3600
        case "d": 86_400
        case "w": 7 * 86_400
        default: nil
        }
    }

    static func parse(_ input: String) -> Result<Int64, TimeArgument.Problem> {
        let value = input.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("-") { return .failure(.init(reason: "durations cannot be negative")) }
        var digits = Substring(value)
        var multiplier: Int64 = 1
        if let unit = value.last, let unitScale = scale(of: unit) {
            digits = digits.dropLast()
            multiplier = unitScale
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else {
            return .failure(.init(reason: "this is not a duration"))
        }
        guard let amount = Int64(digits) else { return .failure(.init(reason: "that is longer than ten years")) }
        let (seconds, overflow) = amount.multipliedReportingOverflow(by: multiplier)
        guard !overflow, seconds <= maximum else { return .failure(.init(reason: "that is longer than ten years")) }
        return .success(seconds)
    }

    /// The duration in seconds, or a `ValidationError` that names `option` and says what it accepts.
    func seconds(for option: String, in range: ClosedRange<Int64>, why: String = "") throws -> Int64 {
        let accepted = "\(option) takes \(Self.shortest(range.lowerBound)) to \(Self.shortest(range.upperBound))"
        switch parsed {
        case .failure(let problem):
            throw ValidationError(
                "\(option) \(TimeArgument.shown(text)): \(problem.reason). \(accepted), as \(Self.forms)."
            )
        case .success(let seconds) where !range.contains(seconds):
            throw ValidationError("\(option) \(TimeArgument.shown(text)) is out of range: \(accepted)\(why).")
        case .success(let seconds):
            return seconds
        }
    }

    /// The duration when it parsed, for code that runs after validation.
    var value: Int64? { try? parsed.get() }

    /// The shortest form that reads back as the same duration (`5m`, `6h`): how `--help` shows a default.
    var description: String { text }

    static func shortest(_ seconds: Int64) -> String {
        for (unit, scale) in [("d", Int64(86_400)), ("h", 3600), ("m", 60)] where seconds > 0 && seconds % scale == 0 {
            return "\(seconds / scale)\(unit)"
        }
        return "\(seconds)s"
    }
}
