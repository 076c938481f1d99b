import ArgumentParser
import Foundation

/// A point in time given as unix seconds, an ISO 8601 date or date-time, `now`, or a relative form (`90s`, `30m`,
/// `24h`, `7d`, `2w`: that long ago).
///
/// Parsing never fails at the argument parser: the text is kept with what was wrong with it, and ``seconds(for:)``,
/// called from a command's `validate()`, throws a message that names the option, what was wrong and what is
/// accepted. (A failed `init?(argument:)` only lets the parser say "invalid value".)
struct TimeArgument: ExpressibleByArgument, Sendable {
    /// What was typed.
    let text: String
    private let parsed: Result<Int64, Problem>

    /// Why a time was refused.
    struct Problem: Error, Sendable, Hashable {
        let reason: String
    }

    init(seconds: Int64) {
        text = String(seconds)
        parsed = .success(seconds)
    }

    init(argument: String) {
        text = argument
        parsed = Self.parse(argument, now: Int64(Date().timeIntervalSince1970))
    }

    static var defaultCompletionKind: CompletionKind { .default }

    /// The accepted forms, for help and error messages.
    static let forms = "unix seconds, an ISO 8601 date (2024-05-01 or 2024-05-01T12:00:00Z), now, or 30m, 24h, 7d ago"

    /// The times accepted: 1970 to the year 3000, which keeps every later computation far from overflowing.
    static let range: ClosedRange<Int64> = 0...32_503_680_000

    /// The time, or a `ValidationError` that names `option` and says what is accepted.
    func seconds(for option: String) throws -> Int64 {
        switch parsed {
        case .success(let seconds): return seconds
        case .failure(let problem):
            throw ValidationError("\(option) \(Self.shown(text)): \(problem.reason). Accepted: \(Self.forms).")
        }
    }

    /// The time when it parsed, for code that runs after validation.
    var value: Int64? { try? parsed.get() }

    static func parse(_ input: String, now: Int64) -> Result<Int64, Problem> {
        let value = input.trimmingCharacters(in: .whitespaces)
        if value.isEmpty { return .failure(Problem(reason: "the time is empty")) }
        if value.lowercased() == "now" { return .success(now) }
        if value.hasPrefix("-"), value.dropFirst().first?.isNumber == true {
            return .failure(
                Problem(reason: "times cannot be negative; for a time in the past write how long ago, such as 5s or 7d")
            )
        }
        if value.allSatisfy(\.isASCIIDigit) {
            guard let seconds = Int64(value), range.contains(seconds) else {
                return .failure(Problem(reason: "unix seconds must be from 0 to \(range.upperBound) (the year 3000)"))
            }
            return .success(seconds)
        }
        if let unit = value.last, let scale = DurationArgument.scale(of: unit),
            value.dropLast().allSatisfy(\.isASCIIDigit),
            !value.dropLast().isEmpty
        {
            guard let amount = Int64(value.dropLast()) else {
                return .failure(Problem(reason: "that is further back than 1970"))
            }
            let (ago, overflow) = amount.multipliedReportingOverflow(by: scale)
            guard !overflow, ago <= now else { return .failure(Problem(reason: "that is further back than 1970")) }
            return .success(now - ago)
        }
        let withTime = ISO8601DateFormatter()
        withTime.formatOptions = [.withInternetDateTime]
        var date = withTime.date(from: value)
        if date == nil {
            withTime.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            date = withTime.date(from: value)
        }
        if date == nil {
            let dateOnly = ISO8601DateFormatter()
            dateOnly.formatOptions = [.withFullDate]
            date = dateOnly.date(from: value)
        }
        guard let date else { return .failure(Problem(reason: "this is not a time")) }
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds >= Double(range.lowerBound), seconds <= Double(range.upperBound) else {
            return .failure(Problem(reason: "dates must be from 1970 to the year 3000"))
        }
        return .success(Int64(seconds))
    }

    /// The typed text for a message: quoted, cut short when long, never a token.
    static func shown(_ text: String) -> String {
        if TokenPattern.appears(in: text) { return "(a value that looks like a token, not shown)" }
        let clipped = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "\"\(clipped)\""
    }
}

extension Character {
    /// `0` to `9`, and nothing else (`isNumber` also accepts other scripts' digits and fractions).
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// Seconds since 1970 as UTC ISO 8601.
func iso8601(_ seconds: Int64) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
}
