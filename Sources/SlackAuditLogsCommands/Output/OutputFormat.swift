import ArgumentParser

/// How `logs`, `actions` and `schemas` print.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json, ndjson, csv

    /// Table on a terminal, NDJSON when piped.
    static func resolve(_ format: OutputFormat?) -> OutputFormat {
        format ?? (Terminal.standardOutputIsTerminal ? .table : .ndjson)
    }
}
