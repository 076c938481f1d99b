// The fuzz targets: what every input must satisfy, whatever the bytes. Built with
// `-sanitize=fuzzer,address -D FUZZING` by Fuzz/run.sh for libFuzzer; built plainly (as `swift build` does) it is a
// replayer that runs the targets over files, so that the corpus is checked by CI without the fuzzer.

@testable import SlackAuditLogs
@testable import SlackAuditLogsCollector
@testable import SlackAuditLogsCommands

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stops the process with a message when an invariant fails: libFuzzer then saves the input that broke it.
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    guard !condition else { return }
    print("FUZZ INVARIANT BROKEN: \(message())")
    abort()
}

enum FuzzTargets {
    static let names = ["json", "models", "scanner", "checkpoint", "times", "serve-config"]

    static func run(_ target: String, _ bytes: [UInt8]) {
        switch target {
        case "json": json(bytes)
        case "models": models(bytes)
        case "scanner": scanner(bytes)
        case "checkpoint": checkpoint(bytes)
        case "times": times(bytes)
        case "serve-config": serveConfiguration(bytes)
        default: require(false, "unknown target \(target); targets: \(names)")
        }
    }

    /// Any input: parsed or refused, never a crash; what parses writes back to an equal value.
    static func json(_ bytes: [UInt8]) {
        guard let value = try? JSONValue(parsing: bytes) else { return }
        let written = value.jsonBytes()
        require(
            (try? JSONValue(parsing: written)) == value,
            "JSON round trip: \(String(decoding: bytes, as: UTF8.self))"
        )
    }

    /// The typed models are lossless: a page or an entry writes back to the JSON it was read from.
    static func models(_ bytes: [UInt8]) {
        let value = try? JSONValue(parsing: bytes)
        if let page = try? LogsResponse(parsing: bytes) {
            require(value != nil, "a page the generic parser refuses")
            require(page.jsonValue == value, "page round trip: \(String(decoding: bytes, as: UTF8.self))")
        }
        if let entry = try? AuditLogEntry(parsing: bytes) {
            require(entry.jsonValue == value, "entry round trip: \(String(decoding: bytes, as: UTF8.self))")
        }
    }

    /// The scanner agrees with the typed reader, and every slice it finds is one entry on its own, in order, inside the
    /// body.
    static func scanner(_ bytes: [UInt8]) {
        let raw = try? RawLogsPage(body: bytes)
        let typed = try? LogsResponse(parsing: bytes)
        require(
            (raw == nil) == (typed == nil),
            "scanner and parser disagree: \(String(decoding: bytes, as: UTF8.self))"
        )
        guard let raw, let typed else { return }
        require(raw.entries.count == typed.entries.count, "entry counts differ")
        require(raw.nextCursor == typed.nextCursor, "cursors differ")
        var end = 0
        for (slice, entry) in zip(raw.entries, typed.entries) {
            require(slice.bytes.startIndex >= end && slice.bytes.endIndex <= bytes.count, "a slice out of order")
            end = slice.bytes.endIndex
            guard let alone = try? RawLogEntry(parsing: Array(slice.bytes)) else {
                require(false, "a slice does not parse alone")
                return
            }
            require(alone.id == slice.id && alone.dateCreate == slice.dateCreate, "a slice reads differently alone")
            require(alone.id == entry.id && alone.dateCreate == entry.dateCreate, "raw and typed entries differ")
        }
    }

    /// The checkpoint loader refuses what it cannot use; what it accepts writes back the same, and the collector's
    /// planning on it never traps.
    static func checkpoint(_ bytes: [UInt8]) {
        guard let checkpoint = try? Checkpoint(json: bytes, path: "fuzz.json") else { return }
        require(
            (try? Checkpoint(json: checkpoint.jsonBytes, path: "again.json")) == checkpoint,
            "checkpoint round trip"
        )
        var state = CollectionState(
            checkpoint: checkpoint,
            settings: WindowPlanner.Settings(workers: 4, pageLimit: 9999),
            recheckSeconds: 366 * 86_400,
            ledger: DeliveryLedger(replay: checkpoint.replayIDs, remembersRecent: true),
            summary: CollectionSummary(),
            outputSize: checkpoint.outputOffset
        )
        state.beginRound(target: Checkpoint.validTimes.upperBound)
        for _ in 0..<8 { _ = state.assign(idleWorkers: 4) }
        _ = state.recheckRange
        _ = state.remainingSeconds
        _ = state.completeUntil
        _ = state.checkpoint(outputSize: checkpoint.outputOffset, now: Checkpoint.validTimes.upperBound)
    }

    /// Times and durations as the CLI reads them: a value in range or a refusal, never an overflow.
    static func times(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        for now in [Int64(0), 1_750_000_000, TimeArgument.range.upperBound] {
            if case .success(let seconds) = TimeArgument.parse(text, now: now) {
                require(TimeArgument.range.contains(seconds), "a time out of range: \(text)")
            }
        }
        if case .success(let seconds) = DurationArgument.parse(text) {
            require((0...DurationArgument.maximum).contains(seconds), "a duration out of range: \(text)")
        }
        _ = SlackAuditLogsCommand.joiningNegativeValues(text.split(separator: " ").map(String.init))
        _ = TokenPattern.scrub(text)
    }

    /// `serve`'s configuration reader: any text is read or refused with a message, never a crash; what is read
    /// holds only valid settings, and no message repeats a value that looks like a token.
    static func serveConfiguration(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            let configuration = try ServeConfiguration.parse(text, path: "fuzz.yaml")
            require(!configuration.organizations.isEmpty, "a configuration without organizations")
            for organization in configuration.organizations {
                require((1...1_000_000).contains(organization.ratePerMinute), "a rate out of range")
                require(organization.pollStaleAfter > organization.pollInterval, "a stale threshold too short")
                require(Set(organization.sinks.map(\.name)).count == organization.sinks.count, "two sinks, one name")
            }
            require(
                Set(configuration.organizations.map(\.name)).count == configuration.organizations.count,
                "two organizations, one name"
            )
        } catch {
            require(!TokenPattern.appears(in: error.description), "a token-like value in a message: \(error)")
        }
    }
}
