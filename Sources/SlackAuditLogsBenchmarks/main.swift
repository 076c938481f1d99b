// Benchmarks for slack-audit-logs. Run in release mode:
//
//     swift run -c release slack-audit-logs-benchmarks [iterations]
//
// Prints the median of several runs for each measurement. Figures go in BENCHMARKS.md.
import SlackAuditLogs

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let iterations = max(Int(CommandLine.arguments.dropFirst().first ?? "") ?? 7, 1)

/// Runs `body` once to warm up, then `iterations` times, and returns the median duration.
func median(_ body: () throws -> Void) rethrows -> Duration {
    try body()
    var durations: [Duration] = []
    for _ in 0..<iterations {
        let start = ContinuousClock.now
        try body()
        durations.append(ContinuousClock.now - start)
    }
    return durations.sorted()[durations.count / 2]
}

func seconds(_ duration: Duration) -> Double {
    let (whole, fraction) = duration.components
    return Double(whole) + Double(fraction) / 1e18
}

func report(_ name: String, bytes: Int, entries: Int, duration: Duration) {
    let time = seconds(duration)
    let megabytesPerSecond = Double(bytes) / 1_000_000 / time
    let entriesPerSecond = Double(entries) / time
    let line =
        name.padding(toLength: 34, withPad: " ", startingAt: 0)
        + " \(String(format: "%8.1f", megabytesPerSecond)) MB/s"
        + " \(String(format: "%12.0f", entriesPerSecond)) entries/s"
        + " \(String(format: "%8.2f", time * 1000)) ms"
    print(line)
}

func format(_ format: String, _ value: Double) -> String {
    String(format: format, value)
}

let entryCount = 9999
let json = SamplePage.page(entries: entryCount, seed: 42)
let bytes = json.jsonBytes()
print("slack-audit-logs decode benchmarks: \(entryCount) entries, \(bytes.count) bytes, median of \(iterations) runs")

var sink = 0
let parse = try median {
    let value = try JSONValue(parsing: bytes)
    sink &+= value["entries"]?.arrayValue?.count ?? 0
}
report("parse to JSONValue", bytes: bytes.count, entries: entryCount, duration: parse)

let typed = try median {
    let page = try LogsResponse(parsing: bytes)
    sink &+= page.entries.count
}
report("typed decode (LogsResponse)", bytes: bytes.count, entries: entryCount, duration: typed)

let typedThroughTree = try median {
    let value = try JSONValue(parsing: bytes)
    let page = LogsResponse(jsonValue: value)
    sink &+= page?.entries.count ?? 0
}
report("typed decode via JSONValue tree", bytes: bytes.count, entries: entryCount, duration: typedThroughTree)

let roundTrip = try median {
    let page = try LogsResponse(parsing: bytes)
    sink &+= page.jsonValue.jsonBytes().count
}
report("typed decode + re-encode", bytes: bytes.count, entries: entryCount, duration: roundTrip)

let page = LogsResponse(jsonValue: json)
let encode = median {
    sink &+= page?.jsonValue.jsonBytes().count ?? 0
}
report("encode only (LogsResponse → bytes)", bytes: bytes.count, entries: entryCount, duration: encode)
print("(checksum \(sink))")
